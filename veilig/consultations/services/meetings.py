"""Scheduling and running a meeting: the meeting itself, attendance and the confidentiality
statement (geheimhoudingsverklaring)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access.base import acting_user
from veilig.access.meetings import (
    access_meeting_change,
    access_meeting_create,
    access_own_attendance,
)
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.consultations.models import Attendance, Meeting
from veilig.consultations.services.agenda import agenda_refresh, next_agenda_refresh
from veilig.consultations.vocabulary import OPEN_MEETING_STATUSES, STATEMENT_VERSION, MeetingStatus


def meeting_schedule(
    *,
    context: AuditContext,
    table_id: int,
    starts_at: dt.datetime,
    duration_minutes: int = 90,
    place: str = "",
    video_link: str = "",
    chair: User | None = None,
) -> Meeting:
    table, pending = access_meeting_create(context, table_id)
    with pending.recorded():
        if not place.strip() and not video_link.strip():
            raise ValidationError({"place": _("Give a place or a video link.")})
        meeting = Meeting(
            table=table,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place.strip(),
            video_link=video_link.strip(),
            chair=chair or acting_user(context),
            created_by=acting_user(context),
        )
        meeting.full_clean()
        meeting.save()
        pending.object_id = meeting.pk
        agenda_refresh(meeting=meeting)
    return meeting


def _open_meeting(meeting: Meeting) -> None:
    if meeting.status not in OPEN_MEETING_STATUSES:
        raise ValidationError(_("This meeting has been held or cancelled."))


def meeting_hold(*, context: AuditContext, meeting_id: int) -> Meeting:
    """The meeting was held: what was not done comes back on the table's next agenda."""
    return _meeting_end(context=context, meeting_id=meeting_id, status=MeetingStatus.HELD)


def meeting_cancel(*, context: AuditContext, meeting_id: int) -> Meeting:
    return _meeting_end(context=context, meeting_id=meeting_id, status=MeetingStatus.CANCELLED)


def _meeting_end(*, context: AuditContext, meeting_id: int, status: MeetingStatus) -> Meeting:
    """Held or cancelled: the table's next meeting becomes the one its agenda builds for."""
    meeting, pending = access_meeting_change(
        context,
        meeting_id,
        action=AuditAction.UPDATE,
        object_type="meeting",
        detail=f"status:{status}",
    )
    with pending.recorded():
        _open_meeting(meeting)
        meeting.status = status
        meeting.save(update_fields=["status"])
        next_agenda_refresh(table_id=meeting.table_id)
    return meeting


def _representative(meeting: Meeting, user: User) -> bool:
    """Does ``user`` represent the meeting's table (else they attend as incidental)?"""
    return meeting.table.representatives.filter(pk=user.pk).exists()


def attendance_record(
    *,
    context: AuditContext,
    meeting_id: int,
    user: User,
    present: bool = True,
) -> Attendance:
    """The chair records who attends; someone not representing the table is incidental."""
    meeting, pending = access_meeting_change(
        context,
        meeting_id,
        action=AuditAction.CREATE,
        object_type="attendance",
        detail=f"user:{user.pk}",
    )
    with pending.recorded():
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("This meeting has been held or cancelled."))
        if not user.is_active or user.organisation_id is None:
            raise ValidationError(
                {"user": _("Only active users of a partner organisation attend.")}
            )
        representative = _representative(meeting, user)
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            user=user,
            defaults={
                "organisation_id": user.organisation_id,
                "incidental": not representative,
                "present": present,
                "recorded_by": acting_user(context),
            },
        )
        pending.object_id = attendance.pk
    return attendance


def statement_accept(*, context: AuditContext, meeting_id: int) -> Attendance:
    """The attendee accepts the confidentiality statement for this meeting, themselves."""
    meeting, pending = access_own_attendance(context, meeting_id)
    user = acting_user(context)
    with pending.recorded():
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("This meeting has been held or cancelled."))
        if user.organisation_id is None:
            raise ValidationError(_("You are not a member of an organisation."))
        representative = _representative(meeting, user)
        attendance, _created = Attendance.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={
                "organisation_id": user.organisation_id,
                "incidental": not representative,
                "recorded_by": user,
            },
        )
        if attendance.statement_accepted_at is None:
            attendance.statement_accepted_at = timezone.now()
            attendance.statement_version = STATEMENT_VERSION
            attendance.save(update_fields=["statement_accepted_at", "statement_version"])
        pending.object_id = attendance.pk
    return attendance
