"""Possible duplicates and merges (issue #13, item 6): the process director merges two records
of one person, audited with ids only, reversible until confirmed; the art. 15 report covers
every case of the person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditResult
from veilig.cases.models import Case
from veilig.cases.services import case_register_new_person
from veilig.cases.vocabulary import Theme
from veilig.privacy.reports import report_as_json, subject_access_report_build
from veilig.registry.models import (
    Address,
    MergeStatus,
    Person,
    PersonAddress,
    PersonMerge,
    Relation,
    RelationKind,
)
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.casework import radicalisation_table, synthetic_person
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

BSN = "123456782"
BSN_OTHER = "111222333"


def _register(user: User, **person: Any) -> Case:
    return case_register_new_person(
        context=AuditContext.for_command(user),
        person={"first_name": "Piet", "last_name": "Dubbel"} | person,
        theme=person.pop("theme", Theme.NUISANCE),
        reason="Ernstige overlast in de buurt.",
        criteria={"multi_domain": True},
    )


class Records:
    """Two records of one Piet Dubbel: bob's without date of birth or BSN (the one that
    stays), hank's with both, an address and relations (the one merged into it)."""

    def __init__(self, bob: User, hank: User) -> None:
        self.kept_case = _register(bob)
        self.gone_case = _register(hank, date_of_birth=dt.date(1975, 1, 2), bsn=BSN)
        self.kept, self.gone = self.kept_case.subject, self.gone_case.subject
        address = Address.objects.create(
            street="Dubbelstraat", house_number=2, postcode="9998ZZ", city="Voorbeeldstad",
            rd_x=1.0, rd_y=2.0, lat=53.0, lon=6.0,
        )  # fmt: skip
        self.address = PersonAddress.objects.create(
            person=self.gone, address=address, since=dt.date(2020, 1, 1)
        )
        sister, friend = synthetic_person(), synthetic_person()
        self.out = Relation.objects.create(person=self.gone, other=sister, kind=RelationKind.FAMILY)
        self.into = Relation.objects.create(
            person=friend, other=self.gone, kind=RelationKind.NETWORK
        )
        # A relation between the two records cannot move (it would be a relation with oneself).
        self.between = Relation.objects.create(
            person=self.kept, other=self.gone, kind=RelationKind.HOUSEHOLD
        )

    @property
    def merge_url(self) -> str:
        return reverse("cases:merge", args=[self.kept.pk, self.gone.pk])


@pytest.fixture
def records(bob: User, hank: User) -> Records:
    return Records(bob, hank)


def _state() -> tuple[list[Any], ...]:
    """Everything a merge may move, to compare before and after undoing it."""
    return (
        sorted(Case.objects.values_list("pk", "subject_id")),
        sorted(PersonAddress.objects.values_list("pk", "person_id")),
        sorted(Relation.objects.values_list("pk", "person_id", "other_id", "kind")),
        sorted(
            Person.objects.values_list(
                "pk", "bsn_encrypted", "bsn_digest", "date_of_birth", "merged_into_id"
            )
        ),
    )


def _merge(client: Client, records: Records) -> PersonMerge:
    response = client.post(records.merge_url, {"survivor": records.kept.pk})
    merge = PersonMerge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:merge_detail", args=[merge.pk])
    return merge


