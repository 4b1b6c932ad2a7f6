"""The agenda builds itself: the cases accepted at the table since its last meeting, the cases
with actions due or overdue (an overdue action comes back, meeting after meeting, until it is
done), and the cases flagged for discussion. The chair reorders and adds.

``agenda_refresh`` only ever adds: it is called when a meeting is scheduled, held or cancelled,
when its agenda is opened, and by the daily task; it writes no audit row of its own (it shows
nothing), the request that triggers it writes that request's row.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access import policy
from veilig.access.base import acting_user
from veilig.access.cases import Need, access_case_change
from veilig.access.meetings import access_meeting_change, meetings_visible_to
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.cases.models import Action, Case
from veilig.cases.services import case_refuse_when_final
from veilig.cases.vocabulary import FINAL_STATUSES, ActionStatus
from veilig.consultations.models import (
    AgendaAction,
    AgendaItem,
    DiscussionRequest,
    Meeting,
    TriageDecision,
)
from veilig.consultations.vocabulary import (
    OPEN_MEETING_STATUSES,
    OUTCOMES_WITH_TABLE,
    AgendaActionKind,
    AgendaReason,
    MeetingStatus,
)
from veilig.notifications.models import Notification
from veilig.notifications.services import notify
from veilig.notifications.vocabulary import NotificationKind


def next_meeting(*, table_id: int) -> Meeting | None:
    """The table's next meeting: its earliest one that is neither held nor cancelled."""
    return (
        Meeting.objects.filter(table_id=table_id, status__in=sorted(OPEN_MEETING_STATUSES))
        .order_by("starts_at", "pk")
        .first()
    )


