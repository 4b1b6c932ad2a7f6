"""The meeting page: date, place, chair, status, the agenda and the attendance; the
confidentiality statement for a viewer who has not accepted it yet."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from veilig.access.meetings import access_meeting, is_director, statement_recorded
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.consultations.forms_meetings import AgendaAddForm, AttendanceForm
from veilig.consultations.models import Meeting
from veilig.consultations.selectors.pages import (
    agenda_candidates,
    agenda_rows,
    attendance_candidates,
    attendance_of,
)
from veilig.consultations.services import agenda_current
from veilig.consultations.vocabulary import OPEN_MEETING_STATUSES, MeetingStatus
from veilig.ui.views import personal_view


def render_meeting(
    request: HttpRequest,
    meeting_id: int,
    *,
    add_form: AgendaAddForm | None = None,
    attendance_form: AttendanceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting page (one read row); bound forms with errors are shown in place."""
    user = signed_in_user(request)
    meeting: Meeting = access_meeting(audit_context_of(request), meeting_id)
    agenda_current(meeting=meeting)
    signed = statement_recorded(user, meeting)
    directs = is_director(user)
    is_open = meeting.status in OPEN_MEETING_STATUSES
    context: dict[str, Any] = {
        "meeting": meeting,
        "rows": agenda_rows(user=user, meeting=meeting),
        "attendance": attendance_of(meeting=meeting),
        "signed": signed,
        "directs": directs,
        "is_open": is_open,
        "may_sign": meeting.status != MeetingStatus.CANCELLED,
    }
    if directs and meeting.status != MeetingStatus.CANCELLED:
        users = attendance_candidates(meeting=meeting)
        attendance_form = attendance_form or AttendanceForm(users=users)
        attendance_form.fields["user"].queryset = users  # type: ignore[attr-defined]
        context["attendance_form"] = attendance_form
    if directs and signed and is_open:
        cases = agenda_candidates(user=user, meeting=meeting)
        add_form = add_form or AgendaAddForm(cases=cases)
        add_form.fields["case"].queryset = cases  # type: ignore[attr-defined]
        context["add_form"] = add_form
    return render(request, "consultations/meetings/detail.html", context, status=status)


@personal_view
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return render_meeting(request, meeting_id)
