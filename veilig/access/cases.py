"""THE choke point for casework: every case, action, contribution and document is opened here.

Each function returns the object or raises NotFound (never 403: nothing reveals that a record
exists), and accounts for exactly one audit row, granted or denied:

- ``access_case``, ``access_action``, ``access_contribution``, ``access_document`` and
  ``access_case_list`` write a read (or download, list, search) row at once. A form's page is a
  read of what it shows, whatever the form is for.
- ``access_case_change`` and ``access_action_change`` check a write: a refusal writes its row at
  once; a grant returns a ``PendingChange`` whose row is written with the change and names the
  stored object (``contribution`` 17, with ``case:<id>`` in the detail), not the case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.db.models import QuerySet

from veilig.access import policy
from veilig.access.base import PendingChange, Row, acting_user, decide, refuse
from veilig.access.exports import export_detail
from veilig.access.flags import case_audit_context, flagged_context
from veilig.access.needs import Need, Purpose
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditAction
from veilig.cases.models import Action, Case, Contribution, Document
from veilig.cases.selectors import search_kind
from veilig.registry.crypto import bsn_digest

__all__ = [
    "Need",
    "Purpose",
    "access_action",
    "access_action_change",
    "access_case",
    "access_case_change",
    "access_case_list",
    "access_case_list_export",
    "access_contribution",
    "access_document",
]


def case_code(case_id: int | None) -> str:
    """The detail code naming the case a row's object belongs to ('' when there is none)."""
    return f"case:{case_id}" if case_id is not None else ""


def _allowed(user: User, case: Case, need: Need) -> bool:
    if not policy.case_is_visible(user, case):
        return False
    if need is Need.MANAGE:
        return policy.may_manage_case(user, case)
    if need is Need.CONTRIBUTE:
        return policy.may_contribute(user, case)
    return True


def _case_decision(
    context: AuditContext, case_id: int, need: Need, purpose: str, detail: str
) -> tuple[Case | None, bool, AuditContext, str]:
    """The case, whether ``need`` is granted, and the context and detail of its row."""
    user = acting_user(context)
    case = (
        Case.objects.select_related("subject", "registering_organisation", "table", "stadsdeel")
        .filter(pk=case_id)
        .first()
    )
    # A missing id is checked against a stand-in with the same id, so that it costs the same
    # queries as an existing case that is refused (no timing difference between the two).
    granted = _allowed(user, case or Case(pk=case_id), need) and case is not None
    acting = context.acting(role=policy.case_role(user), purpose=purpose)
    if granted and case is not None:
        acting, detail = case_audit_context(user, case, context=acting, detail=detail)
    return case, granted, acting, detail


def access_case(
    context: AuditContext,
    case_id: int,
    *,
    need: Need = Need.READ,
    purpose: str = Purpose.CASEWORK,
    detail: str = "",
) -> Case:
    """Open a case to show it, if ``need`` is granted: one read row."""
    case, granted, acting, detail = _case_decision(context, case_id, need, purpose, detail)
    row = Row(
        action=AuditAction.READ,
        object_type="case",
        object_id=case_id,
        subject_person_id=case.subject_id if case is not None else None,
        detail=detail,
    )
    return decide(context=acting, found=case, granted=granted, row=row)


def access_case_change(
    context: AuditContext,
    case_id: int,
    *,
    need: Need,
    action: AuditAction,
    object_type: str,
    purpose: str = Purpose.CASEWORK,
    detail: str = "",
) -> tuple[Case, PendingChange]:
    """Check a write on (something in) a case; the row names ``object_type`` and the case.

    Call it outside ``transaction.atomic``: a denial must leave its audit row behind.
    """
    codes = detail if object_type == "case" else detail_join(case_code(case_id), detail)
    case, granted, acting, codes = _case_decision(context, case_id, need, purpose, codes)
    row = Row(
        action=action,
        object_type=object_type,
        object_id=case_id if object_type == "case" else "",
        subject_person_id=case.subject_id if case is not None else None,
        detail=codes,
    )
    if not granted or case is None:
        refuse(context=acting, row=row)
    return case, PendingChange(context=acting, row=row)


def _action_of_case(context: AuditContext, action_id: int, case_id: int | None, row: Row) -> Action:
    """An action that belongs to the case of the address; anything else is refused with a row."""
    item = Action.objects.filter(pk=action_id).first()
    if item is None or (case_id is not None and item.case_id != case_id):
        role = policy.case_role(acting_user(context))
        refuse(context=context.acting(role=role, purpose=Purpose.CASEWORK), row=row)
    return item


def access_action(
    context: AuditContext, action_id: int, *, case_id: int | None = None, need: Need = Need.READ
) -> Action:
    """An action of a plan, opened through its case: one read row for the action."""
    refused = Row(AuditAction.READ, "action", action_id, detail=case_code(case_id))
    item = _action_of_case(context, action_id, case_id, refused)
    case, granted, acting, detail = _case_decision(
        context, item.case_id, need, Purpose.CASEWORK, case_code(item.case_id)
    )
    row = Row(
        action=AuditAction.READ,
        object_type="action",
        object_id=action_id,
        subject_person_id=case.subject_id if case is not None else None,
        detail=detail,
    )
    item.case = decide(context=acting, found=case, granted=granted, row=row)
    return item


