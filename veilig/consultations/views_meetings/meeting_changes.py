"""The POSTs of the meeting page: the agenda (add, move, publish), the meeting's status (held,
cancelled), attendance and one's own confidentiality statement. Each writes one audit row
through its service; a refusal of the input shows the page again with the error summary."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from veilig.accounts.models import User
from veilig.audit.context import audit_context_of
from veilig.cases.models import Case
from veilig.cases.views.forms_common import run_service
from veilig.consultations.forms_meetings import AgendaAddForm, AttendanceForm, MoveForm
from veilig.consultations.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_publish,
    attendance_record,
    meeting_cancel,
    meeting_hold,
    statement_accept,
)
from veilig.consultations.views_meetings.meeting import render_meeting
from veilig.ui.views import personal_view


def _back(request: HttpRequest, meeting_id: int, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    response = redirect("meetings:detail", meeting_id=meeting_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _simple(
    request: HttpRequest, meeting_id: int, call: Callable[[], object], message: str
) -> HttpResponse:
    """A button without fields: a refusal is shown as a message on the page."""
    try:
        call()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("meetings:detail", meeting_id=meeting_id)
    return _back(request, meeting_id, message)


@personal_view
@require_POST
def agenda_add_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    form = AgendaAddForm(request.POST, cases=Case.objects.all())
    if form.is_valid():
        case = form.cleaned_data["case"]
        if run_service(
            form,
            lambda: agenda_item_add(
                context=audit_context_of(request), meeting_id=meeting_id, case_id=case.pk
            ),
        ):
            return _back(request, meeting_id, gettext("The case is on the agenda."), "agenda")
    return render_meeting(request, meeting_id, add_form=form)


@personal_view
@require_POST
def agenda_move_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        return render_meeting(request, meeting_id)
    data = form.cleaned_data
    return _simple(
        request,
        meeting_id,
        lambda: agenda_item_move(
            context=audit_context_of(request),
            meeting_id=meeting_id,
            item_id=data["item"],
            position=data["position"],
        ),
        gettext("The agenda has been reordered."),
    )


@personal_view
@require_POST
def agenda_publish_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _simple(
        request,
        meeting_id,
        lambda: agenda_publish(context=audit_context_of(request), meeting_id=meeting_id),
        gettext("The agenda has been published."),
    )


@personal_view
@require_POST
def meeting_hold_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _simple(
        request,
        meeting_id,
        lambda: meeting_hold(context=audit_context_of(request), meeting_id=meeting_id),
        gettext("The meeting has been marked as held."),
    )


@personal_view
@require_POST
def meeting_cancel_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _simple(
        request,
        meeting_id,
        lambda: meeting_cancel(context=audit_context_of(request), meeting_id=meeting_id),
        gettext("The meeting has been cancelled."),
    )


@personal_view
@require_POST
def attendance_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    users = User.objects.filter(is_active=True).select_related("organisation")
    form = AttendanceForm(request.POST, users=users)
    if form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: attendance_record(
                context=audit_context_of(request),
                meeting_id=meeting_id,
                user=data["user"],
                present=data["present"],
            ),
        ):
            return _back(
                request, meeting_id, gettext("The attendance has been recorded."), "attendance"
            )
    return render_meeting(request, meeting_id, attendance_form=form)


@personal_view
@require_POST
def statement_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _simple(
        request,
        meeting_id,
        lambda: statement_accept(context=audit_context_of(request), meeting_id=meeting_id),
        gettext("Your confidentiality statement has been recorded."),
    )
