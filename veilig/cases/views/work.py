"""Work of the participants: contributions, actions and documents."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veilig.access.cases import Need, access_action, access_case
from veilig.audit.context import audit_context_of
from veilig.cases.forms import (
    ActionForm,
    ActionUpdateForm,
    ContributionForm,
    DocumentForm,
)
from veilig.cases.models import Case
from veilig.cases.selectors import (
    case_owner_candidates,
    case_participant_organisations,
)
from veilig.cases.services import (
    action_add,
    action_update,
    contribution_add,
    document_upload,
)
from veilig.cases.views.forms_common import GET_POST, done, render_form, run_service
from veilig.cases.vocabulary import ActionStatus, DataCategory, Scope
from veilig.ui.views import personal_view

# --- Work of the participants ----------------------------------------------------------------


@personal_view
@GET_POST
def contribution_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = ContributionForm(request.POST or None)
    case: Case | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
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
            return done(request, case_id, gettext("Your contribution has been added."))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.CONTRIBUTE)
    return render_form(
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
        if run_service(
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
            return done(request, case_id, gettext("The action has been added."))
        # Shown again: the people of the chosen organisation only.
        form.narrow_users(case_owner_candidates(organisation_ids=[owner.pk]))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.CONTRIBUTE)
        organisations = case_participant_organisations(case=case)
        form.narrow_to(organisations)
        form.narrow_users(case_owner_candidates(organisation_ids=[org.pk for org in organisations]))
    return render_form(
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
        if run_service(
            form,
            lambda: action_update(
                context=audit_context_of(request),
                action_id=action_id,
                case_id=case_id,
                status=ActionStatus(data["status"]),
                result=data["result"],
            ),
        ):
            return done(request, case_id, gettext("The action has been updated."))
    else:
        action = access_action(
            audit_context_of(request), action_id, case_id=case_id, need=Need.CONTRIBUTE
        )
        case = action.case
        if not form.is_bound:
            form = ActionUpdateForm(initial={"status": action.status, "result": action.result})
    return render_form(
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
        if run_service(
            form,
            lambda: document_upload(
                context=audit_context_of(request),
                case_id=case_id,
                upload=data["upload"],
                data_category=DataCategory(data["data_category"]),
                scope=Scope(data["scope"]),
            ),
        ):
            return done(request, case_id, gettext("The document has been added."))
    else:
        case = access_case(audit_context_of(request), case_id, need=Need.CONTRIBUTE)
    types = ", ".join(sorted(set(settings.DOCUMENT_CONTENT_TYPES.values())))
    limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
    return render_form(
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
