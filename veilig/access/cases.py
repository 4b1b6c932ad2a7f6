"""THE choke point for casework: every case, person, contribution and document is opened here.

Each function returns the object or raises Http404 (never 403: nothing reveals that a record
exists), and writes exactly one audit row, granted or denied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from enum import StrEnum
from typing import TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from veilig.access import policy
from veilig.accounts.models import User
from veilig.audit.context import AuditContext, audit_context_for
from veilig.audit.detail import GRANT_CODE, detail_join
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record
from veilig.cases.models import Action, Case, Contribution, Document
from veilig.registry.crypto import bsn_digest
from veilig.registry.models import Person


class Need(StrEnum):
    READ = "read"
    CONTRIBUTE = "contribute"
    MANAGE = "manage"


class Purpose(StrEnum):
    CASEWORK = "casework"
    TRIAGE = "triage"
    CONSULTATION = "consultation"
    BREAK_GLASS = "break_glass"
    SUBJECT_ACCESS = "subject_access"


_ACTION_FOR_NEED = {
    Need.READ: AuditAction.READ,
    Need.CONTRIBUTE: AuditAction.UPDATE,
    Need.MANAGE: AuditAction.UPDATE,
}


def audit_context(user: User, request: HttpRequest | None, purpose: str) -> AuditContext:
    role = policy.case_role(user) if user.is_authenticated else ""
    return audit_context_for(user, request, role=role, purpose=purpose)


def flagged_context(
    context: AuditContext, detail: str, grant_ids: Iterable[int]
) -> tuple[AuditContext, str]:
    """The context and detail of a read that break-the-glass grants made possible (if any)."""
    codes = [GRANT_CODE.format(grant_id) for grant_id in sorted(set(grant_ids))]
    if not codes:
        return context, detail
    return replace(context, break_glass=True), detail_join(detail, *codes)


def case_audit_context(
    user: User, case: Case, *, request: HttpRequest | None, purpose: str, detail: str = ""
) -> tuple[AuditContext, str]:
    """The one place that decides whether a granted read of (something in) ``case`` is flagged.

    Flagged, with the grant's id in ``detail``, when the user sees the case only through an
    active break-the-glass grant.
    """
    grant_id = policy.break_glass_grant_for(user, case)
    context = audit_context(user, request, purpose)
    return flagged_context(context, detail, [grant_id] if grant_id is not None else [])


def _allowed(user: User, case: Case, need: Need) -> bool:
    if not policy.case_is_visible(user, case):
        return False
    if need is Need.MANAGE:
        return policy.may_manage_case(user, case)
    if need is Need.CONTRIBUTE:
        return policy.may_contribute(user, case)
    return True


def access_case(
    user: User,
    case_id: int,
    *,
    need: Need = Need.READ,
    purpose: str = Purpose.CASEWORK,
    request: HttpRequest | None = None,
    action: AuditAction | None = None,
    detail: str = "",
) -> Case:
    """Open a case for ``need``. ``action``/``detail`` name the write that follows, if any.

    Call it outside ``transaction.atomic``: a denial must leave its audit row behind.
    """
    case = (
        Case.objects.select_related("subject", "registering_organisation", "table", "stadsdeel")
        .filter(pk=case_id)
        .first()
    )
    # A missing id is checked against a stand-in with the same id, so that it costs the same
    # queries as an existing case that is refused (no timing difference between the two).
    granted = _allowed(user, case or Case(pk=case_id), need) and case is not None
    if granted and case is not None:
        context, detail = case_audit_context(
            user, case, request=request, purpose=purpose, detail=detail
        )
    else:
        context = audit_context(user, request, purpose)
    audit_record(
        context=context,
        action=action or _ACTION_FOR_NEED[need],
        object_type="case",
        object_id=case_id,
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        subject_person_id=case.subject_id if case is not None else None,
        detail=detail,
    )
    if not granted or case is None:
        raise Http404
    return case


def access_action(
    user: User,
    action_id: int,
    *,
    case_id: int | None = None,
    need: Need = Need.CONTRIBUTE,
    request: HttpRequest | None = None,
    action: AuditAction | None = None,
) -> Action:
    """An action of a plan, opened through its case: one row with detail ``action:<id>``.

    An unknown action id, or one that belongs to another case than ``case_id``, is refused
    with a row of its own (the case of the address, if any, as the object).
    """
    item = Action.objects.filter(pk=action_id).first()
    detail = f"action:{action_id}"
    if item is None or (case_id is not None and item.case_id != case_id):
        audit_record(
            context=audit_context(user, request, Purpose.CASEWORK),
            action=action or _ACTION_FOR_NEED[need],
            object_type="case",
            object_id=case_id if case_id is not None else "",
            result=AuditResult.DENIED,
            detail=detail,
        )
        raise Http404
    item.case = access_case(
        user, item.case_id, need=need, request=request, action=action, detail=detail
    )
    return item


def access_person(
    user: User,
    person_id: int,
    *,
    purpose: str = Purpose.CASEWORK,
    request: HttpRequest | None = None,
) -> Person:
    """A person is visible to whoever may see at least one of their cases.

    The read is flagged when every case through which the person is visible is one the user
    sees only through break-the-glass; it then names those grants.
    """
    person = Person.objects.filter(pk=person_id).first()
    cases = policy.cases_visible_to(user).filter(subject_id=person_id)
    # Evaluated for a missing person too: the same queries as for one that is refused.
    visible_case_ids = set(cases.values_list("pk", flat=True))
    granted = person is not None and bool(visible_case_ids)
    context = audit_context(user, request, purpose)
    detail = ""
    if granted:
        grants = policy.break_glass_grants_for(user, cases)
        if set(grants) == visible_case_ids:
            context, detail = flagged_context(context, detail, grants.values())
    audit_record(
        context=context,
        action=AuditAction.READ,
        object_type="person",
        object_id=person_id,
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        subject_person_id=person_id if person is not None else None,
        detail=detail,
    )
    if not granted or person is None:
        raise Http404
    return person


_CaseItem = TypeVar("_CaseItem", Contribution, Document)


def _access_case_item(
    user: User,
    item: _CaseItem | None,
    visible: Callable[[User, Case], QuerySet[_CaseItem]],
    *,
    item_id: int,
    object_type: str,
    action: AuditAction,
    purpose: str,
    request: HttpRequest | None,
) -> _CaseItem:
    """A contribution or document: its case must be visible and its scope must allow it."""
    # A missing id is checked against a stand-in case that no row has (id 0), so that it costs
    # the same queries as an existing item whose case is refused.
    granted = policy.case_is_visible(user, item.case if item is not None else Case(pk=0))
    granted = granted and item is not None and visible(user, item.case).filter(pk=item.pk).exists()
    if granted and item is not None:
        context, detail = case_audit_context(user, item.case, request=request, purpose=purpose)
    else:
        context, detail = audit_context(user, request, purpose), ""
    audit_record(
        context=context,
        action=action,
        object_type=object_type,
        object_id=item_id,
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        subject_person_id=item.case.subject_id if item is not None else None,
        detail=detail,
    )
    if not granted or item is None:
        raise Http404
    return item


def access_contribution(
    user: User,
    contribution_id: int,
    *,
    purpose: str = Purpose.CASEWORK,
    request: HttpRequest | None = None,
) -> Contribution:
    item = Contribution.objects.select_related("case").filter(pk=contribution_id).first()
    return _access_case_item(
        user,
        item,
        policy.contributions_visible_to,
        item_id=contribution_id,
        object_type="contribution",
        action=AuditAction.READ,
        purpose=purpose,
        request=request,
    )


def access_document(
    user: User,
    document_id: int,
    *,
    purpose: str = Purpose.CASEWORK,
    request: HttpRequest | None = None,
) -> Document:
    item = Document.objects.select_related("case").filter(pk=document_id).first()
    return _access_case_item(
        user,
        item,
        policy.documents_visible_to,
        item_id=document_id,
        object_type="document",
        action=AuditAction.DOWNLOAD,
        purpose=purpose,
        request=request,
    )


def access_case_list(
    user: User,
    *,
    query: str = "",
    request: HttpRequest | None = None,
    purpose: str = Purpose.CASEWORK,
) -> QuerySet[Case]:
    """The cases a user may list, with one audit row for the list or search itself.

    A search term is personal data: only its kind and a keyed digest are logged, never the term.
    """
    from veilig.cases.selectors import search_kind  # selectors import policy, not this module

    role = policy.case_role(user) if user.is_authenticated else ""
    kind = search_kind(query)
    detail = f"search:{kind}:{bsn_digest(query.strip())[:16]}" if kind else ""
    visible = policy.cases_visible_to(user)
    context = audit_context(user, request, purpose)
    if role:
        # The list shows the cases a grant opens: the row names every grant in use.
        grants = policy.break_glass_grants_for(user, visible)
        context, detail = flagged_context(context, detail, grants.values())
    audit_record(
        context=context,
        action=AuditAction.SEARCH if kind else AuditAction.LIST,
        object_type="case",
        result=AuditResult.GRANTED if role else AuditResult.DENIED,
        detail=detail,
    )
    if not role:
        raise Http404
    return visible
