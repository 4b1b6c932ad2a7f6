"""Services for the administration of rights: roles, users, organisations, privileged requests.

Separation of duties (issue #11, F12):

- nobody changes their own rights: roles, organisation, active/staff/superuser status, groups
  and permissions of one's own account are refused;
- only a superuser changes superuser status, groups and permissions (the functional
  administrator's permissions come from its role, see ``permissions.py``);
- the privileged grants - the roles in ``FOUR_EYES_ROLES`` and representation of a
  radicalisation table - become a ``PrivilegeRequest`` that takes effect only when a second
  administrator, neither the requester nor the target, approves it.

Every change, request, decision and refusal writes one audit row (F11) whose ``detail`` holds
codes and ids only, never names or free text.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.accounts.models import Organisation, PrivilegeRequest, RequestOutcome, User, UserRole
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record

if TYPE_CHECKING:  # a privilege request may name a case table (cases.Table, by name)
    from veilig.cases.models import Table

# Coordinator opens every case; admin could otherwise approve its own requests through a second
# account it made itself.
FOUR_EYES_ROLES = frozenset({Role.COORDINATOR.value, Role.ADMIN.value})
# Fields of a user that are rights: never changed on one's own account.
SELF_PROTECTED_FIELDS = frozenset(
    {"organisation", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"}
)
# Fields only a superuser changes (they would let an administrator step outside its role).
SUPERUSER_ONLY_FIELDS = frozenset({"is_superuser", "groups", "user_permissions"})
_VALUE_FIELDS = frozenset({"organisation", "is_active", "is_staff", "is_superuser"})


class GrantOutcome(enum.Enum):
    GRANTED = "granted"
    PENDING = "pending"
    UNCHANGED = "unchanged"


class RightsRefused(Exception):
    """A change of rights that the rules forbid; ``code`` goes to the audit row."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        messages = {
            "self": _("You cannot change your own rights. Ask another administrator."),
            "superuser_only": _("Only a superuser can change this."),
            "not_administrator": _("Only a functional administrator can change rights."),
            "own_request": _(
                "A request must be decided by another administrator than the one who made it "
                "and than the user it is about."
            ),
            "decided": _("This request has already been decided."),
            "radicalisation_with_representatives": _(
                "A table with representatives cannot become a radicalisation table. Remove the "
                "representatives first, then add them again: each addition then needs the "
                "approval of a second administrator."
            ),
        }
        return messages.get(self.code, _("This change is not allowed."))


def is_administrator(user: User | None) -> bool:
    """An active staff user with the functional-administrator role, or a superuser."""
    if user is None or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.has_role(Role.ADMIN)


def _refuse(
    context: AuditContext,
    *,
    code: str,
    action: AuditAction,
    object_type: str,
    object_id: str | int,
    detail: str,
) -> RightsRefused:
    """Write the denied row, then hand back the exception for the caller to raise."""
    audit_record(
        context=context,
        action=action,
        object_type=object_type,
        object_id=object_id,
        result=AuditResult.DENIED,
        detail=f"{detail};refused:{code}",
    )
    return RightsRefused(code)


def rights_check(
    context: AuditContext,
    *,
    target: User,
    action: AuditAction,
    object_type: str,
    object_id: str | int,
    detail: str,
) -> None:
    """Refuse (with an audit row) a change of rights by a non-administrator or on oneself."""
    actor = context.actor
    code = ""
    if not is_administrator(actor):
        code = "not_administrator"
    elif actor is not None and actor.pk == target.pk:
        code = "self"
    if code:
        raise _refuse(
            context,
            code=code,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )


# --- Roles ---------------------------------------------------------------------------------------


def user_role_grant(*, context: AuditContext, user: User, role: str) -> GrantOutcome:
    """Give ``user`` a role; a role of ``FOUR_EYES_ROLES`` becomes a request instead."""
    detail = f"role:{role}"
    rights_check(
        context,
        target=user,
        action=AuditAction.GRANT,
        object_type="user_role",
        object_id=user.pk,
        detail=detail,
    )
    if UserRole.objects.filter(user=user, role=role).exists():
        return GrantOutcome.UNCHANGED
    if role in FOUR_EYES_ROLES:
        return privilege_request_open(context=context, target=user, role=role)
    with transaction.atomic():
        UserRole.objects.create(user=user, role=role)
        audit_record(
            context=context,
            action=AuditAction.GRANT,
            object_type="user_role",
            object_id=user.pk,
            detail=detail,
        )
    return GrantOutcome.GRANTED


def user_role_revoke(*, context: AuditContext, user: User, role: str) -> bool:
    """Take a role away (no approval: fewer rights are never an escalation)."""
    detail = f"role:{role}"
    rights_check(
        context,
        target=user,
        action=AuditAction.REVOKE,
        object_type="user_role",
        object_id=user.pk,
        detail=detail,
    )
    with transaction.atomic():
        deleted, _rows = UserRole.objects.filter(user=user, role=role).delete()
        if deleted:
            audit_record(
                context=context,
                action=AuditAction.REVOKE,
                object_type="user_role",
                object_id=user.pk,
                detail=detail,
            )
    return bool(deleted)


# --- Users and organisations ---------------------------------------------------------------------


def _field_code(instance: User | Organisation | Table, name: str) -> str:
    """``field:<name>``, with the new value for flags and foreign keys (ids and booleans only)."""
    if name not in _VALUE_FIELDS:
        return f"field:{name}"
    value = getattr(instance, f"{name}_id" if name == "organisation" else name)
    if isinstance(value, bool):
        value = int(value)
    return f"field:{name}={'' if value is None else value}"


