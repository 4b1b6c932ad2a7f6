"""Three years of meetings of every table: agenda, attendance, minutes, decisions, actions.

Each table meets every two weeks (radicalisation: monthly) up to the build day, plus its next
two meetings. A held meeting's agenda is what ``agenda_refresh`` would have built that morning:
the cases accepted since the previous held meeting (``new``), the cases with an open action
due by the meeting day (``action_due``; ``returned`` when already overdue), and a few flagged
ones; every open action due is linked to its case's item (kind ``returned``). At the items the
chair minutes (beeld, oordeel, besluit), decides, and agrees actions with a participant; each
action is done in time, or late and brought back once, twice or more, or still open. The next
meeting's agenda is left to ``agenda_refresh`` itself (the writer calls it). Pure: no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from veilig.cases.vocabulary import ActionStatus, Status, Theme
from veilig.consultations.vocabulary import AgendaReason, MeetingStatus
from veilig.demo.generator import casework_texts
from veilig.demo.generator import consultations_texts as texts
from veilig.demo.generator.cases import _owner
from veilig.demo.generator.casework import (
    COORDINATOR,
    EXTRA_OWNERS,
    HISTORY_DAYS,
    ORG_LOGIN,
    TZ,
    ActionPlan,
    CasePlan,
    _between,
    _fill,
    _moment,
    _pick,
)
from veilig.demo.generator.tables import TABLES, TablePlan

S = Status
# Weekday (Monday 0) and local start (minutes) of each table's meetings.
SLOTS: dict[str, tuple[int, int]] = {
    "vbs-ico": (3, 9 * 60 + 30),
    "vbs-radicalisering": (2, 14 * 60),
    "vbs-pga": (2, 9 * 60 + 30),
    "vbs-verwarde-personen": (2, 13 * 60 + 30),
    "vbs-huiselijk-geweld": (3, 13 * 60 + 30),
    "vbs-jeugd": (0, 14 * 60),
}
DEFAULT_SLOT = (4, 10 * 60)
EVERY_DAYS = 14
UPCOMING = 2
CANCEL_SHARE = 0.03
VIDEO_SHARE = 0.25
PRESENT_SHARE = 0.85
INCIDENTAL_SHARE = 0.3
FLAG_SHARE = 0.03
# How an action agreed at a meeting ends: in time, cancelled, or late and brought back n times.
ACTION_FATES: tuple[tuple[str | int, float], ...] = (
    ("in_time", 0.5), ("cancelled", 0.05), (1, 0.25), (2, 0.14), (3, 0.06),
)  # fmt: skip
# Late actions whose next meeting lies after the build day: this share is still open.
STILL_OPEN_SHARE = 0.6

ActionRef = tuple[int, int]  # (case index, number among the case's actions: casework first)


@dataclass(frozen=True)
class AttendancePlan:
    user: str
    organisation: str
    incidental: bool
    present: bool
    statement_at: dt.datetime | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class DecisionPlan:
    text: str
    at: dt.datetime


@dataclass
class ItemPlan:
    case: int
    position: int
    reason: AgendaReason
    beeld: str = ""
    oordeel: str = ""
    besluit: str = ""
    minuted_at: dt.datetime | None = None
    decisions: list[DecisionPlan] = field(default_factory=list)
    agreed: list[ActionRef] = field(default_factory=list)
    returned: list[ActionRef] = field(default_factory=list)


@dataclass
class MeetingPlan:
    table: str
    starts_at: dt.datetime
    duration_minutes: int
    place: str
    video_link: str
    chair: str
    status: MeetingStatus
    agenda_ready_at: dt.datetime | None
    created_at: dt.datetime
    attendance: list[AttendancePlan] = field(default_factory=list)
    items: list[ItemPlan] = field(default_factory=list)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class MeetingActionPlan:
    case: int
    number: int  # among the case's actions (its casework actions come first)
    action: ActionPlan


@dataclass(frozen=True)
class FlagPlan:
    """A request to discuss a case; ``meeting`` is the index of the meeting whose agenda took
    it, None while it waits for the next one."""

    case: int
    by: str
    at: dt.datetime
    meeting: int | None


@dataclass
class _Tracked:
    number: int
    created_at: dt.datetime
    deadline: dt.date
    completed_at: dt.datetime | None


@dataclass
class _Phase:
    """When a case is at its table: from its acceptance to its step-down or closing."""

    start: dt.datetime
    end: dt.datetime | None


@dataclass
class MeetingsOutcome:
    meetings: list[MeetingPlan]
    actions: list[MeetingActionPlan]
    flags: list[FlagPlan]


def schedule(table: TablePlan, anchor: dt.datetime) -> list[dt.datetime]:
    """The table's meeting starts over the history, then its next ``UPCOMING`` ones."""
    weekday, minutes = SLOTS.get(table.code, DEFAULT_SLOT)
    first_day = anchor.astimezone(TZ).date() - dt.timedelta(days=HISTORY_DAYS)
    days: list[dt.date] = []
    if table.theme == Theme.RADICALISATION:  # monthly: the second such weekday of the month
        month = first_day.replace(day=1)
        while len([d for d in days if _at(d, minutes) >= anchor]) < UPCOMING:
            day = month + dt.timedelta(days=(weekday - month.weekday()) % 7 + 7)
            if day >= first_day:
                days.append(day)
            month = (month + dt.timedelta(days=32)).replace(day=1)
    else:
        day = first_day + dt.timedelta(days=(weekday - first_day.weekday()) % 7)
        while len([d for d in days if _at(d, minutes) >= anchor]) < UPCOMING:
            days.append(day)
            day += dt.timedelta(days=EVERY_DAYS)
    return [_at(day, minutes) for day in days]


