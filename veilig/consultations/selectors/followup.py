"""The follow-up overview ("snel bijsturen", docs/consultations.md): what is stuck or overdue.

Every figure is computed in the database over the cases a choke point handed in (``visible``):
GROUP BY for the counts, NOT IN over the recent events for "without progress", a window for
the next meetings per table, and the median as ``percentile_cont`` on PostgreSQL or one
``OFFSET`` into the sorted durations elsewhere. The number of queries does not depend on the
number of cases.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, RowNumber

from veilig.access.meetings import meetings_visible_to
from veilig.accounts.models import User
from veilig.cases.models import Action, Case, Contribution, StatusChange
from veilig.cases.vocabulary import FINAL_STATUSES, OPEN_STATUSES, ActionStatus, Status
from veilig.consultations.models import AgendaAction, AgendaItem, TriageDecision
from veilig.consultations.vocabulary import (
    OPEN_MEETING_STATUSES,
    AgendaActionKind,
    MeetingStatus,
    TriageOutcome,
)

DEFAULT_QUIET_DAYS = 28
DEFAULT_PERIOD_MONTHS = 12
SLOWEST = 10
STALLED_LISTED = 10
UPCOMING_PER_TABLE = 3
ACTIONS_LISTED = 200

# The statuses in which a case is expected to move, in the workflow's order.
WATCHED_STATUSES = tuple(status for status in Status if status in OPEN_STATUSES)


# --- Database functions ------------------------------------------------------------------


class DaysBetween(Func):
    """``end - start`` in days (a fraction), on SQLite and PostgreSQL."""

    output_field = FloatField()
    arity = 2

    def __init__(self, start: Any, end: Any) -> None:
        super().__init__(end, start)  # rendered as end - start

    def as_sqlite(  # type: ignore[override]
        self, compiler: Any, conn: Any, **extra: Any
    ) -> Any:
        return self.as_sql(
            compiler,
            conn,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, conn: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            conn,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


# --- (a) Overdue actions per owner organisation ----------------------------------------------


@dataclass(frozen=True)
class OverdueRow:
    organisation_id: int
    organisation: str
    actions: int
    cases: int
    oldest_deadline: dt.date
    days_overdue: int


def _overdue_actions(*, visible: QuerySet[Case], today: dt.date) -> QuerySet[Action]:
    """Open actions past their deadline in visible cases that are not closed."""
    followed = visible.exclude(status__in=sorted(FINAL_STATUSES))
    # Per action, not as a list of cases: the database walks the few open actions past their
    # deadline (the status-deadline index) and looks up each one's case, instead of listing
    # every visible case first.
    in_followed = Exists(followed.filter(pk=OuterRef("case_id")))
    return Action.objects.filter(status=ActionStatus.OPEN, deadline__lt=today).filter(in_followed)


def overdue_per_organisation(*, visible: QuerySet[Case], today: dt.date) -> list[OverdueRow]:
    """One row per owner organisation, the longest overdue first. One query."""
    rows = (
        _overdue_actions(visible=visible, today=today)
        .values("owner_organisation_id", "owner_organisation__name")
        .annotate(n=Count("pk"), cases=Count("case_id", distinct=True), oldest=Min("deadline"))
        .order_by("oldest", "owner_organisation__name")
    )
    return [
        OverdueRow(
            organisation_id=r["owner_organisation_id"],
            organisation=r["owner_organisation__name"],
            actions=r["n"],
            cases=r["cases"],
            oldest_deadline=r["oldest"],
            days_overdue=(today - r["oldest"]).days,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class OverdueAction:
    action_id: int
    case_id: int
    reference: str
    status: str
    deadline: dt.date

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status in Status.values else self.status


def overdue_actions_of(
    *, visible: QuerySet[Case], organisation_id: int, today: dt.date
) -> tuple[list[OverdueAction], int]:
    """The overdue open actions of one owner organisation (the oldest deadline first, at most
    ``ACTIONS_LISTED``) and how many there are in all. Two queries."""
    actions = _overdue_actions(visible=visible, today=today).filter(
        owner_organisation_id=organisation_id
    )
    total = actions.count()
    rows = actions.order_by("deadline", "pk").values_list(
        "pk", "case_id", "case__reference", "case__status", "deadline"
    )[:ACTIONS_LISTED]
    return [OverdueAction(*row) for row in rows], total


# --- (b) Cases without progress ----------------------------------------------------------------


def _progress_sources() -> list[tuple[QuerySet[Any], str]]:
    """Where a case's progress is recorded: (rows, the field holding the moment)."""
    return [
        (StatusChange.objects.all(), "at"),
        (Contribution.objects.all(), "created_at"),
        (Action.objects.all(), "created_at"),
        (Action.objects.all(), "completed_at"),
        (AgendaItem.objects.all(), "minuted_at"),
    ]