def user_save(
    *, context: AuditContext, user: User, changed_fields: Collection[str], created: bool
) -> None:
    """Save a user edited by an administrator: one audit row per changed field (or the creation)."""
    actor = context.actor
    rights_fields = sorted(set(changed_fields) & SELF_PROTECTED_FIELDS)
    if rights_fields and not created:
        rights_check(
            context,
            target=user,
            action=AuditAction.UPDATE,
            object_type="user",
            object_id=user.pk,
            detail=f"field:{','.join(rights_fields)}",
        )
    superuser_fields = sorted(set(changed_fields) & SUPERUSER_ONLY_FIELDS)
    if superuser_fields and not (actor is not None and actor.is_superuser):
        raise _refuse(
            context,
            code="superuser_only",
            action=AuditAction.UPDATE,
            object_type="user",
            object_id=user.pk or "",
            detail=f"field:{','.join(superuser_fields)}",
        )
    with transaction.atomic():
        user.save()
        if created:
            audit_record(
                context=context, action=AuditAction.CREATE, object_type="user", object_id=user.pk
            )
            return
        for name in sorted(changed_fields):
            audit_record(
                context=context,
                action=AuditAction.UPDATE,
                object_type="user",
                object_id=user.pk,
                detail=_field_code(user, name),
            )


def user_password_changed(*, context: AuditContext, user: User) -> None:
    """An administrator set another user's password (the admin's password form saved it)."""
    audit_record(
        context=context,
        action=AuditAction.UPDATE,
        object_type="user",
        object_id=user.pk,
        detail="field:password",
    )


def organisation_save(
    *,
    context: AuditContext,
    organisation: Organisation,
    changed_fields: Collection[str],
    created: bool,
) -> None:
    with transaction.atomic():
        organisation.save()
        if created:
            audit_record(
                context=context,
                action=AuditAction.CREATE,
                object_type="organisation",
                object_id=organisation.pk,
            )
            return
        for name in sorted(changed_fields):
            audit_record(
                context=context,
                action=AuditAction.UPDATE,
                object_type="organisation",
                object_id=organisation.pk,
                detail=f"field:{name}",
            )


# --- Requests for privileged rights --------------------------------------------------------------


def _request_detail(request: PrivilegeRequest) -> str:
    return f"{request.what_code()};user:{request.target_id}"


def privilege_request_open(
    *, context: AuditContext, target: User, role: str = "", table: Table | None = None
) -> GrantOutcome:
    """Record a request for a privileged grant (or leave the open one as it is)."""
    if context.actor is None:  # rights_check has refused this already
        raise RightsRefused("not_administrator")
    with transaction.atomic():
        pending = PrivilegeRequest.objects.filter(
            target=target, role=role, table=table, outcome=RequestOutcome.PENDING
        )
        if pending.exists():
            return GrantOutcome.PENDING
        request = PrivilegeRequest.objects.create(
            requester=context.actor, target=target, role=role, table=table
        )
        audit_record(
            context=context,
            action=AuditAction.CREATE,
            object_type="privilege_request",
            object_id=request.pk,
            detail=_request_detail(request),
        )
    return GrantOutcome.PENDING


def _decision_refusal(context: AuditContext, request: PrivilegeRequest) -> str:
    """Why ``context.actor`` may not decide ``request`` ('' when it may)."""
    actor = context.actor
    if not is_administrator(actor):
        return "not_administrator"
    if actor is not None and actor.pk in (request.requester_id, request.target_id):
        return "own_request"
    if request.outcome != RequestOutcome.PENDING:
        return "decided"
    return ""


def _decide(context: AuditContext, request_id: int, *, approve: bool) -> PrivilegeRequest:
    action = AuditAction.APPROVE if approve else AuditAction.REJECT
    with transaction.atomic():
        # Locked, so that two administrators deciding at once cannot both apply it.
        request = PrivilegeRequest.objects.select_for_update().get(pk=request_id)
        refusal = _decision_refusal(context, request)
        if not refusal:
            request.outcome = RequestOutcome.APPROVED if approve else RequestOutcome.REJECTED
            request.decided_by = context.actor
            request.decided_at = timezone.now()
            request.save(update_fields=["outcome", "decided_by", "decided_at"])
            audit_record(
                context=context,
                action=action,
                object_type="privilege_request",
                object_id=request.pk,
                detail=_request_detail(request),
            )
            if approve:
                _apply(context, request)
            return request
    # Outside the transaction above, so that the denied row is kept.
    raise _refuse(
        context,
        code=refusal,
        action=action,
        object_type="privilege_request",
        object_id=request.pk,
        detail=_request_detail(request),
    )


def _apply(context: AuditContext, request: PrivilegeRequest) -> None:
    """Make an approved grant effective; its own GRANT row names the request."""
    if request.table_id is None:
        UserRole.objects.get_or_create(user_id=request.target_id, role=request.role)
        object_type, object_id = "user_role", request.target_id
        detail = f"role:{request.role};request:{request.pk}"
    else:
        assert request.table is not None
        request.table.representatives.add(request.target_id)
        object_type, object_id = "table_member", request.table_id
        detail = f"user:{request.target_id};request:{request.pk}"
    audit_record(
        context=context,
        action=AuditAction.GRANT,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


def privilege_request_approve(*, context: AuditContext, request_id: int) -> PrivilegeRequest:
    """Approve a pending request (another administrator only); the grant takes effect now."""
    return _decide(context, request_id, approve=True)


def privilege_request_reject(*, context: AuditContext, request_id: int) -> PrivilegeRequest:
    """Reject a pending request (another administrator only); nothing is granted."""
    return _decide(context, request_id, approve=False)
