"""THE choke point for casework: every case, person, contribution and document is opened here.

Each function returns the object or raises Http404 (never 403: nothing reveals that a record
exists), and writes exactly one audit row, granted or denied.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from veilig.access import policy
from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import AuditContext, audit_context_for, audit_record
from veilig.cases.models import Case, Contribution, Document
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
    granted = case is not None and _allowed(user, case, need)
    context = audit_context(user, request, purpose)
    if granted and case is not None and policy.holds_break_glass(user, case):
        context = AuditContext(**{**context.__dict__, "break_glass": True})
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


def access_person(
    user: User,
    person_id: int,
    *,
    purpose: str = Purpose.CASEWORK,
    request: HttpRequest | None = None,
) -> Person:
    """A person is visible to whoever may see at least one of their cases."""
    person = Person.objects.filter(pk=person_id).first()
    granted = (
        person is not None and policy.cases_visible_to(user).filter(subject_id=person_id).exists()
    )
    audit_record(
        context=audit_context(user, request, purpose),
        action=AuditAction.READ,
        object_type="person",
        object_id=person_id,
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        subject_person_id=person_id if person is not None else None,
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
    granted = (
        item is not None
        and policy.case_is_visible(user, item.case)
        and visible(user, item.case).filter(pk=item.pk).exists()
    )
    audit_record(
        context=audit_context(user, request, purpose),
        action=action,
        object_type=object_type,
        object_id=item_id,
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        subject_person_id=item.case.subject_id if item is not None else None,
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
    audit_record(
        context=audit_context(user, request, purpose),
        action=AuditAction.SEARCH if kind else AuditAction.LIST,
        object_type="case",
        result=AuditResult.GRANTED if role else AuditResult.DENIED,
        detail=detail,
    )
    if not role:
        raise Http404
    return policy.cases_visible_to(user)