class TestDuplicatesAndMerge:
    def test_pair_is_listed_and_compared(self, alice: User, records: Records) -> None:
        client = verified_client(alice)
        html = client.get(reverse("cases:duplicates")).content.decode()
        assert f'id="pair-{records.kept.pk}-{records.gone.pk}"' in html
        assert "Same name, other or unknown date of birth" in html
        assert records.merge_url in html
        before = audit_seq()
        page = client.get(records.merge_url)
        assert page.status_code == 200
        [row] = audit_rows_after(before)
        assert (row.action, row.object_type, row.object_id, row.subject_person_id) == (
            AuditAction.READ, "person", str(records.kept.pk), records.kept.pk,
        )  # fmt: skip
        assert row.detail == f"merge-preview;person:{records.gone.pk}"

    def test_merge_moves_everything_and_undo_restores_exactly(
        self, alice: User, records: Records
    ) -> None:
        client = verified_client(alice)
        before_state = _state()
        before = audit_seq()
        merge = _merge(client, records)
        [row] = audit_rows_after(before)
        assert (row.action, row.object_type, row.object_id, row.result) == (
            AuditAction.CREATE, "person_merge", str(merge.pk), AuditResult.GRANTED,
        )  # fmt: skip
        assert (row.subject_person_id, row.detail) == (records.kept.pk, f"person:{records.gone.pk}")
        kept, gone = (Person.objects.get(pk=p.pk) for p in (records.kept, records.gone))
        assert set(Case.objects.values_list("subject_id", flat=True)) == {kept.pk}
        assert list(kept.addresses.all()) == [records.address]
        assert Relation.objects.get(pk=records.out.pk).person == kept
        assert Relation.objects.get(pk=records.into.pk).other == kept
        assert Relation.objects.get(pk=records.between.pk).other == gone  # stays behind
        assert (kept.bsn_digest, kept.date_of_birth) == (
            records.gone.bsn_digest, dt.date(1975, 1, 2),
        )  # fmt: skip
        assert (gone.bsn_digest, gone.merged_into) == ("", kept)
        assert merge.status == MergeStatus.PENDING

        page = client.get(reverse("cases:merge_detail", args=[merge.pk])).content.decode()
        assert records.gone_case.reference in page and 'id="merge-actions"' in page

        before = audit_seq()
        client.post(reverse("cases:merge_undo", args=[merge.pk]))
        [row] = audit_rows_after(before)
        assert (row.action, row.object_type, row.object_id, row.detail) == (
            AuditAction.UPDATE, "person_merge", str(merge.pk), f"undo;person:{records.gone.pk}",
        )  # fmt: skip
        assert _state() == before_state
        merge.refresh_from_db()
        assert (merge.status, merge.decided_by) == (MergeStatus.UNDONE, alice)

    def test_confirmed_merge_is_final(self, alice: User, records: Records) -> None:
        client = verified_client(alice)
        merge = _merge(client, records)
        before = audit_seq()
        client.post(reverse("cases:merge_confirm", args=[merge.pk]))
        [row] = audit_rows_after(before)
        assert row.detail == f"confirm;person:{records.gone.pk}"
        merge.refresh_from_db()
        assert merge.status == MergeStatus.CONFIRMED
        after_confirm = _state()
        before = audit_seq()
        response = client.post(reverse("cases:merge_undo", args=[merge.pk]), follow=True)
        assert "This merge has already been undone or confirmed." in response.content.decode()
        assert audit_rows_after(before)[0].detail == f"undo;person:{records.gone.pk};invalid"
        assert _state() == after_confirm

    def test_registration_after_a_merge_finds_the_record_that_stays(
        self, alice: User, bob: User, records: Records
    ) -> None:
        _merge(verified_client(alice), records)
        again = _register(bob, first_name="PIET", date_of_birth=dt.date(1975, 1, 2))
        by_bsn = _register(bob, first_name="P.", bsn=BSN)
        assert again.subject == by_bsn.subject == records.kept

    def test_two_bsns_are_two_people(self, alice: User, bob: User, hank: User) -> None:
        first = _register(bob, date_of_birth=dt.date(1975, 1, 2), bsn=BSN_OTHER)
        second = _register(hank, date_of_birth=dt.date(1975, 1, 2), bsn=BSN)
        before_state, before = _state(), audit_seq()
        url = reverse("cases:merge", args=[first.subject_id, second.subject_id])
        response = verified_client(alice).post(url, {"survivor": first.subject_id}, follow=True)
        assert "These persons have different BSNs" in response.content.decode()
        assert audit_rows_after(before)[0].detail == f"person:{second.subject_id};invalid"
        assert _state() == before_state and not PersonMerge.objects.exists()


