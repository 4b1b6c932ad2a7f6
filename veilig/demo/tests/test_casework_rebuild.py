"""The casework stage is deterministic, re-runs are no-ops, and --replace removes it cleanly
while the append-only access log (and the logins it names) stays."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditEntry
from veilig.audit.selectors import audit_chain_verify, audit_chain_verify_python
from veilig.audit.services import audit_record
from veilig.cases.models import Case, Document, DocumentStorage, Table
from veilig.demo import constants
from veilig.demo.generator.casework import BSN_PREFIX, bsn_check_digit, synthetic_bsn
from veilig.demo.generator.casework_plan import casework_build
from veilig.demo.generator.documents import pdf_bytes
from veilig.demo.generator.seeding import stage_rng
from veilig.demo.selectors import demo_city_data_exists, demo_city_digest, demo_persons
from veilig.demo.services import demo_city_build, demo_city_remove
from veilig.privacy.selectors import break_glass_awaiting_review
from veilig.registry.crypto import bsn_is_valid
from veilig.registry.models import Person

TODAY = dt.date(2026, 3, 2)
NOON = dt.datetime(2024, 1, 2, 12, tzinfo=dt.UTC)
ADDRESSES = 500


def test_demo_pdf_is_well_formed():
    body = pdf_bytes(title="Plan (1)", text="Eén regel\n" + "lang " * 60, created=NOON)
    assert body.startswith(b"%PDF-1.4") and body.endswith(b"%%EOF\n")
    xref = int(body.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert body[xref:].startswith(b"xref\n0 7\n")
    offsets = [int(line[:10]) for line in body[xref:].split(b"\n")[3:9]]
    for number, offset in enumerate(offsets, start=1):
        assert body[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Plan \\(1\\))" in body and b"D:20240102120000Z" in body
    again = pdf_bytes(title="Plan (1)", text="Eén regel\n" + "lang " * 60, created=NOON)
    assert again == body


def test_synthetic_bsns_pass_the_eleven_check():
    rng = np.random.default_rng(1)
    used: set[str] = set()
    numbers = [synthetic_bsn(rng, used) for _ in range(300)]
    assert len(set(numbers)) == 300
    assert all(bsn_is_valid(n) and n.startswith(BSN_PREFIX) for n in numbers)
    assert bsn_check_digit("99990001") is not None
    # A body whose weighted sum leaves 10 has no check digit: it is never used.
    bodies = [f"9999{i:04d}" for i in range(10_000)]
    assert any(bsn_check_digit(b) is None for b in bodies)


def test_the_plan_is_deterministic_per_seed_and_day(small_plan):
    def build(seed: int, today: dt.date = TODAY):
        return casework_build(
            seed=seed, geography=small_plan.geography, addresses=small_plan.addresses, today=today
        )

    first, again = build(7), build(7)
    assert first == again
    other = build(8)
    assert [c.reference for c in other.cases] != [c.reference for c in first.cases] or [
        p.uuid for p in other.persons
    ] != [p.uuid for p in first.persons]
    later = build(7, TODAY + dt.timedelta(days=30))
    assert later.cases[0].registered_at > first.cases[0].registered_at
    # The stage has its own streams: drawing them leaves the other stages' streams alone.
    assert (
        stage_rng(seed=7, stage="addresses").random()
        == stage_rng(seed=7, stage="addresses").random()
    )
    assert dataclasses.asdict(first.persons[0]) == dataclasses.asdict(again.persons[0])


@pytest.mark.django_db
def test_same_seed_same_digest_rerun_is_a_no_op_and_replace_comes_back(
    django_assert_max_num_queries,
):
    def build(seed: int, replace: bool = False):
        return demo_city_build(
            seed=seed, address_count=ADDRESSES, today=TODAY, replace=replace,
            access_history=False,
        )  # fmt: skip

    built = build(4)
    first = demo_city_digest()
    cases = list(Case.objects.order_by("pk").values_list("pk", "reference"))
    assert built.counts["cases"] == len(cases) == 400
    with django_assert_max_num_queries(15):
        again = build(4)
    assert not again.built
    assert demo_city_digest() == first
    assert list(Case.objects.order_by("pk").values_list("pk", "reference")) == cases
    other = build(5, replace=True)
    assert other.built and demo_city_digest() != first
    assert Case.objects.count() == 400 and not Case.objects.filter(pk__in=[c[0] for c in cases])
    assert Table.objects.filter(code__startswith="vbs-").count() == 6
    back = build(4, replace=True)
    assert back.built and demo_city_digest() == first == back.state.digest


@pytest.mark.django_db
def test_replace_keeps_the_access_log_and_removes_the_casework(
    settings, django_capture_on_commit_callbacks
):
    # The full access history is checked in test_casework; here a few rows by demo logins (as
    # visitors of the demo leave them) must keep those logins across the replacement.
    demo_city_build(seed=4, address_count=ADDRESSES, today=TODAY, access_history=False)
    for name in ("regisseur", "politie", "ggz"):
        audit_record(
            context=AuditContext(actor=User.objects.get(username=name), purpose="casework"),
            action=AuditAction.READ,
            object_type="case",
            object_id=Case.objects.order_by("pk").values_list("pk", flat=True)[0],
        )
    rows = AuditEntry.objects.count()
    assert rows == 3 and audit_chain_verify().intact
    regisseur = User.objects.get(username="regisseur")
    persons = set(demo_persons().values_list("uuid", flat=True))
    storage = DocumentStorage()
    files = [Path(storage.path(name)) for name in Document.objects.values_list("file", flat=True)]
    assert files and all(f.is_file() for f in files)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = demo_city_build(
            seed=5, address_count=ADDRESSES, today=TODAY, replace=True, access_history=False
        )
    assert outcome.built
    # The log is append-only: every row of the replaced city is still there, chain intact.
    assert AuditEntry.objects.count() == rows
    assert audit_chain_verify().intact
    # The logins it names are the same accounts, active again with this city's names.
    again = User.objects.get(username="regisseur")
    assert again.pk == regisseur.pk and again.is_active
    assert again.check_password(constants.DEMO_PASSWORD)
    assert again.role_codes() == {Role.COORDINATOR.value}
    assert User.objects.filter(username__in=["politie", "ggz", "om"]).count() == 3
    # The old casework is gone: persons, cases and the stored files.
    assert not persons & set(Person.objects.values_list("uuid", flat=True))
    assert not any(f.exists() for f in files)
    assert Case.objects.count() == 400


@pytest.mark.django_db
def test_remove_keeps_only_the_logins_the_log_names(django_capture_on_commit_callbacks):
    demo_city_build(seed=4, address_count=ADDRESSES, today=TODAY, access_history=False)
    regisseur = User.objects.get(username="regisseur")
    audit_record(
        context=AuditContext(actor=regisseur, role="coordinator", purpose="casework"),
        action=AuditAction.LIST,
        object_type="case",
    )
    with django_capture_on_commit_callbacks(execute=True):
        demo_city_remove()
    assert not Case.objects.exists() and not Person.objects.exists()
    assert not Table.objects.exists() and not Document.objects.exists()
    kept = User.objects.get()
    assert kept.username == "regisseur" and not kept.is_active
    assert kept.organisation is not None and kept.organisation.code == "vbs-gemeente"
    assert not demo_city_data_exists()
    assert AuditEntry.objects.count() == 1 and audit_chain_verify().intact
    # A new build takes the login over without --replace.
    assert demo_city_build(seed=4, address_count=ADDRESSES, today=TODAY, access_history=False).built
    assert User.objects.get(username="regisseur").pk == regisseur.pk


@pytest.mark.django_db
def test_a_city_without_addresses_is_removed_whole_and_builds_again():
    """Household members have no address to be found by: their relations find them."""
    demo_city_build(seed=5, address_count=0, today=TODAY, access_history=False)
    assert Person.objects.exists()
    demo_city_remove()
    assert not Person.objects.exists()
    again = demo_city_build(seed=5, address_count=0, today=TODAY, access_history=False)
    assert again.built


@pytest.mark.django_db
def test_history_appended_after_newer_rows_keeps_the_chain(django_capture_on_commit_callbacks):
    # A live row (written 'now') before the history: the history's simulated times go back
    # once where it starts, and the chain still verifies, in SQL and in Python alike.
    demo_city_build(seed=4, address_count=ADDRESSES, today=TODAY, access_history=False)
    live = audit_record(
        context=AuditContext(actor=User.objects.get(username="regisseur"), purpose="casework"),
        action=AuditAction.LIST,
        object_type="case",
    )
    with django_capture_on_commit_callbacks(execute=True):
        demo_city_build(seed=5, address_count=ADDRESSES, today=TODAY, replace=True)
    history = AuditEntry.objects.filter(seq__gt=live.seq).order_by("seq")
    assert history.count() > 4000 and history[0].seq == live.seq + 1
    assert history[0].at < live.at
    assert audit_chain_verify().intact and audit_chain_verify_python().intact
    counts = [g.use_count for g in break_glass_awaiting_review()]  # type: ignore[attr-defined]
    assert counts and all(count > 0 for count in counts)
