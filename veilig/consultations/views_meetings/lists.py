"""The list of meetings and scheduling a meeting (process direction)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from veilig.access.meetings import access_meeting_list, access_meeting_planning, is_director
from veilig.accounts.models import User
from veilig.accounts.requests import signed_in_user
from veilig.accounts.roles import Role
from veilig.audit.context import audit_context_of
from veilig.cases.views.forms_common import GET_POST, run_service
from veilig.consultations.forms_meetings import ScheduleForm
from veilig.consultations.selectors.pages import meeting_groups
from veilig.consultations.services import meeting_schedule
from veilig.ui.params import query_int
from veilig.ui.views import personal_view


@personal_view
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    meetings = access_meeting_list(audit_context_of(request))
    groups = meeting_groups(meetings)
    context = {"groups": groups, "may_plan": is_director(user)}
    return render(request, "consultations/meetings/list.html", context)


def _chairs() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, roles__role=Role.COORDINATOR.value)
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


@personal_view
@GET_POST
def meeting_schedule_view(request: HttpRequest) -> HttpResponse:
    context = audit_context_of(request)
    tables = access_meeting_planning(context)
    chairs = _chairs()
    table_id = query_int(request, "tafel", minimum=1)
    initial = {"table": table_id} if table_id else {}
    form = ScheduleForm(
        request.POST or None,
        initial=initial,
        tables=tables,
        chairs=chairs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[int] = []

        def schedule() -> None:
            meeting = meeting_schedule(
                context=context,
                table_id=data["table"].pk,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                video_link=data["video_link"],
                chair=data["chair"],
            )
            created.append(meeting.pk)

        if run_service(form, schedule):
            messages.success(request, gettext("The meeting has been scheduled."))
            return redirect("meetings:detail", meeting_id=created[0])
    return render(request, "consultations/meetings/schedule.html", {"form": form})
