"""The weekly triage of the demo: decisions at the Tuesday sessions, and informing the subject.

``session_times`` puts a case's triage step and its outcome on a Tuesday session (used by
``cases``, without drawing random numbers, so the rest of the casework is unchanged);
``triage_build`` and ``informing_build`` then give the decisions and the informing as plain
data. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from veilig.cases.vocabulary import Status, Theme
from veilig.consultations.vocabulary import TriageOutcome
from veilig.demo.generator import consultations_texts as texts
from veilig.demo.generator.casework import COORDINATOR, TZ, CasePlan, StepPlan, _between, _pick
from veilig.demo.generator.tables import TABLES

S = Status
_O = TriageOutcome
_CUTOFF = dt.time(12, 0)  # registrations before Monday noon go to that Tuesday
# Radicalisation: the weegploeg decides through the process director who represents the
# radicalisation table (only process direction decides in triage; ``access.meetings``).
WEEGPLOEG = COORDINATOR
if WEEGPLOEG not in next(t for t in TABLES if t.theme == Theme.RADICALISATION).representatives:
    raise ValueError(WEEGPLOEG)  # pragma: no cover - the covenant says who may see these cases
_INFORMED_TABLES = frozenset(t.code for t in TABLES if t.subject_informed)
_OUTCOMES = frozenset({S.ACCEPTED, S.BILATERAL, S.LOCAL, S.NOT_ACCEPTED})
GENERAL: dict[Status, TriageOutcome] = {
    S.ACCEPTED: _O.ACCEPT,
    S.BILATERAL: _O.BILATERAL,
    S.LOCAL: _O.LOCAL,
    S.NOT_ACCEPTED: _O.NOT_ACCEPTED,
}
# The weegploeg has no local route: the casework never sends a radicalisation case there.
WEEGPLOEG_OUTCOME: dict[Status, TriageOutcome] = {
    S.ACCEPTED: _O.ZVH_TABLE,
    S.BILATERAL: _O.CRIMINAL_LAW,
    S.NOT_ACCEPTED: _O.NO_ACTION,
}
POSTPONE_SHARE = 0.07
POSTPONE_SHARE_RECENT = 0.3  # accepted in the last RECENT_DAYS: more still postponed
RECENT_DAYS = 120


def session_of(moment: dt.datetime) -> dt.date:
    """The Tuesday of the triage session a registration at ``moment`` belongs to (the rule of
    ``consultations.services.triage.triage_session_of``, in the demo's time zone)."""
    local = moment.astimezone(TZ)
    monday = local.date() - dt.timedelta(days=local.weekday())
    cutoff = dt.datetime.combine(monday, _CUTOFF, tzinfo=TZ)
    tuesday = monday + dt.timedelta(days=1)
    return tuesday if local < cutoff else tuesday + dt.timedelta(days=7)


def _at(day: dt.date, minutes: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=TZ)
    return local.astimezone(dt.UTC)


def session_times(
    steps: list[StepPlan], *, limit: dt.datetime, weegploeg: bool = False
) -> list[StepPlan]:
    """The triage outcome on the session of the week it was decided in (the latest Tuesday on
    or before the drawn day, at least the registration's session), between 10:00 and 12:00;
    the triage step at 09:00 that day when it was later (for the weegploeg, whose later
    decisions follow "more information" a week before, at 09:00 that earlier day). ``limit``
    is when the next step (or the end of the history) comes. Steps that do not fit stay as
    drawn."""
    if len(steps) < 3 or steps[1].to_status != S.TRIAGE or steps[2].to_status not in _OUTCOMES:
        return steps
    first = session_of(steps[0].at)
    drawn = steps[2].at.astimezone(TZ)
    day = drawn.date() - dt.timedelta(days=(drawn.weekday() - 1) % 7)
    day = max(day, first)
    # No random draw: the minute comes from the drawn moment, so the stream is unchanged.
    outcome_at = _at(day, 10 * 60 + drawn.minute + 60 * (drawn.hour % 2))
    queued = day - dt.timedelta(days=7) if weegploeg and day > first else day
    triage_at = min(steps[1].at, _at(queued, 9 * 60))
    if not steps[0].at < triage_at < outcome_at < limit:
        return steps
    return [
        steps[0],
        replace(steps[1], at=triage_at),
        replace(steps[2], at=outcome_at),
        *steps[3:],
    ]


@dataclass(frozen=True)
class TriageDecisionPlan:
    case: int  # index into the casework's cases
    outcome: TriageOutcome
    table: str | None
    reason: str
    decided_by: str
    decided_at: dt.datetime
    session: dt.date


@dataclass(frozen=True)
class InformingPlan:
    case: int
    informed_on: dt.date | None
    postponed_reason: str
    review_on: dt.date | None
    recorded_by: str
    recorded_at: dt.datetime


def triage_build(
    *, rng: np.random.Generator, cases: tuple[CasePlan, ...], anchor: dt.datetime
) -> list[TriageDecisionPlan]:
    """One decision for every case that went through triage, at its session; a radicalisation
    case decided a week (or more) after its first session first got "more information"."""
    decisions = []
    for index, case in enumerate(cases):
        if len(case.steps) < 2 or case.steps[1].to_status != S.TRIAGE:
            continue
        radicalisation = case.theme == Theme.RADICALISATION
        first = session_of(case.registered_at)
        by = WEEGPLOEG if radicalisation else COORDINATOR
        if len(case.steps) < 3:  # still in triage: the weegploeg may have asked for more
            latest = _latest_session(first, case.steps[1].at, anchor)
            if radicalisation and latest is not None:
                decisions.append(_more_information(rng, index, case, latest, by))
            continue
        step = case.steps[2]
        decided = step.at.astimezone(TZ)
        on_tuesday = decided.weekday() == 1 and decided.hour >= 10
        session = max(decided.date(), first) if on_tuesday else first
        if radicalisation and session > first:
            earlier = session - dt.timedelta(days=7)
            decisions.append(_more_information(rng, index, case, earlier, by))
        outcome = (WEEGPLOEG_OUTCOME if radicalisation else GENERAL)[step.to_status]
        table = case.table if step.to_status == S.ACCEPTED else None
        decisions.append(
            TriageDecisionPlan(index, outcome, table, step.reason or _reason(rng, outcome),
                               by, step.at, session)
        )  # fmt: skip
    return decisions


def _latest_session(first: dt.date, after: dt.datetime, anchor: dt.datetime) -> dt.date | None:
    """The last session before the end of the history at which the case was in triage."""
    last_day = anchor.astimezone(TZ).date() - dt.timedelta(days=1)
    day = last_day - dt.timedelta(days=(last_day.weekday() - 1) % 7)
    if day < first or _at(day, 10 * 60) <= after or _at(day, 10 * 60) >= anchor:
        return None
    return day


def _more_information(
    rng: np.random.Generator, index: int, case: CasePlan, session: dt.date, by: str
) -> TriageDecisionPlan:
    at = max(_at(session, 10 * 60), case.steps[1].at + dt.timedelta(minutes=1))
    reason = _pick(rng, texts.MORE_INFORMATION_REASONS)
    return TriageDecisionPlan(index, _O.MORE_INFORMATION, None, reason, by, at, session)


def _reason(rng: np.random.Generator, outcome: TriageOutcome) -> str:
    if outcome == _O.ZVH_TABLE:
        return _pick(rng, texts.ZVH_TABLE_REASONS)
    if outcome == _O.CRIMINAL_LAW:
        return _pick(rng, texts.CRIMINAL_LAW_REASONS)
    if outcome == _O.NO_ACTION:
        return _pick(rng, texts.NO_ACTION_REASONS)
    return _pick(rng, texts.ACCEPT_REASONS)


def informing_build(
    *, rng: np.random.Generator, cases: tuple[CasePlan, ...], anchor: dt.datetime
) -> list[InformingPlan]:
    """Accepted cases of tables that inform the subject: mostly informed within weeks; some
    postponed with a reason and a review date (the oldest one with its review date passed)."""
    today = anchor.astimezone(TZ).date()
    plans: list[InformingPlan] = []
    postponed: list[int] = []
    for index, case in enumerate(cases):
        if case.table not in _INFORMED_TABLES:
            continue
        accepted = next(s.at for s in case.steps if s.to_status == S.ACCEPTED)
        end = case.active_until
        recent = (anchor - accepted).days < RECENT_DAYS
        share = POSTPONE_SHARE_RECENT if recent else POSTPONE_SHARE
        if rng.random() < share:
            recorded = _between(rng, accepted, min(accepted + dt.timedelta(days=7), end))
            review = recorded.astimezone(TZ).date() + dt.timedelta(days=int(rng.integers(21, 91)))
            reason = _pick(rng, texts.POSTPONED_REASONS)
            if review >= today - dt.timedelta(days=14):
                postponed.append(len(plans))
                plans.append(InformingPlan(index, None, reason, review, COORDINATOR, recorded))
                continue
            # Reviewed long ago: the subject was informed after the review.
            accepted = _at(review, 9 * 60)
            if accepted >= end:
                continue
        informed = _between(rng, accepted, min(accepted + dt.timedelta(days=35), end))
        plans.append(
            InformingPlan(index, informed.astimezone(TZ).date(), "", None, COORDINATOR, informed)
        )
    _one_review_passed(plans, postponed, today)
    return plans


def _one_review_passed(plans: list[InformingPlan], postponed: list[int], today: dt.date) -> None:
    """The oldest postponement waits for its review: its date lies a few days back."""
    if not postponed:
        return
    oldest = min(postponed, key=lambda i: plans[i].recorded_at)
    plan = plans[oldest]
    review = max(today - dt.timedelta(days=5), plan.recorded_at.astimezone(TZ).date()
                 + dt.timedelta(days=1))  # fmt: skip
    if review < today:
        plans[oldest] = replace(plan, review_on=review)
