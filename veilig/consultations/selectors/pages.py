"""Reading the meeting pages. Each function takes a meeting or item that the caller already
opened through ``veilig.access.meetings`` (which wrote the audit row); it gathers what the page
shows, in a number of queries that does not grow with the agenda or the case."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone

from veilig.access import policy
from veilig.access.meetings import shown_item_ids
from veilig.accounts.models import User
from veilig.cases.models import Action, Case, Contribution
from veilig.cases.vocabulary import FINAL_STATUSES, ActionStatus
from veilig.consultations.models import AgendaAction, AgendaItem, Attendance, Decision, Meeting
from veilig.consultations.vocabulary import OPEN_MEETING_STATUSES


@dataclass(frozen=True)
class MeetingGroups:
    upcoming: list[Meeting]
    past: list[Meeting]


def meeting_groups(meetings: QuerySet[Meeting]) -> MeetingGroups:
    """Upcoming (open, in order) and past (held, cancelled or over; newest first, at most 50)."""
    now = timezone.now()
    upcoming_q = Q(status__in=sorted(OPEN_MEETING_STATUSES), starts_at__gte=now)
    upcoming = list(meetings.filter(upcoming_q).order_by("starts_at", "pk")[:100])
    past = list(meetings.exclude(upcoming_q).order_by("-starts_at", "-pk")[:50])
    # Per table (the page groups them), in time order within a table.
    upcoming.sort(key=lambda meeting: meeting.table.name)
    past.sort(key=lambda meeting: meeting.table.name)
    return MeetingGroups(upcoming=upcoming, past=past)


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    shown: bool  # the case reference and name may be shown to the viewer


def agenda_rows(*, user: User, meeting: Meeting) -> list[AgendaRow]:
    """The agenda in order; only items in ``shown_item_ids`` carry their case."""
    shown = shown_item_ids(user, meeting)
    items = meeting.items.select_related("case").order_by("position", "pk")
    return [AgendaRow(item=item, shown=item.pk in shown) for item in items]


def attendance_of(*, meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendance.select_related("user", "organisation").order_by(
            "organisation__name", "user__last_name", "pk"
        )
    )


def attendance_candidates(*, meeting: Meeting) -> QuerySet[User]:
    """Active users of the table's member organisations first, then of any other organisation
    (incidental participants)."""
    members = meeting.table.member_organisations.values("pk")
    member = ExpressionWrapper(Q(organisation__in=members), output_field=BooleanField())
    return (
        User.objects.filter(is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .annotate(member=member)
        .order_by("-member", "organisation__name", "last_name", "first_name", "username")
    )


def agenda_candidates(*, user: User, meeting: Meeting) -> QuerySet[Case]:
    """Open cases of the table the director may see that are not on this agenda yet."""
    return (
        policy.cases_visible_to(user)
        .filter(table_id=meeting.table_id)
        .exclude(status__in=sorted(FINAL_STATUSES))
        .exclude(agenda_items__meeting=meeting)
        .order_by("reference")
    )


@dataclass(frozen=True)
class ItemView:
    contributions: list[Contribution]
    actions: list[Action]  # open actions of the case, each with ``history`` (AgendaAction rows)
    decisions: list[Decision]


def item_view(*, user: User, item: AgendaItem) -> ItemView:
    """What the item shows in the meeting: contributions in the viewer's scope (the case rule),
    the case's open actions with the meetings they were agreed at or came back to, decisions."""
    case = item.case
    contributions = policy.contributions_visible_to(user, case).select_related("organisation")
    history = AgendaAction.objects.select_related("item__meeting").order_by(
        "item__meeting__starts_at", "pk"
    )
    actions = (
        case.actions.filter(status=ActionStatus.OPEN)
        .select_related("owner_organisation", "owner_user")
        .prefetch_related(Prefetch("agenda_links", queryset=history, to_attr="history"))
        .order_by("deadline", "pk")
    )
    decisions = item.decisions.select_related("decided_by").order_by("decided_at", "pk")
    return ItemView(
        contributions=list(contributions), actions=list(actions), decisions=list(decisions)
    )


def next_item_of_case(*, case: Case) -> AgendaItem | None:
    """The case's item on the agenda of an open meeting still to come, if any (one query)."""
    return (
        AgendaItem.objects.filter(
            case=case,
            meeting__status__in=sorted(OPEN_MEETING_STATUSES),
            meeting__starts_at__gte=timezone.now(),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
        .first()
    )


__all__ = [
    "AgendaRow",
    "ItemView",
    "MeetingGroups",
    "agenda_candidates",
    "agenda_rows",
    "attendance_candidates",
    "attendance_of",
    "item_view",
    "meeting_groups",
    "next_item_of_case",
]
