"""An agenda item in the meeting view: the case summary, its contributions as the case rule
shows them to the viewer, the open actions with their history, the minutes (beeld, oordeel,
besluit) and the decisions; for process direction the forms to minute, decide and agree actions.

Not the case page: a meeting item is opened only with the viewer's confidentiality statement
recorded, and break-the-glass does not open it (``access_agenda_item``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from veilig.access.meetings import access_agenda_item, is_director
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.cases.selectors import case_owner_candidates, case_participant_organisations
from veilig.cases.views.forms_common import run_service
from veilig.consultations.forms_meetings import DecisionForm, MeetingActionForm, MinutesForm
from veilig.consultations.models import AgendaItem
from veilig.consultations.selectors.pages import item_view
from veilig.consultations.services import decision_add, meeting_action_add, minutes_write
from veilig.consultations.vocabulary import MeetingStatus
from veilig.ui.forms import UiForm
from veilig.ui.views import personal_view


def render_item(
    request: HttpRequest, item_id: int, *, forms: dict[str, UiForm] | None = None
) -> HttpResponse:
    """The item page (one read row naming the case's subject); bound forms shown in place."""
    user = signed_in_user(request)
    item: AgendaItem = access_agenda_item(audit_context_of(request), item_id)
    forms = forms or {}
    writable = is_director(user) and item.meeting.status != MeetingStatus.CANCELLED
    context: dict[str, Any] = {
        "item": item,
        "case": item.case,
        "meeting": item.meeting,
        "view": item_view(user=user, item=item),
        "writable": writable,
    }
    if writable:
        initial = {"beeld": item.beeld, "oordeel": item.oordeel, "besluit": item.besluit}
        context["minutes_form"] = forms.get("minutes") or MinutesForm(initial=initial)
        context["decision_form"] = forms.get("decision") or DecisionForm()
        action_form = forms.get("action") or MeetingActionForm()
        assert isinstance(action_form, MeetingActionForm)
        organisations = case_participant_organisations(case=item.case)
        action_form.narrow_to(organisations)
        action_form.narrow_users(case_owner_candidates(organisation_ids=_ids(organisations)))
        context["action_form"] = action_form
    return render(request, "consultations/meetings/item.html", context)


def _ids(organisations: Any) -> list[int]:
    return list(organisations.values_list("pk", flat=True))


def _back(request: HttpRequest, item_id: int, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    response = redirect("meetings:item", item_id=item_id)
    response["Location"] += f"#{anchor}"
    return response


@personal_view
@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    return render_item(request, item_id)


@personal_view
@require_POST
def minutes_view(request: HttpRequest, item_id: int) -> HttpResponse:
    form = MinutesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: minutes_write(
                context=audit_context_of(request),
                item_id=item_id,
                beeld=data["beeld"],
                oordeel=data["oordeel"],
                besluit=data["besluit"],
            ),
        ):
            return _back(request, item_id, gettext("The minutes have been saved."), "minutes")
    return render_item(request, item_id, forms={"minutes": form})


@personal_view
@require_POST
def decision_view(request: HttpRequest, item_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        if run_service(
            form,
            lambda: decision_add(context=audit_context_of(request), item_id=item_id, text=text),
        ):
            return _back(request, item_id, gettext("The decision has been recorded."), "decisions")
    return render_item(request, item_id, forms={"decision": form})


@personal_view
@require_POST
def action_view(request: HttpRequest, item_id: int) -> HttpResponse:
    form = MeetingActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: meeting_action_add(
                context=audit_context_of(request),
                item_id=item_id,
                description=data["description"],
                owner_organisation=data["owner_organisation"],
                owner_user=data["owner_user"],
                deadline=data["deadline"],
            ),
        ):
            return _back(request, item_id, gettext("The action has been added."), "actions")
    return render_item(request, item_id, forms={"action": form})