def _at(day: dt.date, minutes: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=TZ)
    return local.astimezone(dt.UTC)


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(TZ).date()


def meetings_build(
    *, rng: np.random.Generator, cases: tuple[CasePlan, ...], anchor: dt.datetime
) -> MeetingsOutcome:
    tracked: dict[int, list[_Tracked]] = {
        index: [
            _Tracked(number, a.created_at, a.deadline, a.completed_at)
            for number, a in enumerate(case.actions)
        ]
        for index, case in enumerate(cases)
    }
    outcome = MeetingsOutcome([], [], [])
    for table in TABLES:
        _table_meetings(rng, table, cases, anchor, tracked, outcome)
    return outcome


def _phases(cases: tuple[CasePlan, ...], code: str) -> dict[int, _Phase]:
    phases = {}
    for index, case in enumerate(cases):
        if case.table != code:
            continue
        start = next(s.at for s in case.steps if s.to_status == S.ACCEPTED)
        end = next((s.at for s in case.steps if s.to_status in (S.STEPPED_DOWN, S.CLOSED)), None)
        phases[index] = _Phase(start, end)
    return phases


def _table_meetings(
    rng: np.random.Generator,
    table: TablePlan,
    cases: tuple[CasePlan, ...],
    anchor: dt.datetime,
    tracked: dict[int, list[_Tracked]],
    outcome: MeetingsOutcome,
) -> None:
    starts = schedule(table, anchor)
    past = [s for s in starts if s < anchor]
    statuses = [
        MeetingStatus.CANCELLED
        if rng.random() < CANCEL_SHARE or (_day(s).month, _day(s).day) >= (12, 24)
        else MeetingStatus.HELD
        for s in past
    ]
    held = [s for s, status in zip(past, statuses, strict=True) if status == MeetingStatus.HELD]
    phases = _phases(cases, table.code)
    duration = 60 if table.theme == Theme.RADICALISATION else 90
    previous: dt.datetime | None = None
    for start, status in zip(past, statuses, strict=True):
        meeting = _meeting(rng, table, start, duration, status, anchor)
        outcome.meetings.append(meeting)
        if status == MeetingStatus.HELD:
            _agenda(rng, meeting, len(outcome.meetings) - 1, previous, cases, phases, tracked,
                    held, anchor, outcome)  # fmt: skip
            _attendance(rng, table, meeting, cases)
            previous = start
    upcoming = [s for s in starts if s >= anchor]
    for number, start in enumerate(upcoming):
        ready = number == 0 and start - anchor <= dt.timedelta(days=7)
        status = MeetingStatus.AGENDA_READY if ready else MeetingStatus.PLANNED
        meeting = _meeting(rng, table, start, duration, status, anchor)
        outcome.meetings.append(meeting)
    # One or two requests to discuss a case wait for the next meeting (agenda_refresh takes them).
    at_table = [i for i, p in phases.items() if p.end is None]
    since = max(previous or anchor - dt.timedelta(days=14), anchor - dt.timedelta(days=10))
    for index in _sample(rng, at_table, int(rng.integers(1, 3))):
        by = _flagger(rng, cases[index], table)
        at = _between(rng, max(since, phases[index].start), anchor - dt.timedelta(hours=1))
        outcome.flags.append(FlagPlan(index, by, at, None))


def _sample(rng: np.random.Generator, items: list[int], count: int) -> list[int]:
    if not items:
        return []
    chosen = rng.choice(len(items), size=min(count, len(items)), replace=False)
    return [items[int(i)] for i in sorted(chosen)]