class TestOnlyTheProcessDirector:
    @pytest.mark.parametrize("who", ["bob", "hank", "carol", "frank", "grace"])
    def test_everyone_else_gets_404_and_a_denied_row(
        self, request: pytest.FixtureRequest, alice: User, records: Records, who: str
    ) -> None:
        merge = _merge(verified_client(alice), records)
        client = verified_client(request.getfixturevalue(who))
        state = _state()
        for method, url, data in [
            ("get", reverse("cases:duplicates"), None),
            ("get", records.merge_url, None),
            ("post", records.merge_url, {"survivor": records.kept.pk}),
            ("get", reverse("cases:merge_detail", args=[merge.pk]), None),
            ("post", reverse("cases:merge_undo", args=[merge.pk]), None),
            ("post", reverse("cases:merge_confirm", args=[merge.pk]), None),
        ]:
            before = audit_seq()
            response = getattr(client, method)(url, data, follow=True)
            assert response.status_code == 404, url
            assert [row.result for row in audit_rows_after(before)] == [AuditResult.DENIED], url
        assert _state() == state
        merge.refresh_from_db()
        assert merge.status == MergeStatus.PENDING

    def test_a_record_with_a_case_hidden_from_the_director_is_out_of_reach(
        self, alice: User, bob: User
    ) -> None:
        visible = _register(bob)
        radicalisation_table(representatives=[bob])
        hidden = _register(bob, date_of_birth=dt.date(1975, 1, 2), theme=Theme.RADICALISATION)
        client = verified_client(alice)
        html = client.get(reverse("cases:duplicates")).content.decode()
        assert f"pair-{visible.subject_id}-{hidden.subject_id}" not in html
        url = reverse("cases:merge", args=[visible.subject_id, hidden.subject_id])
        assert client.get(url).status_code == 404
        response = client.post(url, {"survivor": visible.subject_id}, follow=True)
        assert response.status_code == 404
        assert not PersonMerge.objects.exists()


class TestSubjectAccessReport:
    def test_covers_both_registrations_of_one_person(self, bob: User, hank: User) -> None:
        first = _register(hank, date_of_birth=dt.date(1975, 1, 2), bsn=BSN)
        second = _register(bob, first_name="Pieter", bsn=BSN)
        report = subject_access_report_build(person_id=first.subject_id)
        assert report is not None
        assert [c.reference for c in report.cases] == [first.reference, second.reference]

    @pytest.mark.parametrize("decision", ["pending", "confirm"])
    def test_covers_the_cases_of_merged_records(
        self, alice: User, records: Records, decision: str
    ) -> None:
        client = verified_client(alice)
        merge = _merge(client, records)
        if decision == "confirm":
            client.post(reverse("cases:merge_confirm", args=[merge.pk]))
        references = {records.kept_case.reference, records.gone_case.reference}
        for person in (records.kept, records.gone):
            report = subject_access_report_build(person_id=person.pk)
            assert report is not None
            assert {c.reference for c in report.cases} == references
            assert report.has_pending_merge is (decision == "pending")
            logged = {(row.object_type, row.action) for row in report.access_log}
            assert ("merge of two records of a person", "create") in logged
            merges = report_as_json(report)["merges"]
            assert [(m["survivor"], m["absorbed"]) for m in merges] == [
                (records.kept.pk, records.gone.pk)
            ]

    def test_an_undone_merge_stays_in_the_log_of_both(self, alice: User, records: Records) -> None:
        client = verified_client(alice)
        merge = _merge(client, records)
        client.post(reverse("cases:merge_undo", args=[merge.pk]))
        report = subject_access_report_build(person_id=records.gone.pk)
        assert report is not None
        assert [c.reference for c in report.cases] == [records.gone_case.reference]
        merge_rows = [r for r in report.access_log if r.object_type.startswith("merge")]
        assert len(merge_rows) == 2  # the merge and its undoing


def test_a_choice_that_is_neither_record_changes_nothing(alice: User, records: Records) -> None:
    before_state, before = _state(), audit_seq()
    response = verified_client(alice).post(records.merge_url, {"survivor": 999_999})
    assert response.status_code == 302 and response["Location"] == records.merge_url
    assert _state() == before_state and audit_rows_after(before) == []
