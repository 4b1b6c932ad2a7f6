"""Process direction (coordinator): triage decisions, participants, the plan of action."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veilig.access.cases import Need, Purpose, access_case
from veilig.audit.context import audit_context_of
from veilig.cases.forms import (
    InviteForm,
    PlanForm,
    TransitionForm,
)
from veilig.cases.models import Case
from veilig.cases.selectors import (
    case_participant_organisations,
    case_plan,
)
from veilig.cases.services import (
    case_transition,
    participant_invite,
    plan_set,
)
from veilig.cases.views.forms_common import GET_POST, done, render_form, run_service
from veilig.cases.vocabulary import TRANSITIONS, TRIAGE_OUTCOME_STATUSES, Status
from veilig.ui.views import personal_view

# --- Triage and process direction -------------------------------------------------------------


@personal_view
@GET_POST
def transition_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = TransitionForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: case_transition(
                context=audit_context_of(request),
                case_id=case_id,
                to_status=Status(data["to_status"]),
                reason=data["reason"],
                table=data["table"],
            ),
        ):
            return done(request, case_id, gettext("The status of the case has been changed."))
        seen = data.get("from_status") or ""
        if seen in Status.values:
            form.narrow_to(Status(seen))
    else:
        case = access_case(
            audit_context_of(request), case_id, need=Need.MANAGE, purpose=Purpose.TRIAGE
        )
        form.narrow_to(Status(case.status))
    in_triage = case is not None and case.status in (Status.REGISTERED, Status.TRIAGE)
    no_choice = case is not None and not (
        TRANSITIONS[Status(case.status)] - TRIAGE_OUTCOME_STATUSES
    )
    return render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Decision on the case"),
        intro=_(
            "Choose the next status. Only the steps the workflow allows from the current "
            "status are offered. Stepping down and closing need a reason."
        ),
        submit_label=_("Save decision"),
        extra={"no_choice": no_choice, "in_triage": in_triage},
    )


@personal_view
@GET_POST
def participant_invite_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = InviteForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: participant_invite(
                context=audit_context_of(request),
                case_id=case_id,
                organisation=data["organisation"],
                role=data["role"],
            ),
        ):
            return done(
                request,
                case_id,
                gettext("%(organisation)s now takes part in the case.")
                % {"organisation": data["organisation"].name},
            )
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.MANAGE)
        form.exclude(case_participant_organisations(case=case))
    return render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Invite an organisation"),
        intro=_(
            "An invited organisation sees the case and every contribution shared with all "
            "participants."
        ),
        submit_label=_("Invite"),
    )


@personal_view
@GET_POST
def plan_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = PlanForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        goals = form.cleaned_data["goals"]
        if run_service(
            form, lambda: plan_set(context=audit_context_of(request), case_id=case_id, goals=goals)
        ):
            return done(request, case_id, gettext("The plan of action has been saved."))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.MANAGE)
        if not form.is_bound:
            plan = case_plan(case=case)
            form = PlanForm(initial={"goals": plan.goals if plan else ""})
    return render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Plan of action"),
        submit_label=_("Save plan"),
    )
