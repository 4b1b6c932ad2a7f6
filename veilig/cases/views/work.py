"""Forms that change a case. Post/redirect/get with a message.

A POST calls only the service, which opens the case through the choke point itself (one audit
row per request). Only when the form cannot even be parsed is the case opened here, to show
the form again; then no service runs. Choices narrowed for display are checked again by the
service, so a forged POST changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from veilig.access import policy
from veilig.access.cases import Need, Purpose, access_action, access_case
from veilig.access.errors import NotFound
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.cases.forms import (
    ActionForm,
    ActionUpdateForm,
    BreakGlassForm,
    ContributionForm,
    DocumentForm,
    InviteForm,
    PlanForm,
    RegistrationForm,
    TransitionForm,
)
from veilig.cases.models import Case
from veilig.cases.selectors import (
    case_owner_candidates,
    case_participant_organisations,
    case_plan,
    stadsdeel_options,
)
from veilig.cases.services import (
    action_add,
    action_update,
    break_glass_open,
    case_register_new_person,
    case_transition,
    contribution_add,
    document_upload,
    participant_invite,
    plan_set,
)
from veilig.cases.vocabulary import TRANSITIONS, ActionStatus, DataCategory, Scope, Status, Theme
from veilig.ui.forms import UiForm
from veilig.ui.views import personal_view

GET_POST = require_http_methods(["GET", "POST"])


def _run(form: UiForm, call: Callable[[], object]) -> bool:
    """Run a service; a refusal becomes form errors and nothing is changed."""
    try:
        call()
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


def _render_form(
    request: HttpRequest,
    *,
    form: UiForm,
    case: Case | None,
    case_id: int,
    title: Promise,
    intro: Promise | str = "",
    submit_label: Promise,
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "case": case,
        "case_id": case_id,
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "multipart": multipart,
        **(extra or {}),
    }
    return render(request, "cases/form.html", context)


def _done(request: HttpRequest, case_id: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:detail", case_id=case_id)


# --- Registration ---------------------------------------------------------------------------


@personal_view
@GET_POST
def register_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "GET" and not policy.may_register_case(user):
        raise Http404  # an empty form holds no personal data; a POST is refused and audited
    form = RegistrationForm(request.POST or None, stadsdelen=stadsdeel_options())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_register_new_person(
                context=audit_context_of(request),
                person={
                    "first_name": data["first_name"],
                    "prefix": data["name_prefix"],
                    "last_name": data["last_name"],
                    "date_of_birth": data["date_of_birth"],
                    "bsn": data["bsn"],
                },
                theme=Theme(data["theme"]),
                reason=data["reason"],
                criteria=form.criteria(),
                stadsdeel=data["stadsdeel"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _done(
                request,
                case.pk,
                gettext("Case %(reference)s has been registered.") % {"reference": case.reference},
            )
    return render(request, "cases/register.html", {"form": form})


# --- Triage and process direction -------------------------------------------------------------


@personal_view
@GET_POST
def transition_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = TransitionForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            lambda: case_transition(
                context=audit_context_of(request),
                case_id=case_id,
                to_status=Status(data["to_status"]),
                reason=data["reason"],
                table=data["table"],
            ),
        ):
            return _done(request, case_id, gettext("The status of the case has been changed."))
        seen = data.get("from_status") or ""
        if seen in Status.values:
            form.narrow_to(Status(seen))
    else:
        case = access_case(
            audit_context_of(request), case_id, need=Need.MANAGE, purpose=Purpose.TRIAGE
        )
        form.narrow_to(Status(case.status))
    no_choice = case is not None and not TRANSITIONS[Status(case.status)]
    return _render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Decision on the case"),
        intro=_(
            "Choose the next status. Only the steps the workflow allows from the current "
            "status are offered. Not picking up, stepping down and closing need a reason."
        ),
        submit_label=_("Save decision"),
        extra={"no_choice": no_choice},
    )


@personal_view
@GET_POST
def participant_invite_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = InviteForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            lambda: participant_invite(
                context=audit_context_of(request),
                case_id=case_id,
                organisation=data["organisation"],
                role=data["role"],
            ),
        ):
            return _done(
                request,
                case_id,
                gettext("%(organisation)s now takes part in the case.")
                % {"organisation": data["organisation"].name},
            )
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.MANAGE)
        form.exclude(case_participant_organisations(case=case))
    return _render_form(
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
        if _run(
            form, lambda: plan_set(context=audit_context_of(request), case_id=case_id, goals=goals)
        ):
            return _done(request, case_id, gettext("The plan of action has been saved."))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.MANAGE)
        if not form.is_bound:
            plan = case_plan(case=case)
            form = PlanForm(initial={"goals": plan.goals if plan else ""})
    return _render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Plan of action"),
        submit_label=_("Save plan"),
    )


# --- Work of the participants ----------------------------------------------------------------


@personal_view
@GET_POST
def contribution_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = ContributionForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            lambda: contribution_add(
                context=audit_context_of(request),
                case_id=case_id,
                text=data["text"],
                data_category=DataCategory(data["data_category"]),
                legal_basis=data["legal_basis"],
                scope=Scope(data["scope"]),
            ),
        ):
            return _done(request, case_id, gettext("Your contribution has been added."))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.CONTRIBUTE)
    return _render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Add a contribution"),
        intro=_(
            "Add only what is necessary for the case, name the data category and the "
            "legal basis, and choose who may read it."
        ),
        submit_label=_("Add contribution"),
    )


@personal_view
@GET_POST
def action_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = ActionForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = data["owner_organisation"]
        if _run(
            form,
            lambda: action_add(
                context=audit_context_of(request),
                case_id=case_id,
                description=data["description"],
                owner_organisation=owner,
                deadline=data["deadline"],
                owner_user=data["owner_user"],
            ),
        ):
            return _done(request, case_id, gettext("The action has been added."))
        # Shown again: the people of the chosen organisation only.
        form.narrow_users(case_owner_candidates(organisation_ids=[owner.pk]))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.CONTRIBUTE)
        organisations = case_participant_organisations(case=case)
        form.narrow_to(organisations)
        form.narrow_users(case_owner_candidates(organisation_ids=[org.pk for org in organisations]))
    return _render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Add an action"),
        intro=_(
            "An action has one owner organisation that takes part in the case and a "
            "deadline. Open actions past their deadline are marked overdue."
        ),
        submit_label=_("Add action"),
    )


@personal_view
@GET_POST
def action_update_view(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    form = ActionUpdateForm(request.POST or None)
    case: Case | None = None
    action = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            lambda: action_update(
                context=audit_context_of(request),
                action_id=action_id,
                case_id=case_id,
                status=ActionStatus(data["status"]),
                result=data["result"],
            ),
        ):
            return _done(request, case_id, gettext("The action has been updated."))
    else:
        action = access_action(
            audit_context_of(request), action_id, case_id=case_id, need=Need.CONTRIBUTE
        )
        case = action.case
        if not form.is_bound:
            form = ActionUpdateForm(initial={"status": action.status, "result": action.result})
    return _render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Update an action"),
        intro=action.description if action is not None else "",
        submit_label=_("Save"),
    )


@personal_view
@GET_POST
def document_upload_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            lambda: document_upload(
                context=audit_context_of(request),
                case_id=case_id,
                upload=data["upload"],
                data_category=DataCategory(data["data_category"]),
                scope=Scope(data["scope"]),
            ),
        ):
            return _done(request, case_id, gettext("The document has been added."))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.CONTRIBUTE)
    types = ", ".join(sorted(set(settings.DOCUMENT_CONTENT_TYPES.values())))
    limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
    return _render_form(
        request,
        form=form,
        case=case,
        case_id=case_id,
        title=_("Add a document"),
        intro=gettext(
            "Allowed file types: %(types)s. At most %(mb)s MB. Documents can only be "
            "downloaded, never opened in the browser."
        )
        % {"types": types, "mb": limit},
        submit_label=_("Upload"),
        multipart=True,
    )


# --- Break-the-glass ------------------------------------------------------------------------


@personal_view
@GET_POST
def break_glass_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "GET" and not policy.case_role(user):
        raise Http404  # an empty form; a POST goes to the service, which audits the refusal
    form = BreakGlassForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = break_glass_open(
                context=audit_context_of(request),
                reference=data["reference"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        except NotFound:
            # The same answer whether the case does not exist or may not be opened this way.
            message = gettext("No case with this reference can be opened with emergency access.")
            form.add_service_error(ValidationError({"reference": message}))
            status = 404  # denied, as everywhere: the page explains it
        else:
            until = formats.date_format(
                timezone.localtime(grant.expires_at), "SHORT_DATETIME_FORMAT"
            )
            messages.warning(
                request,
                gettext(
                    "Emergency access granted until %(until)s. It has been logged and the privacy "
                    "officer will review your reason."
                )
                % {"until": until},
            )
            return redirect("cases:detail", case_id=grant.case_id)
    return render(request, "cases/break_glass.html", {"form": form}, status=status)
