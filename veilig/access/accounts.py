"""THE choke point of the administrator's second-factor pages (issue #11, F1).

Only a functional administrator opens them, never for their own account (separation of duties:
nobody resets or issues their own second factor). Every refusal writes a denied row.
"""

from __future__ import annotations

from veilig.access.base import Row, acting_user, refuse
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.accounts.selectors import TwoFactorStatus, two_factor_status
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction


def _user_code(user_id: int | None) -> str:
    return "" if user_id is None else f"user={user_id}"


def access_two_factor_admin(
    context: AuditContext, *, action: AuditAction, object_type: str, user_id: int | None = None
) -> User:
    """The signed-in administrator, about another user's second factor (or the list)."""
    admin = acting_user(context)
    if admin.has_role(Role.ADMIN) and (user_id is None or user_id != admin.pk):
        return admin
    refuse(context=context, row=Row(action, object_type, detail=_user_code(user_id)))


def access_two_factor_status(
    context: AuditContext, user_id: int, *, object_type: str
) -> TwoFactorStatus:
    """The second-factor state of an existing user; an unknown id is a refused attempt."""
    status = two_factor_status(user_id=user_id)
    if status is None:
        row = Row(AuditAction.READ, object_type, detail=_user_code(user_id))
        refuse(context=context.acting(role=Role.ADMIN.value, purpose=""), row=row)
    return status
