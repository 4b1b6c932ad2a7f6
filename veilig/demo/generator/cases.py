"""The demo cases themselves: status history, participants, contributions, plan, actions and
documents, laid out along each case's path through the workflow. Pure: no database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

import numpy as np

from veilig.cases.models import ParticipantRole
from veilig.cases.vocabulary import ActionStatus, Scope, Status, Theme
from veilig.demo.generator import casework_texts as texts
from veilig.demo.generator.casework import (
    COORDINATOR,
    CRITERIA,
    DOCUMENT_SHARE,
    EXTRA_OWNERS,
    ORG_LOGIN,
    ORG_SOURCES,
    POOLS,
    REGISTRANTS,
    SCOPE_WEIGHTS,
    TZ,
    ActionPlan,
    CasePlan,
    ContributionPlan,
    DocumentPlan,
    ParticipantPlan,
    StepPlan,
    _between,
    _Draft,
    _fill,
    _moment,
    _pick,
    _weighted,
)
from veilig.demo.generator.persons import People
from veilig.demo.generator.tables import TABLE_FOR_THEME
from veilig.demo.generator.triage import session_times

S = Status
GEMEENTE = "vbs-gemeente"
_ENDED = frozenset({S.CLOSED, S.NOT_ACCEPTED})


def cases_build(
    *,
    rng: np.random.Generator,
    drafts: list[_Draft],
    people: People,
    stadsdeel_of: Callable[[int], str],
    anchor: dt.datetime,
) -> list[CasePlan]:
    """One case per draft (drafts ordered by registration day)."""
    numbers: Counter[int] = Counter()
    cases = []
    for index, draft in enumerate(drafts):
        year = draft.days[0].year
        numbers[year] += 1
        reference = f"ZVH-{year}-{numbers[year]:05d}"
        address = people.case_address[index]
        case = _case(
            rng,
            draft,
            reference=reference,
            person=people.case_person[index],
            stadsdeel=stadsdeel_of(address) if address is not None else None,
            anchor=anchor,
        )
        _participants(rng, case, draft)
        _contributions(rng, case)
        _plan_and_actions(rng, case, draft, anchor)
        _documents(rng, case)
        cases.append(case)
    return cases


def _case(
    rng: np.random.Generator,
    draft: _Draft,
    *,
    reference: str,
    person: int,
    stadsdeel: str | None,
    anchor: dt.datetime,
) -> CasePlan:
    theme = draft.theme
    registrant = _pick(rng, REGISTRANTS[theme])
    steps: list[StepPlan] = []
    previous = ""
    for status, day in zip(draft.path, draft.days, strict=True):
        steps.append(
            StepPlan(
                from_status=previous,
                to_status=status,
                at=_moment(rng, day),
                by=ORG_LOGIN[registrant] if not previous else COORDINATOR,
                reason=_step_reason(rng, status, previous),
            )
        )
        previous = status
    # The triage outcome on its Tuesday session (no random draw: the stream is unchanged).
    limit = steps[3].at if len(steps) > 3 else anchor
    steps = session_times(steps, limit=limit, weegploeg=theme == Theme.RADICALISATION)
    odds = CRITERIA[theme]
    criteria = [bool(rng.random() < p) for p in odds]
    if not any(criteria):
        criteria[int(np.argmax(odds))] = True
    final = draft.path[-1]
    decision = [s.reason for s in steps if s.to_status in (S.NOT_ACCEPTED, S.STEPPED_DOWN)]
    closed = steps[-1] if final == S.CLOSED else None
    return CasePlan(
        reference=reference,
        person=person,
        theme=theme,
        status=final,
        registering_organisation=registrant,
        registered_by=ORG_LOGIN[registrant],
        registered_at=steps[0].at,
        stadsdeel=stadsdeel,
        reason=_pick(rng, texts.REASONS[theme]),
        criteria=(criteria[0], criteria[1], criteria[2], criteria[3]),
        table=TABLE_FOR_THEME[theme] if S.ACCEPTED in draft.path else None,
        decision_reason=decision[-1] if decision else "",
        outcome=closed.reason if closed else "",
        closed_at=closed.at if closed else None,
        updated_at=steps[-1].at,
        steps=tuple(steps),
        active_until=steps[-1].at if final in _ENDED else anchor,
    )


def _step_reason(rng: np.random.Generator, status: Status, previous: str) -> str:
    if status == S.NOT_ACCEPTED:
        return _pick(rng, texts.NOT_ACCEPTED_REASONS)
    if status == S.BILATERAL:
        return _pick(rng, texts.BILATERAL_NOTES)
    if status == S.LOCAL:
        return _pick(rng, texts.LOCAL_NOTES)
    if status == S.STEPPED_DOWN:
        return _pick(rng, texts.STEP_DOWN_REASONS)
    if status == S.CLOSED:
        return _pick(rng, texts.OUTCOMES)
    if status == S.PLAN and previous == S.MONITORING:
        return "Terugval; het plan van aanpak is bijgesteld."
    return ""


def _participants(rng: np.random.Generator, case: CasePlan, draft: _Draft) -> None:
    registrant = case.registering_organisation
    case.participants.append(
        ParticipantPlan(registrant, ParticipantRole.REGISTRANT, case.registered_by,
                        case.registered_at)
    )  # fmt: skip
    if case.status == S.REGISTERED:
        return  # the weegploeg has not invited anyone yet
    pool = [org for org in POOLS[case.theme] if org != registrant]
    wanted = min(int(rng.integers(2, 6)), len(pool) + 1) - 1
    chosen = [pool[int(i)] for i in rng.choice(len(pool), size=wanted, replace=False)]
    if S.ACCEPTED in draft.path and GEMEENTE not in chosen and registrant != GEMEENTE:
        # Process direction takes part in every case at a table (it owns the plan).
        if len(chosen) < 4:
            chosen.append(GEMEENTE)
        else:
            chosen[-1] = GEMEENTE
    triage = case.steps[1]
    stop = case.steps[2].at if len(case.steps) > 2 else case.active_until
    for org in chosen:
        role = ParticipantRole.INFORMANT if rng.random() < 0.1 else ParticipantRole.PARTICIPANT
        case.participants.append(
            ParticipantPlan(org, role, COORDINATOR, _between(rng, triage.at, stop))
        )


def _scope(rng: np.random.Generator) -> Scope:
    return _weighted(rng, SCOPE_WEIGHTS)  # type: ignore[return-value]


def _contributions(rng: np.random.Generator, case: CasePlan) -> None:
    if case.status == S.REGISTERED:
        count = int(rng.integers(0, 2))
    elif case.status == S.TRIAGE:
        count = int(rng.integers(1, 3))
    else:
        count = int(rng.integers(2, 6))
    for _ in range(count):
        if rng.random() < 0.35:
            participant = case.participants[0]
        else:
            participant = case.participants[int(rng.integers(len(case.participants)))]
        org = participant.organisation
        category, basis = ORG_SOURCES[org][int(rng.integers(len(ORG_SOURCES[org])))]
        case.contributions.append(
            ContributionPlan(
                organisation=org,
                author=ORG_LOGIN[org],
                text=_fill(rng, _pick(rng, texts.CONTRIBUTIONS[category])),
                data_category=category,
                legal_basis=basis,
                scope=_scope(rng),
                at=_between(rng, participant.at, case.active_until),
            )
        )
    case.contributions.sort(key=lambda c: c.at)


def _owner(rng: np.random.Generator, org: str) -> str | None:
    draw = rng.random()
    if draw < 0.15 and org in EXTRA_OWNERS:
        return _pick(rng, EXTRA_OWNERS[org])
    return ORG_LOGIN[org] if draw < 0.85 else None


def _plan_and_actions(
    rng: np.random.Generator, case: CasePlan, draft: _Draft, anchor: dt.datetime
) -> None:
    steps = {step.to_status: step for step in case.steps}  # the first entry of each status
    today = anchor.astimezone(TZ).date()
    if S.PLAN in steps:
        plan_steps = [s for s in case.steps if s.to_status == S.PLAN]
        case.goals = texts.PLAN_GOALS[case.theme][0]
        case.plan_by = COORDINATOR
        case.plan_at = plan_steps[-1].at
        settle = next((s.at for s in case.steps if s.to_status in (S.STEPPED_DOWN, S.CLOSED)),
                      None)  # fmt: skip
        start = steps[S.PLAN].at
        count = int(rng.integers(2, 5))
        owners = [p.organisation for p in case.participants]
        for _ in range(count):
            end = min(start + dt.timedelta(days=21), settle or anchor)
            created = _between(rng, start, end)
            org = owners[int(rng.integers(len(owners)))]
            _action(rng, case, org, created, settle, today, anchor)
    elif case.status == S.ACCEPTED:
        _action(rng, case, GEMEENTE, steps[S.ACCEPTED].at, None, today, anchor,
                description="Plan van aanpak opstellen", deadline_days=(7, 28))  # fmt: skip
    elif case.status in (S.BILATERAL, S.LOCAL) and rng.random() < 0.6:
        others = [p.organisation for p in case.participants if p.organisation != GEMEENTE]
        org = others[int(rng.integers(len(others)))] if others else case.registering_organisation
        created = _between(rng, steps[case.status].at, anchor)
        _action(rng, case, org, created, None, today, anchor, deadline_days=(14, 60))
    case.actions.sort(key=lambda a: (a.created_at, a.deadline))


def _action(
    rng: np.random.Generator,
    case: CasePlan,
    org: str,
    created: dt.datetime,
    settle: dt.datetime | None,
    today: dt.date,
    anchor: dt.datetime,
    *,
    description: str | None = None,
    deadline_days: tuple[int, int] = (14, 90),
) -> None:
    created_day = created.astimezone(TZ).date()
    deadline = created_day + dt.timedelta(days=int(rng.integers(*deadline_days) + 1))
    due = _moment(rng, deadline)
    if settle is not None:
        status = ActionStatus.DONE if rng.random() < 0.85 else ActionStatus.CANCELLED
        completed: dt.datetime | None = _between(rng, created, min(due, settle))
    elif deadline < today:
        done = rng.random() < 0.55
        status = ActionStatus.DONE if done else ActionStatus.OPEN  # open: overdue work
        completed = _between(rng, created, min(due, anchor)) if done else None
    else:
        done = rng.random() < 0.2
        status = ActionStatus.DONE if done else ActionStatus.OPEN
        completed = _between(rng, created, anchor) if done else None
    result = ""
    if status == ActionStatus.DONE:
        result = _pick(rng, texts.ACTION_RESULTS)
    elif status == ActionStatus.CANCELLED:
        result = "Niet meer nodig na een gewijzigde situatie."
    case.actions.append(
        ActionPlan(
            description=description or _pick(rng, texts.ACTIONS[org]),
            owner_organisation=org,
            owner_user=_owner(rng, org),
            deadline=deadline,
            status=status,
            result=result,
            created_at=created,
            completed_at=completed,
            completed_by=ORG_LOGIN[org] if completed is not None else None,
        )
    )


def _documents(rng: np.random.Generator, case: CasePlan) -> None:
    if case.table is None or rng.random() >= DOCUMENT_SHARE:
        return
    stem, extension, title = texts.DOCUMENTS[int(rng.integers(len(texts.DOCUMENTS)))]
    orgs = [p.organisation for p in case.participants]
    org = (
        GEMEENTE
        if stem.startswith(("Plan", "Verslag casus")) and GEMEENTE in orgs
        else (orgs[int(rng.integers(len(orgs)))])
    )
    category = ORG_SOURCES[org][0][0]
    accepted = next(s.at for s in case.steps if s.to_status == S.ACCEPTED)
    at = _between(rng, accepted, case.active_until)
    local_day = at.astimezone(TZ).date()
    body = "\n".join(
        (
            f"{title} - {case.reference}",
            f"Datum: {local_day:%d-%m-%Y}",
            "Veiligheidshuis Voorbeeldstad (demo; alle gegevens zijn verzonnen)",
            "",
            _fill(rng, _pick(rng, texts.CONTRIBUTIONS[category])),
            case.goals or texts.PLAN_GOALS[Theme(case.theme)][0],
        )
    )
    case.documents.append(
        DocumentPlan(
            organisation=org,
            uploaded_by=ORG_LOGIN[org],
            name=f"{stem} {case.reference}{extension}",
            title=title,
            body=body,
            data_category=category,
            scope=_scope(rng),
            at=at,
        )
    )
