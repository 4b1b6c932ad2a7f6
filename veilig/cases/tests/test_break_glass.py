"""Break-the-glass end to end: the reason rules, one active grant per user and case, refusals
audited, every page and API read under a grant flagged with its id, and the review queue's
count of those reads."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilig.access.errors import NotFound
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.cases.models import BreakGlass, Case, Document
from veilig.cases.services import break_glass_open, break_glass_reason_problem
from veilig.cases.vocabulary import DataCategory, Scope
from veilig.privacy.selectors import break_glass_awaiting_review
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.casework import case_for, contribution
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

REASON = "Acute dreiging gemeld bij de meldkamer, gegevens nodig."


def _uses() -> dict[int, int]:
    """Grant id -> the count the review queue shows."""
    grants = break_glass_awaiting_review()
    return {grant.pk: grant.use_count for grant in grants}  # type: ignore[attr-defined]


# --- The reason ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("", "reason_empty"),
        ("   ", "reason_empty"),
        ("nodig", "reason_too_short"),
        ("aaaaaaaaaaaaaaaaaaaa", "reason_too_few_words"),
        ("test test test test test", "reason_too_few_words"),
        ("Test TEST test tEST test", "reason_too_few_words"),  # case does not make a new word
        ("aaaa bbbb cccc dddd eeee", "reason_too_few_words"),  # one letter repeated is no word
        ("12345678901234567890 ab cd", "reason_too_few_words"),  # digits and short bits
        ("Crisis crisis, dringend nodig!!!", "reason_too_few_words"),  # three different words
        ("Crisis, dringend nodig voor veiligheid.", ""),
        ("Acute zorg, dossier nodig.", ""),
        ("Äußerst dringend: Gefährdung jetzt.", ""),  # letters of any alphabet
    ],
)
def test_reason_rules(reason: str, code: str) -> None:
    assert break_glass_reason_problem(reason) == code


@pytest.mark.parametrize("reason", ["", "aaaaaaaaaaaaaaaaaaaa", "test test test test test"])
def test_a_refused_reason_is_audited_with_a_code_and_nothing_is_granted(
    bob: User, hank: User, reason: str
) -> None:
    case = case_for(bob)
    before = audit_seq()
    with pytest.raises(ValidationError) as refused:
        break_glass_open(
            context=AuditContext.for_command(hank), reference=case.reference, reason=reason
        )
    assert "reason" in refused.value.message_dict
    assert not BreakGlass.objects.exists()
    [row] = audit_rows_after(before)
    assert (row.object_type, row.action, row.result, row.break_glass) == (
        "break_glass",
        AuditAction.CREATE,
        AuditResult.DENIED,
        True,
    )
    assert row.detail in ("reason_empty", "reason_too_few_words")
    assert (row.object_id, row.subject_person_id) == (str(case.pk), case.subject_id)


def test_the_form_sends_an_empty_reason_to_the_service_which_audits_it(
    bob: User, hank: User
) -> None:
    case = case_for(bob)
    before = audit_seq()
    response = verified_client(hank).post(
        reverse("cases:break_glass"), {"reference": case.reference, "reason": ""}
    )
    assert response.status_code == 200
    assert 'id="id_reason-error"' in response.content.decode()
    [row] = audit_rows_after(before)
    assert (row.object_type, row.result, row.detail) == ("break_glass", "denied", "reason_empty")
    assert not BreakGlass.objects.exists()


def test_a_bad_reason_gets_the_same_answer_for_every_reference(bob: User, hank: User) -> None:
    case = case_for(bob)
    messages = []
    for reference in (case.reference, "ZVH-1900-00001"):
        with pytest.raises(ValidationError) as refused:
            break_glass_open(
                context=AuditContext.for_command(hank),
                reference=reference,
                reason="test test test test test",
            )
        messages.append(refused.value.message_dict)
    assert messages[0] == messages[1]
    assert AuditEntry.objects.filter(detail="reason_too_few_words").count() == 2


# --- One active grant per user and case --------------------------------------------------------


def test_a_second_request_while_a_grant_is_active_is_refused_and_audited(
    bob: User, hank: User
) -> None:
    case = case_for(bob)
    first = break_glass_open(
        context=AuditContext.for_command(hank), reference=case.reference, reason=REASON
    )
    before = audit_seq()
    with pytest.raises(ValidationError) as refused:
        break_glass_open(
            context=AuditContext.for_command(hank),
            reference=case.reference,
            reason="Nog een keer, andere reden.",
        )
    assert "reference" in refused.value.message_dict
    assert list(BreakGlass.objects.all()) == [first]
    [row] = audit_rows_after(before)
    assert (row.object_type, row.result, row.detail) == (
        "break_glass",
        AuditResult.DENIED,
        f"grant_active;grant:{first.pk}",
    )
    # The refusal is not a read: the grant's count stays 0.
    assert _uses() == {first.pk: 0}


def test_after_expiry_a_new_grant_may_be_asked(bob: User, hank: User) -> None:
    case = case_for(bob)
    first = break_glass_open(
        context=AuditContext.for_command(hank), reference=case.reference, reason=REASON
    )
    BreakGlass.objects.filter(pk=first.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    second = break_glass_open(
        context=AuditContext.for_command(hank), reference=case.reference, reason=REASON
    )
    assert second.pk != first.pk
    row = AuditEntry.objects.order_by("-seq").first()
    assert row is not None and row.detail == f"grant:{second.pk}"


def test_grants_of_other_users_or_cases_do_not_block(bob: User, hank: User, ivy: User) -> None:
    case, other = case_for(bob), case_for(bob)
    break_glass_open(
        context=AuditContext.for_command(hank), reference=case.reference, reason=REASON
    )
    break_glass_open(context=AuditContext.for_command(ivy), reference=case.reference, reason=REASON)
    break_glass_open(
        context=AuditContext.for_command(hank), reference=other.reference, reason=REASON
    )
    assert BreakGlass.objects.count() == 3


def test_the_page_explains_the_active_grant(bob: User, hank: User) -> None:
    case = case_for(bob)
    client = verified_client(hank)
    data = {"reference": case.reference, "reason": REASON}
    assert client.post(reverse("cases:break_glass"), data).status_code == 302
    again = client.post(reverse("cases:break_glass"), data)
    assert again.status_code == 200
    assert "You already have emergency access to this case until" in again.content.decode()
    assert BreakGlass.objects.count() == 1


# --- Every read under a grant, by page and by API ------------------------------------------------


@pytest.fixture
def opened(bob: User, hank: User, tmp_path: Path, settings: Any) -> dict[str, Any]:
    settings.DOCUMENTS_ROOT = tmp_path
    case = case_for(bob)
    item = contribution(case, bob, scope=Scope.PARTICIPANTS)
    assert bob.organisation is not None
    document = Document(
        case=case,
        organisation=bob.organisation,
        uploaded_by=bob,
        original_name="verslag.pdf",
        content_type="application/pdf",
        size=8,
        data_category=DataCategory.POLICE,
        scope=Scope.PARTICIPANTS,
    )
    document.file.save("test.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    grant = break_glass_open(
        context=AuditContext.for_command(hank), reference=case.reference, reason=REASON
    )
    return {"case": case, "contribution": item, "document": document, "grant": grant}


def _get(client: Client, name: str, pk: int | None = None) -> Any:
    return client.get(reverse(name, args=[pk] if pk is not None else None))


READS = {
    "page:case": lambda c, o: _get(c, "cases:detail", o["case"].pk),
    "page:person": lambda c, o: _get(c, "cases:person", o["case"].subject_id),
    "page:document": lambda c, o: _get(c, "cases:document_download", o["document"].pk),
    "page:list": lambda c, o: _get(c, "cases:list"),
    "page:search": lambda c, o: c.post(reverse("cases:list"), {"q": "Testpersoon"}),
    "api:case": lambda c, o: _get(c, "api:case-detail", o["case"].pk),
    "api:person": lambda c, o: _get(c, "api:person-detail", o["case"].subject_id),
    "api:contribution": lambda c, o: _get(c, "api:contribution-detail", o["contribution"].pk),
    "api:document": lambda c, o: _get(c, "api:document-download", o["document"].pk),
    "api:list": lambda c, o: _get(c, "api:case-list"),
    "api:search": lambda c, o: c.post(
        reverse("api:case-search"), {"query": "Testpersoon"}, content_type="application/json"
    ),
}


@pytest.mark.parametrize("kind", READS)
def test_every_page_and_api_read_under_a_grant_is_flagged_with_its_id(
    hank: User, opened: dict[str, Any], kind: str
) -> None:
    before = audit_seq()
    response = READS[kind](verified_client(hank), opened)
    assert response.status_code == 200
    [row] = audit_rows_after(before)
    assert (row.result, row.break_glass) == (AuditResult.GRANTED, True)
    assert row.detail.split(";")[-1] == f"grant:{opened['grant'].pk}"


def test_the_queue_counts_every_read_under_the_grant(
    bob: User, hank: User, opened: dict[str, Any]
) -> None:
    client = verified_client(hank)
    for read in READS.values():
        assert read(client, opened).status_code == 200
    # Not counted: another grant's reads, reads by others, and refused attempts.
    other = case_for(bob)
    second = break_glass_open(
        context=AuditContext.for_command(hank), reference=other.reference, reason=REASON
    )
    _get(client, "cases:detail", other.pk)
    _get(verified_client(bob), "cases:detail", opened["case"].pk)
    with pytest.raises(ValidationError):
        break_glass_open(
            context=AuditContext.for_command(hank),
            reference=opened["case"].reference,
            reason=REASON,
        )
    counts = _uses()
    # The list and search reads came before the second grant, so they name only the first.
    assert counts == {opened["grant"].pk: len(READS), second.pk: 1}


def test_reads_after_expiry_are_refused_and_not_counted(hank: User, opened: dict[str, Any]) -> None:
    grant: BreakGlass = opened["grant"]
    BreakGlass.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    assert _get(verified_client(hank), "cases:detail", opened["case"].pk).status_code == 404
    assert _uses() == {grant.pk: 0}


def test_service_opens_nothing_for_an_unknown_reference(hank: User) -> None:
    before = audit_seq()
    with pytest.raises(NotFound):
        break_glass_open(
            context=AuditContext.for_command(hank), reference="ZVH-1900-00001", reason=REASON
        )
    [row] = audit_rows_after(before)
    assert (row.result, row.object_id, row.detail) == (AuditResult.DENIED, "", "")
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_two_requests_at_once_make_one_grant(bob: User, hank: User) -> None:
    case = case_for(bob)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def ask() -> None:
        start.wait()
        try:
            break_glass_open(
                context=AuditContext.for_command(hank), reference=case.reference, reason=REASON
            )
            outcomes.append("granted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["granted", "refused"]
    assert BreakGlass.objects.count() == 1
    assert (
        AuditEntry.objects.filter(object_type="break_glass", detail__startswith="grant").count()
        == 2
    )
