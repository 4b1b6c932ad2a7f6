"""The functional administrator's second-factor pages: activation codes and resets.

Only the ``admin`` role; everyone else gets 404 and a denied audit row. An administrator never
acts on their own account (another administrator, or the ``two_factor_activation_code``
command for the very first one, must do it), so these pages answer 404 for oneself too.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from veilig.access.accounts import access_two_factor_admin, access_two_factor_status
from veilig.accounts.forms import ResetForm
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.accounts.selectors import TwoFactorStatus, two_factor_overview, two_factor_resets
from veilig.accounts.selectors import two_factor_status as status_of
from veilig.accounts.two_factor import TwoFactorError, activation_code_issue, two_factor_reset
from veilig.audit.context import audit_context_of
from veilig.audit.models import AuditAction


def _administrator(
    request: HttpRequest, *, action: AuditAction, object_type: str, user_id: int | None = None
) -> User:
    context = audit_context_of(request)
    return access_two_factor_admin(context, action=action, object_type=object_type, user_id=user_id)


def _status_or_404(request: HttpRequest, user_id: int, object_type: str) -> TwoFactorStatus:
    return access_two_factor_status(audit_context_of(request), user_id, object_type=object_type)


def _user_page(
    request: HttpRequest, status: TwoFactorStatus, *, reset_form: ResetForm, error: str = ""
) -> HttpResponse:
    context = {
        "status": status,
        "resets": two_factor_resets(user=status.user),
        "reset_form": reset_form,
        "error": error,
    }
    return render(request, "accounts/admin/two_factor_user.html", context)


def _code_page(
    request: HttpRequest, status: TwoFactorStatus, code: str, *, reset: bool
) -> HttpResponse:
    # Shown once; the view's never_cache keeps the page out of every cache.
    return render(
        request,
        "accounts/admin/activation_code.html",
        {"status": status, "code": code, "reset": reset},
    )


@never_cache
@login_required
@require_GET
def two_factor_admin(request: HttpRequest) -> HttpResponse:
    admin = _administrator(request, action=AuditAction.LIST, object_type="totp_device")
    return render(
        request,
        "accounts/admin/two_factor_list.html",
        {"rows": two_factor_overview(), "admin_id": admin.pk},
    )


@never_cache
@login_required
@require_GET
def two_factor_admin_user(request: HttpRequest, user_id: int) -> HttpResponse:
    _administrator(request, action=AuditAction.READ, object_type="totp_device", user_id=user_id)
    status = _status_or_404(request, user_id, "totp_device")
    return _user_page(request, status, reset_form=ResetForm())


@never_cache
@login_required
@require_POST
def two_factor_admin_issue(request: HttpRequest, user_id: int) -> HttpResponse:
    admin = _administrator(
        request, action=AuditAction.GRANT, object_type="activation_code", user_id=user_id
    )
    status = _status_or_404(request, user_id, "activation_code")
    try:
        _row, code = activation_code_issue(
            user=status.user,
            issued_by=admin,
            context=audit_context_of(request).acting(role=Role.ADMIN.value, purpose=""),
        )
    except TwoFactorError as error:
        message = {
            "has_device": _(
                "This user already has an authenticator app. Reset it first if it is lost."
            ),
            "inactive": _("This account is not active."),
        }.get(error.code, _("This step could not be completed. Please start again."))
        return _user_page(request, status, reset_form=ResetForm(), error=message)
    return _code_page(request, status_of(user_id=user_id) or status, code, reset=False)


@never_cache
@login_required
@require_POST
def two_factor_admin_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    admin = _administrator(
        request, action=AuditAction.DELETE, object_type="two_factor_reset", user_id=user_id
    )
    status = _status_or_404(request, user_id, "two_factor_reset")
    form = ResetForm(request.POST)
    if not form.is_valid():
        return _user_page(request, status, reset_form=form)
    _reset, code = two_factor_reset(
        user=status.user,
        performed_by=admin,
        reason=form.cleaned_data["reason"],
        context=audit_context_of(request).acting(role=Role.ADMIN.value, purpose=""),
    )
    return _code_page(request, status_of(user_id=user_id) or status, code, reset=True)
