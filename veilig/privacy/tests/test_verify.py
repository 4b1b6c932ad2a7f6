"""The chain verification page: its own row first, the verdict on the rows up to the head it
read, and the comparison with the last anchor."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from veilig.accounts.models import User
from veilig.audit import verify_sql
from veilig.audit.anchor import AnchorStatus
from veilig.audit.models import AuditEntry
from veilig.audit.services import audit_anchor_write
from veilig.audit.tests.test_anchor import _three_anchors, _wipe_log_and_head
from veilig.audit.tests.test_chain import _fill, _tamper
from veilig.audit.tests.test_verify_race import appending_after_head_read
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_sql, "_SQLITE_BATCH", 3)


def _anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def test_chain_page_shows_intact_then_the_tampered_sequence_number(bob: User, frank: User) -> None:
    _fill(bob, 6)
    client = verified_client(frank)
    response = client.get(reverse("privacy:chain"))
    assert response.context["result"].intact
    assert response.context["result"].rows == 7  # six rows and the page's own
    assert 'id="chain-intact"' in response.content.decode()

    _tamper("UPDATE {table} SET purpose = %s WHERE seq = %s", ["other", 4])
    response = client.get(reverse("privacy:chain"))
    assert response.context["result"].first_bad_seq == 4
    assert 'data-first-bad-seq="4"' in response.content.decode()


def test_chain_page_shows_the_last_anchor_and_the_verdict(alice: User, frank: User) -> None:
    client = verified_client(frank)
    page = client.get(reverse("privacy:chain")).content.decode()
    assert 'id="anchor-none"' in page and 'id="chain-intact"' in page

    _fill(alice, 5)
    anchor = audit_anchor_write()
    response = client.get(reverse("privacy:chain"))
    page = response.content.decode()
    assert response.context["anchor"].status == AnchorStatus.OK
    assert 'id="anchor-ok"' in page and f'data-anchor-seq="{anchor.seq}"' in page
    assert anchor.hash in page

    _wipe_log_and_head()
    response = client.get(reverse("privacy:chain"))  # writes its own row first: a 1-row log
    page = response.content.decode()
    assert 'data-first-bad-seq="2"' in page and 'id="anchor-mismatch"' in page
    assert "the log has fewer rows than the last anchor" in page


def test_chain_page_names_the_broken_anchor_line(alice: User, frank: User) -> None:
    lines = _three_anchors(alice)
    _anchor_path().write_bytes(lines[0] + lines[2])
    page = verified_client(frank).get(reverse("privacy:chain")).content.decode()
    assert 'id="anchor-broken" data-anchor-line="2"' in page
    assert "The anchor file has been changed from line 2." in page


def test_chain_page_reports_intact_and_the_verified_head(alice: User, frank: User) -> None:
    client = verified_client(frank)
    _fill(alice, 4)
    with appending_after_head_read(alice) as hook:
        response = client.get(reverse("privacy:chain"))
    page = response.content.decode()
    assert hook["appended"] >= 1
    assert 'id="chain-intact"' in page, page
    result = response.context["result"]
    # The page's own row (5) was written before the head was read; later rows are not shown.
    assert result.rows == 5 and response.context["head"].seq == 5
    assert AuditEntry.objects.count() > 5