def _meeting(
    rng: np.random.Generator,
    table: TablePlan,
    start: dt.datetime,
    duration: int,
    status: MeetingStatus,
    anchor: dt.datetime,
) -> MeetingPlan:
    video = rng.random() < VIDEO_SHARE
    created = min(start - dt.timedelta(days=42), anchor - dt.timedelta(days=1))
    ready = None
    if status != MeetingStatus.PLANNED:
        ready = min(start - dt.timedelta(days=2), anchor - dt.timedelta(hours=8))
    return MeetingPlan(
        table=table.code,
        starts_at=start,
        duration_minutes=duration,
        place="" if video else _pick(rng, texts.PLACES),
        video_link=texts.VIDEO_LINK.format(table=table.code, day=_day(start)) if video else "",
        chair=COORDINATOR,
        status=status,
        agenda_ready_at=ready if status != MeetingStatus.CANCELLED else None,
        created_at=created,
    )


def _flagger(rng: np.random.Generator, case: CasePlan, table: TablePlan) -> str:
    """A participant of the case who may see it (radicalisation: its representatives)."""
    logins = sorted({ORG_LOGIN[p.organisation] for p in case.participants})
    if table.theme == Theme.RADICALISATION:
        logins = [login for login in logins if login in table.representatives] or [COORDINATOR]
    return _pick(rng, logins)


def _agenda(
    rng: np.random.Generator,
    meeting: MeetingPlan,
    meeting_index: int,
    previous: dt.datetime | None,
    cases: tuple[CasePlan, ...],
    phases: dict[int, _Phase],
    tracked: dict[int, list[_Tracked]],
    held: list[dt.datetime],
    anchor: dt.datetime,
    outcome: MeetingsOutcome,
) -> None:
    start, end = meeting.starts_at, meeting.ends_at
    day = _day(start)
    present = {
        i: p for i, p in phases.items() if p.start < start and (p.end is None or p.end > end)
    }
    wanted: dict[int, AgendaReason] = {}
    for index, phase in present.items():
        if previous is None or phase.start >= previous:
            wanted[index] = AgendaReason.NEW
    due: dict[int, list[int]] = {}
    for index in present:
        for action in tracked[index]:
            if (action.created_at < start and action.deadline <= day
                    and (action.completed_at is None or action.completed_at > start)):  # fmt: skip
                due.setdefault(index, []).append(action.number)
                late = AgendaReason.RETURNED if action.deadline < day else AgendaReason.ACTION_DUE
                wanted.setdefault(index, late)
    table = next(t for t in TABLES if t.code == meeting.table)
    for index, phase in present.items():
        if index not in wanted and rng.random() < FLAG_SHARE:
            wanted[index] = AgendaReason.FLAGGED
            since = max(previous or start - dt.timedelta(days=14), phase.start)
            at = _between(rng, since, start - dt.timedelta(hours=1))
            outcome.flags.append(FlagPlan(index, _flagger(rng, cases[index], table), at,
                                          meeting_index))  # fmt: skip
    ranks = list(AgendaReason)
    ordered = sorted(wanted.items(), key=lambda e: (ranks.index(e[1]), e[0]))
    count = len(ordered)
    for position, (index, reason) in enumerate(ordered, start=1):
        moment = start + dt.timedelta(minutes=5 + (meeting.duration_minutes - 15) * (position - 1)
                                      / max(count, 1))  # fmt: skip
        item = ItemPlan(index, position, reason, returned=[(index, n) for n in due.get(index, [])])
        _minutes(rng, item, moment)
        _agree(rng, item, cases[index], moment, present[index], tracked, held, anchor, outcome)
        meeting.items.append(item)


def _minutes(rng: np.random.Generator, item: ItemPlan, moment: dt.datetime) -> None:
    beelden = texts.BEELD_NEW if item.reason == AgendaReason.NEW else texts.BEELD_FOLLOW_UP
    item.beeld = _fill(rng, _pick(rng, beelden))
    item.oordeel = _pick(rng, texts.OORDEEL)
    item.besluit = _pick(rng, texts.BESLUIT)
    item.minuted_at = moment + dt.timedelta(minutes=8)
    for number in range(int(rng.choice(3, p=[0.1, 0.7, 0.2]))):
        item.decisions.append(
            DecisionPlan(_pick(rng, texts.DECISIONS), moment + dt.timedelta(minutes=5 + number))
        )


