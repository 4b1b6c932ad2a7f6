"""THE choke point of the case consultations: triage queue, meetings, agenda items, attendance.

Rules (DESIGN.md, sharing scopes; docs/consultations.md):

- Process direction (coordinators) plans and runs the meetings of every table it may see; the
  radicalisation table's meetings exist only for its own members (DESIGN rule 6).
- Partners see the meetings of the tables they represent and of the meetings they attend.
- Nothing of a case is shown in a meeting, to anyone, before the viewer's confidentiality
  statement for that meeting is recorded; after it, exactly what the case rule shows them
  (their organisation must take part in the case: break-the-glass opens no meeting item).

Every function returns the object or raises NotFound, and accounts for exactly one audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from veilig.access import policy
from veilig.access.base import PendingChange, Row, acting_user, decide, refuse
from veilig.access.exports import ids_digest
from veilig.access.needs import Need, Purpose
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.detail import DETAIL_MAX, DETAIL_SEPARATOR, detail_join
from veilig.audit.models import AuditAction
from veilig.cases.models import Case, Table
from veilig.cases.vocabulary import Status
from veilig.consultations.models import AgendaItem, Attendance, Meeting

TRIAGE_STATUSES = (Status.REGISTERED, Status.TRIAGE)


# --- The rules ---------------------------------------------------------------------------


def is_director(user: User) -> bool:
    return policy.case_role(user) == Role.COORDINATOR.value


def _closed_themes(user: User) -> list[str]:
    member = policy.is_radicalisation_member(user)
    return sorted(policy.closed_themes(radicalisation_member=member))


def tables_directed_by(user: User) -> QuerySet[Table]:
    """The tables whose meetings a user plans and runs."""
    if not is_director(user):
        return Table.objects.none()
    return Table.objects.exclude(theme__in=_closed_themes(user))


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    role = policy.case_role(user)
    if not role:
        return Meeting.objects.none()
    if role == Role.COORDINATOR.value:
        visible = Meeting.objects.all()
    else:
        represented = Table.objects.filter(representatives=user).values("pk")
        attended = Attendance.objects.filter(user=user).values("meeting_id")
        visible = Meeting.objects.filter(Q(table__in=represented) | Q(pk__in=attended))
    return visible.exclude(table__theme__in=_closed_themes(user))


def statement_recorded(user: User, meeting: Meeting) -> bool:
    """The viewer's confidentiality statement for this meeting is on record."""
    return Attendance.objects.filter(
        meeting=meeting, user=user, statement_accepted_at__isnull=False
    ).exists()


def case_shown_in_meeting(user: User, case: Case) -> bool:
    """The case rule, without break-the-glass: a grant opens a case file, not a meeting."""
    if not policy.case_is_visible(user, case):
        return False
    return not policy.holds_break_glass(user, case)


def item_shown_to(user: User, item: AgendaItem) -> bool:
    """May ``user`` see the content of this agenda item (case, contributions, minutes)?"""
    if not meetings_visible_to(user).filter(pk=item.meeting_id).exists():
        return False
    if not statement_recorded(user, item.meeting):
        return False
    return case_shown_in_meeting(user, item.case)


def shown_item_ids(user: User, meeting: Meeting) -> set[int]:
    """The items of a meeting whose content ``user`` may see (the meeting must be visible)."""
    if not statement_recorded(user, meeting):
        return set()
    items = meeting.items.filter(case__in=policy.cases_visible_to(user).values("pk")).values_list(
        "pk", "case_id"
    )
    grants = policy.break_glass_grants_for(
        user, Case.objects.filter(pk__in=[case_id for _pk, case_id in items])
    )
    return {pk for pk, case_id in items if case_id not in grants}


# --- The choke points ----------------------------------------------------------------------


def _acting(context: AuditContext) -> AuditContext:
    return context.acting(role=policy.case_role(acting_user(context)), purpose=Purpose.CONSULTATION)


def access_meeting_list(context: AuditContext) -> QuerySet[Meeting]:
    """The meetings a user may list (no personal data: tables, dates, places): a row only when
    refused."""
    user = acting_user(context)
    if not policy.case_role(user):
        refuse(context=_acting(context), row=Row(AuditAction.LIST, "meeting"))
    return meetings_visible_to(user).select_related("table", "chair")


def access_meeting(context: AuditContext, meeting_id: int, *, need: Need = Need.READ) -> Meeting:
    """Open a meeting and its agenda: one read row."""
    user = acting_user(context)
    meeting = meetings_visible_to(user).select_related("table", "chair").filter(pk=meeting_id)
    found = meeting.first()
    granted = found is not None and (need is Need.READ or is_director(user))
    row = Row(AuditAction.READ, "meeting", meeting_id)
    return decide(context=_acting(context), found=found, granted=granted, row=row)


