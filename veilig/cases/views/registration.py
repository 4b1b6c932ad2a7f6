"""Registering a case, and break-the-glass (emergency access to one case)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext

from veilig.access import policy
from veilig.access.errors import NotFound
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.cases.forms import (
    BreakGlassForm,
    RegistrationForm,
)
from veilig.cases.selectors import (
    stadsdeel_options,
)
from veilig.cases.services import (
    break_glass_open,
    case_register_new_person,
)
from veilig.cases.views.forms_common import GET_POST, done
from veilig.cases.views.from_early_signal import (
    early_signal_id,
    link_registered_case,
    prefill_from_early_signal,
)
from veilig.cases.vocabulary import Theme
from veilig.ui.views import personal_view

# --- Registration ---------------------------------------------------------------------------


@personal_view
@GET_POST
def register_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "GET" and not policy.may_register_case(user):
        raise Http404  # an empty form holds no personal data; a POST is refused and audited
    stadsdelen = stadsdeel_options()
    early_id = early_signal_id(request)  # "casus aanmelden" from an early signal
    prefill = None
    if early_id is not None and request.method == "GET":
        prefill = prefill_from_early_signal(
            request, user=user, early_id=early_id, stadsdelen=stadsdelen
        )
    form = RegistrationForm(
        request.POST or None,
        initial=prefill.initial if prefill else None,
        stadsdelen=stadsdelen,
    )
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
            if early_id is not None:
                link_registered_case(request, early_id=early_id, case=case)
            return done(
                request,
                case.pk,
                gettext("Case %(reference)s has been registered.") % {"reference": case.reference},
            )
    page = {"form": form, "prefill": prefill, "early_id": early_id}
    return render(request, "cases/register.html", page)


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
