"""Who may use the import screens: information analysts only; everyone else gets 404.

Denied attempts and the imports themselves are written to the audit log (DESIGN rule 3):
events are pseudonymised, but still personal data.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record
from veilig.events.models import ImportRun
from veilig.events.selectors import import_run_get

OBJECT_TYPE = "event_import"
PURPOSE = "event_import"


def is_analyst(user: object) -> bool:
    return (
        isinstance(user, User)
        and user.is_authenticated
        and user.is_active
        and user.has_role(Role.ANALYST)
    )


def require_analyst(request: HttpRequest) -> User:
    """The signed-in analyst, or 404 (and a 'denied' audit row)."""
    user = request.user
    if not is_analyst(user):
        audit_record(
            context=AuditContext.from_request(request, purpose=PURPOSE),
            action=AuditAction.READ,
            object_type=OBJECT_TYPE,
            result=AuditResult.DENIED,
            detail=request.path[:200],
        )
        raise Http404
    assert isinstance(user, User)
    return user


def audit_import(
    request: HttpRequest, *, action: AuditAction, run_id: int, detail: str = ""
) -> None:
    audit_record(
        context=AuditContext.from_request(request, role=Role.ANALYST.value, purpose=PURPOSE),
        action=action,
        object_type=OBJECT_TYPE,
        object_id=run_id,
        detail=detail,
    )


def access_import_run(
    request: HttpRequest, run_id: int, *, action: AuditAction = AuditAction.READ
) -> ImportRun:
    """The import run, or 404 after a 'denied' row (an unknown id is a refused attempt too).

    Opening a run writes no row by itself: the screens that show its results (the rejected
    rows with their external ids) write one with ``audit_import`` when they show them.
    """
    run = import_run_get(run_id=run_id)
    if run is None:
        audit_record(
            context=AuditContext.from_request(request, role=Role.ANALYST.value, purpose=PURPOSE),
            action=action,
            object_type=OBJECT_TYPE,
            object_id=run_id,
            result=AuditResult.DENIED,
            detail="unknown",
        )
        raise Http404
    return run


def audit_import_refused(
    request: HttpRequest, *, action: AuditAction, run_id: int, detail: str
) -> None:
    """A refused request about an existing run (e.g. a report of a run that has not ended)."""
    audit_record(
        context=AuditContext.from_request(request, role=Role.ANALYST.value, purpose=PURPOSE),
        action=action,
        object_type=OBJECT_TYPE,
        object_id=run_id,
        result=AuditResult.DENIED,
        detail=detail,
    )