def stalled_cases(*, visible: QuerySet[Case], since: dt.datetime) -> QuerySet[Case]:
    """Open cases (registered before ``since``) with no progress at or after ``since``:
    no status change, contribution, action created or completed, or agenda item minuted."""
    open_cases = visible.filter(status__in=list(WATCHED_STATUSES), registered_at__lt=since)
    return _without_progress(open_cases, since=since)


def _without_progress(cases: QuerySet[Case], *, since: dt.datetime) -> QuerySet[Case]:
    """``cases`` less those with progress since ``since``: one NOT IN over the union of the
    recent moments (each read from its own index), one probe per case."""
    recent = [
        rows.order_by().filter(**{f"{moment}__gte": since}).values("case_id")
        for rows, moment in _progress_sources()
    ]
    return cases.exclude(pk__in=recent[0].union(*recent[1:]))


def last_progress() -> Greatest:
    """The moment of a case's latest progress (its registration when nothing else happened)."""
    moments = [
        Coalesce(
            Subquery(
                rows.filter(case_id=OuterRef("pk"))
                .order_by()
                .values("case_id")
                .annotate(latest=Max(moment))
                .values("latest")[:1],
                output_field=DateTimeField(),
            ),
            F("registered_at"),
        )
        for rows, moment in _progress_sources()
    ]
    return Greatest(*moments, F("registered_at"), output_field=DateTimeField())


@dataclass(frozen=True)
class StalledRow:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class StalledCase:
    case_id: int
    reference: str
    status: str
    registered_at: dt.datetime
    progress_at: dt.datetime

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status in Status.values else self.status


