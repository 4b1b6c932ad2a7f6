"""Sign-in, failed sign-in, lockout and sign-out in the tamper-evident log (one row each).

Connected in ``AccountsConfig.ready()``. The rows name the account by its id (``object_id``),
never the typed user name or the password: a failed sign-in with a name that matches no user
has an empty ``object_id``. The second factor's rows are written by ``two_factor``.

``login()`` and ``logout()`` called without an HTTP request (the test client's
``force_login``, code run outside a request) are not sign-ins and write no row.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from veilig.accounts.models import User
from veilig.audit.context import audit_context_of
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record


def _over_http(request: HttpRequest | None) -> bool:
    return request is not None and request.method is not None


def _user_id(username: object) -> str:
    if not isinstance(username, str) or not username:
        return ""
    pk = User.objects.filter(username=username).values_list("pk", flat=True).first()
    return "" if pk is None else str(pk)


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not _over_http(request):
        return
    audit_record(
        context=audit_context_of(request),
        action=AuditAction.LOGIN,
        object_type="session",
        object_id=user.pk,
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None or not _over_http(request):
        return
    # django-axes handles this signal first; when it locked the account out it has sent
    # ``user_locked_out``, whose row (LOCKOUT) stands for this attempt.
    if getattr(request, "axes_locked_out", False):
        return
    audit_record(
        context=audit_context_of(request),
        action=AuditAction.LOGIN_FAILED,
        object_type="session",
        object_id=_user_id(credentials.get(User.USERNAME_FIELD)),
        result=AuditResult.DENIED,
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: object = None, **kwargs: Any
) -> None:
    if request is None or not _over_http(request):
        return
    audit_record(
        context=audit_context_of(request),
        action=AuditAction.LOCKOUT,
        object_type="session",
        object_id=_user_id(username),
        result=AuditResult.DENIED,
    )


def on_logged_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if request is None or user is None or not _over_http(request):
        return
    audit_record(
        context=audit_context_of(request),
        action=AuditAction.LOGOUT,
        object_type="session",
        object_id=user.pk,
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="veilig_audit_logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="veilig_audit_login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="veilig_audit_logged_out")
    user_locked_out.connect(on_locked_out, dispatch_uid="veilig_audit_locked_out")