def access_meeting_planning(context: AuditContext) -> QuerySet[Table]:
    """The tables whose meetings a user may schedule (the empty planning form shows no
    personal data): a row only when refused."""
    user = acting_user(context)
    if not is_director(user):
        refuse(context=_acting(context), row=Row(AuditAction.CREATE, "meeting"))
    return tables_directed_by(user).order_by("name")


def access_meeting_create(context: AuditContext, table_id: int) -> tuple[Table, PendingChange]:
    """Check the scheduling of a meeting of a table (process direction)."""
    user = acting_user(context)
    table = tables_directed_by(user).filter(pk=table_id).first()
    row = Row(AuditAction.CREATE, "meeting", detail=f"table:{table_id}")
    if table is None:
        refuse(context=_acting(context), row=row)
    return table, PendingChange(context=_acting(context), row=row)


def access_meeting_change(
    context: AuditContext,
    meeting_id: int,
    *,
    action: AuditAction,
    object_type: str,
    detail: str = "",
) -> tuple[Meeting, PendingChange]:
    """Check a change of a meeting or its agenda, attendance (process direction)."""
    user = acting_user(context)
    meeting = tables_meeting(user, meeting_id)
    codes = detail if object_type == "meeting" else detail_join(f"meeting:{meeting_id}", detail)
    row = Row(action, object_type, meeting_id if object_type == "meeting" else "", detail=codes)
    if meeting is None:
        refuse(context=_acting(context), row=row)
    return meeting, PendingChange(context=_acting(context), row=row)


def tables_meeting(user: User, meeting_id: int) -> Meeting | None:
    """A meeting of a table the user directs, or None."""
    return (
        Meeting.objects.select_related("table")
        .filter(pk=meeting_id, table__in=tables_directed_by(user).values("pk"))
        .first()
    )


def access_own_attendance(context: AuditContext, meeting_id: int) -> tuple[Meeting, PendingChange]:
    """Check that a user records their own attendance and statement for a meeting they may see."""
    user = acting_user(context)
    found = meetings_visible_to(user).filter(pk=meeting_id).first()
    row = Row(AuditAction.UPDATE, "attendance", detail=f"meeting:{meeting_id}")
    if found is None:
        refuse(context=_acting(context), row=row)
    return found, PendingChange(context=_acting(context), row=row)


def _item(item_id: int) -> AgendaItem | None:
    return (
        AgendaItem.objects.select_related("meeting__table", "case__table", "case__subject")
        .filter(pk=item_id)
        .first()
    )


def _item_row(action: AuditAction, object_type: str, item: AgendaItem | None, item_id: int) -> Row:
    case_id = item.case_id if item is not None else None
    return Row(
        action=action,
        object_type=object_type,
        object_id=item_id if object_type == "agenda_item" else "",
        subject_person_id=item.case.subject_id if item is not None else None,
        detail=detail_join(f"case:{case_id}" if case_id else "", f"agenda_item:{item_id}")
        if object_type != "agenda_item"
        else (f"case:{case_id}" if case_id else ""),
    )


def access_agenda_item(context: AuditContext, item_id: int) -> AgendaItem:
    """Open one agenda item in the meeting view (the case, its contributions in the viewer's
    scope, the minutes): one read row naming the case's subject."""
    user = acting_user(context)
    item = _item(item_id)
    granted = item is not None and item_shown_to(user, item)
    row = _item_row(AuditAction.READ, "agenda_item", item, item_id)
    return decide(context=_acting(context), found=item, granted=granted, row=row)


def access_agenda_item_change(
    context: AuditContext, item_id: int, *, action: AuditAction, object_type: str, detail: str = ""
) -> tuple[AgendaItem, PendingChange]:
    """Check a write at an agenda item (minutes, a decision, an action): process direction with
    its own statement recorded, in a case it may see."""
    user = acting_user(context)
    item = _item(item_id)
    granted = item is not None and is_director(user) and item_shown_to(user, item)
    row = _item_row(action, object_type, item, item_id)
    if detail:
        row = Row(
            row.action,
            row.object_type,
            row.object_id,
            row.subject_person_id,
            detail_join(row.detail, detail),
        )
    if not granted or item is None:
        refuse(context=_acting(context), row=row)
    return item, PendingChange(context=_acting(context), row=row)


def access_triage_queue(context: AuditContext) -> QuerySet[Case]:
    """The cases waiting for triage that process direction may see: one list row."""
    user = acting_user(context)
    granted = is_director(user)
    queue = policy.cases_visible_to(user).filter(status__in=TRIAGE_STATUSES) if granted else None
    row = Row(AuditAction.LIST, "case", detail="triage")
    context = context.acting(role=policy.case_role(user), purpose=Purpose.TRIAGE)
    return decide(context=context, found=queue, granted=granted, row=row)


# --- Meeting documents: the agenda and the minutes as PDF, the meeting as iCalendar ---------


class DocumentKind(StrEnum):
    """The files of a meeting; the value is the code in the audit row."""

    AGENDA = "agenda"
    MINUTES = "minutes"
    ICS = "ics"