def access_action_change(
    context: AuditContext, action_id: int, *, case_id: int | None = None, detail: str = ""
) -> tuple[Action, PendingChange]:
    """Check an update of an action; its row names the action and its case."""
    refused = Row(AuditAction.UPDATE, "action", action_id, detail=case_code(case_id))
    item = _action_of_case(context, action_id, case_id, refused)
    case, pending = access_case_change(
        context,
        item.case_id,
        need=Need.CONTRIBUTE,
        action=AuditAction.UPDATE,
        object_type="action",
        detail=detail,
    )
    item.case = case
    pending.object_id = action_id
    return item, pending


_CaseItem = TypeVar("_CaseItem", Contribution, Document)


def _access_case_item(
    context: AuditContext,
    item: _CaseItem | None,
    visible: Callable[[User, Case], QuerySet[_CaseItem]],
    *,
    item_id: int,
    object_type: str,
    action: AuditAction,
    purpose: str,
) -> _CaseItem:
    """A contribution or document: its case must be visible and its scope must allow it."""
    user = acting_user(context)
    # A missing id is checked against a stand-in case that no row has (id 0), so that it costs
    # the same queries as an existing item whose case is refused.
    granted = policy.case_is_visible(user, item.case if item is not None else Case(pk=0))
    granted = granted and item is not None and visible(user, item.case).filter(pk=item.pk).exists()
    acting = context.acting(role=policy.case_role(user), purpose=purpose)
    detail = ""
    if granted and item is not None:
        acting, detail = case_audit_context(
            user, item.case, context=acting, detail=case_code(item.case_id)
        )
    row = Row(
        action=action,
        object_type=object_type,
        object_id=item_id,
        subject_person_id=item.case.subject_id if item is not None else None,
        detail=detail,
    )
    return decide(context=acting, found=item, granted=granted, row=row)


def access_contribution(
    context: AuditContext, contribution_id: int, *, purpose: str = Purpose.CASEWORK
) -> Contribution:
    item = Contribution.objects.select_related("case").filter(pk=contribution_id).first()
    return _access_case_item(
        context,
        item,
        policy.contributions_visible_to,
        item_id=contribution_id,
        object_type="contribution",
        action=AuditAction.READ,
        purpose=purpose,
    )


def access_document(
    context: AuditContext, document_id: int, *, purpose: str = Purpose.CASEWORK
) -> Document:
    item = Document.objects.select_related("case").filter(pk=document_id).first()
    return _access_case_item(
        context,
        item,
        policy.documents_visible_to,
        item_id=document_id,
        object_type="document",
        action=AuditAction.DOWNLOAD,
        purpose=purpose,
    )


def access_case_list(
    context: AuditContext, *, query: str = "", purpose: str = Purpose.CASEWORK
) -> QuerySet[Case]:
    """The cases a user may list, with one audit row for the list or search itself.

    A search term is personal data: only its kind and a keyed digest are logged, never the term.
    """
    user = acting_user(context)
    role = policy.case_role(user)
    kind = search_kind(query)
    detail = f"search:{kind}:{bsn_digest(query.strip())[:16]}" if kind else ""
    visible = policy.cases_visible_to(user)
    acting = context.acting(role=role, purpose=purpose)
    if role:
        # The list shows the cases a grant opens: the row names every grant in use.
        grants = policy.break_glass_grants_for(user, visible)
        acting, detail = flagged_context(acting, detail, grants.values())
    row = Row(AuditAction.SEARCH if kind else AuditAction.LIST, "case", detail=detail)
    return decide(context=acting, found=visible, granted=bool(role), row=row)


def access_case_list_export(
    context: AuditContext,
    *,
    fmt: str,
    filters: Mapping[str, str],
    narrow: Callable[[QuerySet[Case]], QuerySet[Case]],
) -> list[int]:
    """The ids, in the list's order, of the cases a coordinator exports from the case list:
    the visible cases narrowed by ``narrow`` (the list's filters). One export row names them.

    Only process direction exports the case list (issue #13): partners and every other role
    are refused (404), so no break-the-glass grant is ever used by an export.
    """
    user = acting_user(context)
    granted = policy.case_role(user) == Role.COORDINATOR.value
    acting = context.acting(
        role=policy.case_role(user) if granted else "", purpose=Purpose.CASEWORK
    )
    ids = (
        list(narrow(policy.cases_visible_to(user)).values_list("pk", flat=True)) if granted else []
    )
    detail = export_detail(fmt=fmt, ids=ids if granted else None, filters=filters)
    row = Row(AuditAction.EXPORT, "case", detail=detail)
    return decide(context=acting, found=ids, granted=granted, row=row)