def _agree(
    rng: np.random.Generator,
    item: ItemPlan,
    case: CasePlan,
    moment: dt.datetime,
    phase: _Phase,
    tracked: dict[int, list[_Tracked]],
    held: list[dt.datetime],
    anchor: dt.datetime,
    outcome: MeetingsOutcome,
) -> None:
    """New actions at the item, each owned by an organisation taking part in the case."""
    if item.reason == AgendaReason.NEW:
        count = int(rng.integers(1, 4))
    else:
        count = int(rng.choice(3, p=[0.35, 0.45, 0.2]))
    owners = sorted({p.organisation for p in case.participants if p.at < moment})
    owners = owners or [case.registering_organisation]
    for _ in range(count):
        org = _pick(rng, owners)
        created = moment + dt.timedelta(minutes=7)
        deadline = _day(moment) + dt.timedelta(days=int(rng.integers(14, 43)))
        completed, status = _fate(rng, created, deadline, phase, held, anchor)
        result = ""
        if status == ActionStatus.DONE:
            result = _pick(rng, casework_texts.ACTION_RESULTS)
        elif status == ActionStatus.CANCELLED:
            result = "Niet meer nodig na een gewijzigde situatie."
        action = ActionPlan(
            description=_pick(rng, texts.MEETING_ACTIONS[org]),
            owner_organisation=org,
            owner_user=_owner(rng, org),
            deadline=deadline,
            status=status,
            result=result,
            created_at=created,
            completed_at=completed,
            completed_by=ORG_LOGIN[org] if completed is not None else None,
        )
        number = len(tracked[item.case])
        tracked[item.case].append(_Tracked(number, created, deadline, completed))
        outcome.actions.append(MeetingActionPlan(item.case, number, action))
        item.agreed.append((item.case, number))


def _fate(
    rng: np.random.Generator,
    created: dt.datetime,
    deadline: dt.date,
    phase: _Phase,
    held: list[dt.datetime],
    anchor: dt.datetime,
) -> tuple[dt.datetime | None, ActionStatus]:
    """When the action is done (None: still open) and its status."""
    fate = ACTION_FATES[int(rng.choice(len(ACTION_FATES), p=[w for _, w in ACTION_FATES]))][0]
    due = _moment(rng, deadline)
    status = ActionStatus.CANCELLED if fate == "cancelled" else ActionStatus.DONE
    completed: dt.datetime | None
    if not isinstance(fate, int):
        completed = _between(rng, created, due)
    else:
        later = [s for s in held if s > created and _day(s) >= deadline]
        if len(later) <= fate:  # not yet brought back more often: still open, or done since
            back = later[-1] + dt.timedelta(hours=3) if later else due
            still_open = rng.random() < STILL_OPEN_SHARE or back >= anchor
            completed = None if still_open else _between(rng, back, anchor)
        else:
            completed = _between(rng, later[fate - 1] + dt.timedelta(hours=3), later[fate])
    settle = phase.end
    if settle is not None and (completed is None or completed >= settle):
        # Settled before the case left the table: done, or no longer needed.
        status = ActionStatus.DONE if rng.random() < 0.85 else ActionStatus.CANCELLED
        completed = _between(rng, created, settle)
    if completed is not None and completed >= anchor:
        return None, ActionStatus.OPEN
    return completed, status if completed is not None else ActionStatus.OPEN


def _attendance(
    rng: np.random.Generator, table: TablePlan, meeting: MeetingPlan, cases: tuple[CasePlan, ...]
) -> None:
    """The representatives (the chair always present) and now and then an incidental
    participant of one of the cases; everyone present accepts the statement before the start."""
    start = meeting.starts_at
    recorded = start + dt.timedelta(minutes=1)
    people: list[tuple[str, str, bool]] = []
    organisation_of = {login: org for org, login in ORG_LOGIN.items()}
    organisation_of |= {login: org for org, logins in EXTRA_OWNERS.items() for login in logins}
    for login in table.representatives:
        people.append((login, organisation_of[login], False))
    if table.theme != Theme.RADICALISATION and rng.random() < INCIDENTAL_SHARE:
        # A colleague of a partner in one of the cases (the wijkagent, the BOA, ...).
        orgs = {p.organisation for item in meeting.items for p in cases[item.case].participants}
        guests = sorted(
            {ORG_LOGIN[org] for org in orgs}
            | {login for org in orgs for login in EXTRA_OWNERS.get(org, ())}
        )
        guests = [login for login in guests if login not in table.representatives]
        if guests:
            guest = _pick(rng, guests)
            people.append((guest, organisation_of[guest], True))
    for login, org, incidental in people:
        present = incidental or login == meeting.chair or rng.random() < PRESENT_SHARE
        statement = start - dt.timedelta(minutes=int(rng.integers(2, 30))) if present else None
        meeting.attendance.append(
            AttendancePlan(login, org, incidental, present, statement, recorded)
        )