@dataclass(frozen=True)
class MeetingDocumentGrant:
    """What a file of a meeting may hold: it is built for ``recipient``; ``producer`` asked for
    it (the same user, or process direction making it for an attendee). ``item_ids`` are the
    agenda items whose case content it may hold."""

    meeting: Meeting
    recipient: User
    producer: User
    item_ids: frozenset[int]


def document_item_ids(recipient: User, meeting: Meeting, *, producer: User) -> frozenset[int]:
    """The items whose content a file for ``recipient`` holds: those shown to the recipient
    (meeting visible, statement recorded, case open to them) and, when process direction makes
    it for an attendee, also shown to the producer, who reads the file before sending it."""
    if not meetings_visible_to(recipient).filter(pk=meeting.pk).exists():
        return frozenset()
    shown = shown_item_ids(recipient, meeting)
    if producer.pk != recipient.pk:
        shown &= shown_item_ids(producer, meeting)
    return frozenset(shown)


def cases_code(case_ids: Iterable[int], *, room: int) -> str:
    """``cases:3,7`` when it fits in ``room`` characters, else ``cases-sha256:<64 hex>`` (the
    SHA-256 of the ids in ascending order joined by commas, as for exports); no case, no code."""
    ordered = sorted(set(case_ids))
    if not ordered:
        return ""
    listed = f"cases:{','.join(str(i) for i in ordered)}"
    return listed if len(listed) <= room else f"cases-sha256:{ids_digest(ordered)}"


def _document_detail(kind: DocumentKind, case_ids: list[int], for_user: int | None) -> str:
    lead = detail_join(kind.value, f"for:user:{for_user}" if for_user is not None else "")
    if kind is DocumentKind.ICS:
        return lead
    room = DETAIL_MAX - len(lead) - len(DETAIL_SEPARATOR)
    return detail_join(lead, cases_code(case_ids, room=room))


def _attendee(meeting: Meeting, attendance_id: int) -> User | None:
    attendance = (
        Attendance.objects.select_related("user").filter(pk=attendance_id, meeting=meeting).first()
    )
    return attendance.user if attendance is not None else None


def access_meeting_document(
    context: AuditContext,
    meeting_id: int,
    kind: DocumentKind,
    *,
    for_attendance_id: int | None = None,
) -> MeetingDocumentGrant:
    """A file of a meeting (agenda or minutes PDF, iCalendar): the meeting visible to the one
    asking; one row (PDF ``export``, iCalendar ``download``) naming the kind and the cases whose
    content the file holds, ``minutes;cases:3,7``.

    ``for_attendance_id``: process direction makes the PDF for an attendee of the meeting (to
    send it); the content is the attendee's (``document_item_ids``), the row adds
    ``for:user:<id>``. The iCalendar file holds no case and no name (docs/consultations.md).
    """
    user = acting_user(context)
    action = AuditAction.DOWNLOAD if kind is DocumentKind.ICS else AuditAction.EXPORT
    asked_for = f"for:attendance:{for_attendance_id}" if for_attendance_id is not None else ""
    refused = Row(action, "meeting", meeting_id, detail=detail_join(kind.value, asked_for))
    meeting = meetings_visible_to(user).select_related("table", "chair").filter(pk=meeting_id)
    found = meeting.first()
    if found is None:
        refuse(context=_acting(context), row=refused)
    recipient: User | None = user
    if for_attendance_id is not None:
        if kind is DocumentKind.ICS:
            refuse(context=_acting(context), row=refused)
        if tables_meeting(user, meeting_id) is None:
            refuse(context=_acting(context), row=refused)
        recipient = _attendee(found, for_attendance_id)
    if recipient is None:
        refuse(context=_acting(context), row=refused)
    item_ids = (
        frozenset()
        if kind is DocumentKind.ICS
        else document_item_ids(recipient, found, producer=user)
    )
    case_ids = list(AgendaItem.objects.filter(pk__in=item_ids).values_list("case_id", flat=True))
    for_user = recipient.pk if for_attendance_id is not None else None
    row = Row(action, "meeting", meeting_id, detail=_document_detail(kind, case_ids, for_user))
    grant = MeetingDocumentGrant(
        meeting=found, recipient=recipient, producer=user, item_ids=item_ids
    )
    return decide(context=_acting(context), found=grant, granted=True, row=row)


def access_followup(context: AuditContext, *, detail: str = "followup") -> QuerySet[Case]:
    """The cases behind the follow-up overview ("snel bijsturen", docs/consultations.md): the
    cases process direction may see (radicalisation only for that table's members). One list
    row, granted to coordinators; everyone else is refused (404) with a denied row."""
    user = acting_user(context)
    granted = is_director(user)
    visible = policy.cases_visible_to(user) if granted else None
    row = Row(AuditAction.LIST, "case", detail=detail)
    acting = context.acting(role=policy.case_role(user), purpose=Purpose.CONSULTATION)
    return decide(context=acting, found=visible, granted=granted, row=row)
