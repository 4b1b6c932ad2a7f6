"""Who may read the access log: the privacy officer (functionaris gegevensbescherming) only.

Every request to the privacy pages writes exactly one audit row, granted or denied: reading the
log is itself a processing of personal data (DESIGN rule 3). Denied access answers 404, like the
casework choke point, so that the pages do not reveal themselves to other roles.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.audit.services import audit_record

# Object type of the rows that record reading the log itself.
ACCESS_LOG = "access_log"
# Purposes (doelbinding) of the privacy officer's work.
PURPOSE_SUPERVISION = "supervision"  # toezicht op de verwerking
PURPOSE_SUBJECT_ACCESS = "subject_access"  # inzageverzoek, AVG art. 15
PURPOSE_BREAK_GLASS_REVIEW = "break_glass_review"


def is_privacy_officer(user: object) -> bool:
    return (
        isinstance(user, User)
        and user.is_authenticated
        and user.is_active
        and user.has_role(Role.PRIVACY_OFFICER)
    )


def privacy_context(request: HttpRequest, *, purpose: str, granted: bool = True) -> AuditContext:
    return AuditContext.from_request(
        request, role=Role.PRIVACY_OFFICER.value if granted else "", purpose=purpose
    )


def privacy_audit(
    request: HttpRequest,
    *,
    purpose: str = PURPOSE_SUPERVISION,
    action: AuditAction = AuditAction.READ,
    object_type: str = ACCESS_LOG,
    object_id: str | int = "",
    subject_person_id: int | None = None,
    result: AuditResult = AuditResult.GRANTED,
    detail: str = "",
) -> AuditEntry:
    """The one audit row of a privacy page request."""
    return audit_record(
        context=privacy_context(request, purpose=purpose, granted=result == AuditResult.GRANTED),
        action=action,
        object_type=object_type,
        object_id=object_id,
        subject_person_id=subject_person_id,
        result=result,
        detail=detail,
    )


def access_privacy_officer(
    request: HttpRequest,
    *,
    detail: str,
    purpose: str = PURPOSE_SUPERVISION,
    action: AuditAction = AuditAction.READ,
) -> User:
    """The signed-in privacy officer, or Http404 after writing a denied audit row.

    Call it first in every privacy view (after ``login_required``). Only a denial writes its row
    here; a granted view writes its own row once it knows what it shows.
    """
    user = request.user
    if is_privacy_officer(user):
        assert isinstance(user, User)
        return user
    privacy_audit(request, purpose=purpose, action=action, result=AuditResult.DENIED, detail=detail)
    raise Http404
