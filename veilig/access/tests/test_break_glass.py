"""Reads under break-the-glass at the choke point: every kind is flagged and names its grant;
reads that need no grant are not; a missing id costs the same queries as a refused one."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from veilig.access.cases import (
    access_action,
    access_case,
    access_case_list,
    access_contribution,
    access_document,
)
from veilig.access.errors import NotFound
from veilig.access.persons import access_person
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditEntry, AuditResult
from veilig.cases.models import Action, BreakGlass, Case, Document
from veilig.cases.services import break_glass_open
from veilig.cases.vocabulary import DataCategory, Scope
from veilig.testing.casework import case_for, contribution, ggz

pytestmark = pytest.mark.django_db

REASON = "Acute crisis, de behandelaar heeft de voorgeschiedenis nodig."


def _last() -> AuditEntry:
    row = AuditEntry.objects.order_by("-seq").first()
    assert row is not None
    return row


def _document(case: Case, author: User, root: Path) -> Document:
    assert author.organisation is not None
    document = Document(
        case=case,
        organisation=author.organisation,
        uploaded_by=author,
        original_name="verslag.pdf",
        content_type="application/pdf",
        size=8,
        data_category=DataCategory.POLICE,
        scope=Scope.PARTICIPANTS,
    )
    document.file.save("test.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    return document


@pytest.fixture
def granted(bob: User, hank: User, tmp_path: Path, settings: Any) -> dict[str, Any]:
    """A police case that GGZ (hank) opens with break-the-glass, and what it holds."""
    settings.DOCUMENTS_ROOT = tmp_path
    case = case_for(bob)
    item = contribution(case, bob, scope=Scope.PARTICIPANTS)
    document = _document(case, bob, tmp_path)
    grant = break_glass_open(
        context=AuditContext.for_command(hank), reference=case.reference, reason=REASON
    )
    return {"case": case, "contribution": item, "document": document, "grant": grant}


READS: dict[str, Callable[[User, dict[str, Any]], object]] = {
    "case": lambda user, g: access_case(AuditContext.for_command(user), g["case"].pk),
    "person": lambda user, g: access_person(AuditContext.for_command(user), g["case"].subject_id),
    "contribution": lambda user, g: access_contribution(
        AuditContext.for_command(user), g["contribution"].pk
    ),
    "document": lambda user, g: access_document(AuditContext.for_command(user), g["document"].pk),
    "list": lambda user, g: access_case_list(AuditContext.for_command(user)),
    "search": lambda user, g: access_case_list(AuditContext.for_command(user), query="Testpersoon"),
}


@pytest.mark.parametrize("kind", READS)
def test_every_read_under_a_grant_is_flagged_and_names_the_grant(
    hank: User, granted: dict[str, Any], kind: str
) -> None:
    READS[kind](hank, granted)
    row = _last()
    assert (row.result, row.break_glass) == (AuditResult.GRANTED, True)
    codes = row.detail.split(";")
    assert codes[-1] == f"grant:{granted['grant'].pk}"
    if kind == "search":  # the existing code stays in front of it
        assert codes[0].startswith("search:name:")


@pytest.mark.parametrize("kind", READS)
def test_reads_that_need_no_grant_are_not_flagged(
    alice: User, bob: User, granted: dict[str, Any], kind: str
) -> None:
    for user in (bob, alice):  # the registering partner, the coordinator
        READS[kind](user, granted)
        row = _last()
        assert not row.break_glass
        assert "grant:" not in row.detail


def test_a_person_also_visible_through_an_own_case_is_not_flagged(
    bob: User, hank: User, granted: dict[str, Any]
) -> None:
    person = granted["case"].subject
    access_person(AuditContext.for_command(hank), person.pk)
    assert _last().break_glass
    case_for(hank, subject=person)  # now also visible without the grant
    access_person(AuditContext.for_command(hank), person.pk)
    row = _last()
    assert not row.break_glass and row.detail == ""


def test_a_list_names_every_grant_in_use(bob: User, hank: User, granted: dict[str, Any]) -> None:
    other = case_for(bob)
    second = break_glass_open(
        context=AuditContext.for_command(hank), reference=other.reference, reason=REASON
    )
    case_for(bob, participants=[ggz()])  # a case hank sees without a grant
    access_case_list(AuditContext.for_command(hank))
    row = _last()
    assert row.break_glass
    assert row.detail == f"grant:{granted['grant'].pk};grant:{second.pk}"


def test_an_expired_grant_flags_nothing_and_opens_nothing(
    hank: User, granted: dict[str, Any]
) -> None:
    BreakGlass.objects.update(expires_at=granted["grant"].granted_at)
    with pytest.raises(NotFound):
        access_contribution(AuditContext.for_command(hank), granted["contribution"].pk)
    row = _last()
    assert (row.result, row.break_glass, row.detail) == (AuditResult.DENIED, False, "")
    access_case_list(AuditContext.for_command(hank))
    assert not _last().break_glass


def test_detail_join_never_cuts_a_code() -> None:
    codes = [f"grant:{n}" for n in range(100, 160)]
    joined = detail_join("search:name:0123456789abcdef", *codes)
    assert len(joined) <= 255
    assert all(part in {"search:name:0123456789abcdef", *codes} for part in joined.split(";"))


# --- Denied attempts always leave a row ------------------------------------------------------


def test_an_unknown_action_id_is_refused_with_a_row(bob: User) -> None:
    case = case_for(bob)
    with pytest.raises(NotFound):
        access_action(AuditContext.for_command(bob), 987_654, case_id=case.pk)
    row = _last()
    assert (row.result, row.object_type, row.object_id, row.detail) == (
        AuditResult.DENIED,
        "action",
        "987654",
        f"case:{case.pk}",
    )


def test_an_action_of_another_case_is_refused_with_a_row(bob: User) -> None:
    case, other = case_for(bob), case_for(bob)
    assert bob.organisation is not None
    action = Action.objects.create(
        case=other,
        description="Huisbezoek",
        owner_organisation=bob.organisation,
        deadline=dt.date(2030, 1, 1),
    )
    with pytest.raises(NotFound):
        access_action(AuditContext.for_command(bob), action.pk, case_id=case.pk)
    assert _last().result == AuditResult.DENIED
    assert access_action(AuditContext.for_command(bob), action.pk, case_id=other.pk) == action
    row = _last()
    assert (row.result, row.object_type, row.object_id, row.detail) == (
        AuditResult.GRANTED,
        "action",
        str(action.pk),
        f"case:{other.pk}",
    )


# --- A missing id costs what a refused one costs (no timing difference) --------------------------


def _queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured, pytest.raises(NotFound):
        call()
    return len(captured.captured_queries)


@pytest.mark.parametrize("kind", ["case", "person", "contribution", "document"])
def test_a_missing_id_costs_the_same_queries_as_a_refused_one(
    ivy_like: User, granted: dict[str, Any], kind: str
) -> None:
    missing = {
        "case": lambda: access_case(AuditContext.for_command(ivy_like), 987_654),
        "person": lambda: access_person(AuditContext.for_command(ivy_like), 987_654),
        "contribution": lambda: access_contribution(AuditContext.for_command(ivy_like), 987_654),
        "document": lambda: access_document(AuditContext.for_command(ivy_like), 987_654),
    }[kind]

    def refused() -> object:
        return READS[kind](ivy_like, granted)

    with contextlib.suppress(NotFound):
        refused()  # warm up: what is cached on the user is cached for both
    assert _queries(refused) == _queries(missing)


@pytest.fixture
def ivy_like(db: None) -> User:
    """A partner whose organisation takes part in nothing."""
    from veilig.accounts.roles import PartnerType, Role
    from veilig.testing.personas import persona

    return persona(
        "ivy", org_code="woningcorporatie", partner_type=PartnerType.HOUSING, roles=[Role.PARTNER]
    )