def _previous_start(meeting: Meeting) -> dt.datetime | None:
    return (
        Meeting.objects.filter(
            table_id=meeting.table_id, status=MeetingStatus.HELD, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def _wanted(meeting: Meeting) -> dict[int, AgendaReason]:
    """Case id -> the reason it belongs on this agenda (the first reason that applies)."""
    open_cases = Case.objects.filter(table_id=meeting.table_id).exclude(
        status__in=sorted(FINAL_STATUSES)
    )
    wanted: dict[int, AgendaReason] = {}
    since = _previous_start(meeting)
    accepted = TriageDecision.objects.filter(
        table_id=meeting.table_id,
        outcome__in=sorted(OUTCOMES_WITH_TABLE),
        case__in=open_cases,
    )
    if since is not None:
        accepted = accepted.filter(decided_at__gte=since)
    for case_id in accepted.values_list("case_id", flat=True):
        wanted.setdefault(case_id, AgendaReason.NEW)
    today = timezone.localdate()
    for case_id, deadline in _due_actions(meeting, open_cases).values_list("case_id", "deadline"):
        reason = AgendaReason.RETURNED if deadline < today else AgendaReason.ACTION_DUE
        wanted.setdefault(case_id, reason)
    flagged = DiscussionRequest.objects.filter(item__isnull=True, case__in=open_cases)
    for case_id in flagged.values_list("case_id", flat=True):
        wanted.setdefault(case_id, AgendaReason.FLAGGED)
    return wanted


def _due_actions(meeting: Meeting, open_cases: QuerySet[Case]) -> QuerySet[Action]:
    """Open actions of the table's open cases whose deadline falls before the meeting."""
    return Action.objects.filter(
        case__in=open_cases,
        status=ActionStatus.OPEN,
        deadline__lte=timezone.localtime(meeting.starts_at).date(),
    )


def agenda_refresh(*, meeting: Meeting) -> list[AgendaItem]:
    """Add what belongs on the agenda of a table's next meeting; returns the agenda."""
    if meeting.status not in OPEN_MEETING_STATUSES:
        return list(meeting.items.all())
    following = next_meeting(table_id=meeting.table_id)
    if following is None or following.pk != meeting.pk:
        return list(meeting.items.all())
    with transaction.atomic():
        present = dict(meeting.items.values_list("case_id", "pk"))
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        for case_id, reason in sorted(_wanted(meeting).items(), key=_order):
            if case_id in present:
                continue
            last += 1
            present[case_id] = AgendaItem.objects.create(
                meeting=meeting, case_id=case_id, position=last, reason=reason
            ).pk
        _link_due_actions(meeting, present)
        flagged = DiscussionRequest.objects.filter(item__isnull=True, case_id__in=list(present))
        for request_id, case_id in flagged.values_list("pk", "case_id"):
            DiscussionRequest.objects.filter(pk=request_id).update(item_id=present[case_id])
    return list(meeting.items.all())


def _order(entry: tuple[int, AgendaReason]) -> tuple[int, int]:
    ranks = list(AgendaReason)
    return ranks.index(entry[1]), entry[0]


def _link_due_actions(meeting: Meeting, present: dict[int, int]) -> None:
    """Each open action due by the meeting is listed at its case's item, with its history."""
    open_cases = Case.objects.filter(pk__in=list(present)).exclude(
        status__in=sorted(FINAL_STATUSES)
    )
    due = list(_due_actions(meeting, open_cases).values_list("pk", "case_id"))
    if not due:
        return
    linked = set(
        AgendaAction.objects.filter(
            item_id__in=list(present.values()), action_id__in=[pk for pk, _case in due]
        ).values_list("item_id", "action_id")
    )
    # One query however many actions are due (the meeting page's query budget).
    AgendaAction.objects.bulk_create(
        [
            AgendaAction(item_id=present[case_id], action_id=pk, kind=AgendaActionKind.RETURNED)
            for pk, case_id in due
            if (present[case_id], pk) not in linked
        ],
        ignore_conflicts=True,
    )


def next_agenda_refresh(*, table_id: int) -> None:
    """Bring the agenda of the table's next meeting (if one is planned) up to date."""
    following = next_meeting(table_id=table_id)
    if following is not None:
        agenda_refresh(meeting=following)


def agenda_current(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda as it stands now (refreshed first when it is the table's next meeting)."""
    return agenda_refresh(meeting=meeting)


def agenda_item_add(*, context: AuditContext, meeting_id: int, case_id: int) -> AgendaItem:
    """The chair adds a case of the table to the agenda."""
    meeting, pending = access_meeting_change(
        context,
        meeting_id,
        action=AuditAction.CREATE,
        object_type="agenda_item",
        detail=f"case:{case_id}",
    )
    user = acting_user(context)
    with pending.recorded():
        if meeting.status not in OPEN_MEETING_STATUSES:
            raise ValidationError(_("This meeting has been held or cancelled."))
        case = policy.cases_visible_to(user).filter(pk=case_id, table_id=meeting.table_id).first()
        if case is None:
            raise ValidationError({"case": _("Choose a case of this table.")})
        case_refuse_when_final(case)
        if meeting.items.filter(case=case).exists():
            raise ValidationError({"case": _("This case is already on the agenda.")})
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting, case=case, position=last + 1, reason=AgendaReason.ADDED, added_by=user
        )
        pending.object_id = item.pk
    return item


def agenda_item_move(
    *, context: AuditContext, meeting_id: int, item_id: int, position: int
) -> list[AgendaItem]:
    """The chair moves an item to ``position`` (1-based); the others close up behind it."""
    meeting, pending = access_meeting_change(
        context,
        meeting_id,
        action=AuditAction.UPDATE,
        object_type="agenda_item",
        detail=f"position:{position}",
    )
    with pending.recorded():
        if meeting.status not in OPEN_MEETING_STATUSES:
            raise ValidationError(_("This meeting has been held or cancelled."))
        items = list(meeting.items.select_for_update().order_by("position", "pk"))
        moving = next((item for item in items if item.pk == item_id), None)
        if moving is None:
            raise ValidationError({"item": _("This item is not on the agenda.")})
        if not 1 <= position <= len(items):
            raise ValidationError({"position": _("Choose a position on the agenda.")})
        items.remove(moving)
        items.insert(position - 1, moving)
        for number, item in enumerate(items, start=1):
            if item.position != number:
                item.position = number
                item.save(update_fields=["position"])
        pending.object_id = item_id
    return items


def agenda_publish(*, context: AuditContext, meeting_id: int) -> Meeting:
    """The agenda is ready: the attendees and representatives are told (a link only)."""
    meeting, pending = access_meeting_change(
        context,
        meeting_id,
        action=AuditAction.UPDATE,
        object_type="meeting",
        detail="status:agenda_ready",
    )
    with pending.recorded():
        if meeting.status not in OPEN_MEETING_STATUSES:
            raise ValidationError(_("This meeting has been held or cancelled."))
        agenda_refresh(meeting=meeting)
        meeting.status = MeetingStatus.AGENDA_READY
        meeting.agenda_ready_at = timezone.now()
        meeting.save(update_fields=["status", "agenda_ready_at"])
    agenda_ready_notify(meeting=meeting, actor=acting_user(context))
    return meeting


def agenda_ready_notify(*, meeting: Meeting, actor: User | None) -> list[Notification]:
    """The table's representatives and the recorded attendees who may see the meeting hear that
    its agenda is ready: a link to the meeting, nothing of its cases."""
    users = User.objects.filter(
        Q(tables=meeting.table) | Q(pk__in=meeting.attendance.values("user_id")), is_active=True
    ).distinct()
    recipients = [
        user
        for user in users
        if (actor is None or user.pk != actor.pk)
        and meetings_visible_to(user).filter(pk=meeting.pk).exists()
    ]
    return notify(
        recipients=recipients,
        kind=NotificationKind.AGENDA_READY,
        link=f"/overleggen/{meeting.pk}/",
        dedupe_key=f"agenda_ready:{meeting.pk}",
    )


def discussion_flag(*, context: AuditContext, case_id: int) -> DiscussionRequest:
    """A participant asks for the case to be discussed at its table's next meeting."""
    case, pending = access_case_change(
        context,
        case_id,
        need=Need.CONTRIBUTE,
        action=AuditAction.CREATE,
        object_type="discussion_request",
    )
    with pending.recorded():
        case_refuse_when_final(case)
        if case.table_id is None:
            raise ValidationError(_("Only a case at a table can be put on an agenda."))
        request = DiscussionRequest.objects.create(case=case, requested_by=acting_user(context))
        pending.object_id = request.pk
        next_agenda_refresh(table_id=case.table_id)
    return request


def agendas_refresh_all() -> int:
    """Refresh the next meeting of every table; returns the number of items added."""
    added = 0
    next_ids = (
        Meeting.objects.filter(status__in=sorted(OPEN_MEETING_STATUSES))
        .order_by("table_id", "starts_at", "pk")
        .values_list("table_id", "pk")
    )
    firsts: dict[int, int] = {}
    for table_id, meeting_id in next_ids:
        firsts.setdefault(table_id, meeting_id)
    for meeting in Meeting.objects.filter(pk__in=list(firsts.values())):
        before = meeting.items.count()
        added += len(agenda_refresh(meeting=meeting)) - before
    return added