def stalled_per_status(
    *, visible: QuerySet[Case], since: dt.datetime
) -> tuple[list[StalledRow], list[StalledCase]]:
    """The number of cases without progress since ``since`` per status (every watched status,
    in the workflow's order, zeros included) and the ``STALLED_LISTED`` of them registered
    longest ago, each with its latest progress. Two queries."""
    stalled = stalled_cases(visible=visible, since=since)
    counts = dict(
        stalled.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    rows = [StalledRow(s.value, str(s.label), counts.get(s.value, 0)) for s in WATCHED_STATUSES]
    # The ten first, then their last progress: SQLite would otherwise work it out for every
    # stalled case before sorting.
    # "Not final" rather than "one of the open statuses" (the same set): the database then
    # walks the registration index, oldest first, and stops after the first few.
    # Per case here (a few index probes for each of the few cases walked), where the counts
    # above build the union of recent moments once for all open cases.
    oldest = visible.exclude(status__in=sorted(FINAL_STATUSES)).filter(registered_at__lt=since)
    for events, moment in _progress_sources():
        recent = events.filter(case_id=OuterRef("pk"), **{f"{moment}__gte": since})
        oldest = oldest.exclude(Exists(recent))
    first = oldest.order_by("registered_at", "pk").values("pk")[:STALLED_LISTED]
    listed = (
        Case.objects.filter(pk__in=first)
        .order_by("registered_at", "pk")
        .annotate(progress_at=last_progress())
        .values_list("pk", "reference", "status", "registered_at", "progress_at")[:STALLED_LISTED]
    )
    return rows, [StalledCase(*row) for row in listed]


# --- (c) Time from registration to triage decision and to plan ---------------------------------


@dataclass(frozen=True)
class SlowCase:
    case_id: int
    reference: str
    days: float


@dataclass(frozen=True)
class Lead:
    """How long cases registered in the period took to reach a step."""

    cases: int
    median_days: float | None
    slowest: list[SlowCase]


def _first_steps(events: QuerySet[Any], moment: str) -> QuerySet[Any]:
    """Per case, the days from registration to the first of ``events`` (grouped by case)."""
    steps: QuerySet[Any] = (
        events.order_by()
        .values("case_id", "case__reference", "case__registered_at")
        .annotate(first=Min(moment))
        .annotate(days=DaysBetween(F("case__registered_at"), F("first")))
    )
    return steps


# Column names are the aliases of ``_first_steps`` (lowercase: no quoting needed). One sort:
# the last ``SLOWEST`` by ``rn`` are the slowest (ties: the lower case id first), and the
# middle one or two give the median.
_LEAD_SQL = """
SELECT w.case_id, w.reference, w.days, w.n, w.rn FROM (
  SELECT s.case_id AS case_id, s.case__reference AS reference, s.days AS days,
         COUNT(*) OVER () AS n,
         ROW_NUMBER() OVER (ORDER BY s.days, s.case_id DESC) AS rn
  FROM (<steps>) s
) w
WHERE w.rn > w.n - %s OR w.rn IN ((w.n + 1) / 2, (w.n + 2) / 2)
ORDER BY w.rn DESC
"""


def _lead(steps: QuerySet[Any]) -> Lead:
    """The count, the median and the slowest cases of ``steps`` in one query and one sort: the
    durations are numbered by a window function, and only the middle one or two and the
    slowest ``SLOWEST`` rows leave the database. The same SQL on SQLite and PostgreSQL
    (the median as ``percentile_cont(0.5)`` would give: the mean of the middle two)."""
    inner, params = steps.query.sql_with_params()
    sql = _LEAD_SQL.replace("<steps>", inner)  # the ORM's own SQL; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, SLOWEST])
        rows = cursor.fetchall()
    n = int(rows[0][3]) if rows else 0
    middle = {(n + 1) // 2, (n + 2) // 2}
    halves = [float(days) for _pk, _ref, days, _n, rn in rows if rn in middle]
    slowest = [SlowCase(pk, ref, float(days)) for pk, ref, days, _n, rn in rows if rn > n - SLOWEST]
    median = sum(halves) / len(halves) if halves else None
    return Lead(n, median, slowest)


def lead_to_triage(*, visible: QuerySet[Case], since: dt.datetime) -> Lead:
    """From registration to the first triage decision that routed the case ("more information
    needed" is not one), for the cases registered since ``since``."""
    decisions = (
        TriageDecision.objects.filter(case__registered_at__gte=since)
        .filter(Exists(visible.filter(pk=OuterRef("case_id"))))
        .exclude(outcome=TriageOutcome.MORE_INFORMATION)
    )
    return _lead(_first_steps(decisions, "decided_at"))


def lead_to_plan(*, visible: QuerySet[Case], since: dt.datetime) -> Lead:
    """From registration to the first move into "plan of action", for the cases registered
    since ``since``."""
    moves = StatusChange.objects.filter(
        to_status=Status.PLAN, case__registered_at__gte=since
    ).filter(Exists(visible.filter(pk=OuterRef("case_id"))))
    return _lead(_first_steps(moves, "at"))


@dataclass(frozen=True)
class LeadTimes:
    since: dt.datetime
    to_triage: Lead
    to_plan: Lead
    computed_at: dt.datetime


LEAD_CACHE_SECONDS = 600


def lead_times(*, visible: QuerySet[Case], months: int, now: dt.datetime) -> LeadTimes:
    """Both lead times over the last ``months`` months, computed at most every
    ``LEAD_CACHE_SECONDS`` per reach (the SQL of ``visible``: the same for every coordinator
    outside the radicalisation table) and period. Medians over a year of cases move slowly;
    the two window queries are most of the overview's cost (docs/consultations.md)."""
    sql, params = visible.values("pk").query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params, months)).encode()).hexdigest()
    key = f"followup-lead:{digest}"
    cached = cache.get(key)
    if isinstance(cached, LeadTimes):
        return cached
    since = months_before(now, months)
    result = LeadTimes(
        since=since,
        to_triage=lead_to_triage(visible=visible, since=since),
        to_plan=lead_to_plan(visible=visible, since=since),
        computed_at=now,
    )
    cache.set(key, result, LEAD_CACHE_SECONDS)
    return result


# --- (d) Upcoming meetings -------------------------------------------------------------------


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting_id: int
    table: str
    starts_at: dt.datetime
    status: str
    items: int
    returned: int

    @property
    def status_label(self) -> str:
        labels = dict(MeetingStatus.choices)
        return str(labels.get(self.status, self.status))


def upcoming_meetings(*, user: User, now: dt.datetime) -> list[UpcomingMeeting]:
    """The next ``UPCOMING_PER_TABLE`` open meetings of each table the user may see, with
    their agenda length and the number of actions brought back to them. One query."""
    items = (
        AgendaItem.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    returned = (
        AgendaAction.objects.filter(item__meeting_id=OuterRef("pk"), kind=AgendaActionKind.RETURNED)
        .order_by()
        .values("item__meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ranked = (
        meetings_visible_to(user)
        .filter(status__in=sorted(OPEN_MEETING_STATUSES), starts_at__gte=now)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("table_id")], order_by=[F("starts_at"), F("pk")]
            )
        )
        .filter(rank__lte=UPCOMING_PER_TABLE)
        .annotate(
            n_items=Coalesce(Subquery(items, output_field=IntegerField()), Value(0)),
            n_returned=Coalesce(Subquery(returned, output_field=IntegerField()), Value(0)),
        )
        .order_by("table__name", "starts_at", "pk")
        .values_list("pk", "table__name", "starts_at", "status", "n_items", "n_returned")
    )
    return [UpcomingMeeting(*row) for row in ranked]


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` calendar months earlier (the month's last day where it is
    shorter)."""
    import calendar

    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last))
