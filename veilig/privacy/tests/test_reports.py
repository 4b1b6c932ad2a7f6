"""The subject access report (AVG art. 15): the right parts, never case content, a real PDF."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from veilig.access.cases import access_case
from veilig.access.persons import access_person
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.cases.models import Case
from veilig.cases.vocabulary import DataCategory, Scope, Theme
from veilig.privacy.reports import (
    report_as_json,
    subject_access_report_build,
)
from veilig.registry.models import Person
from veilig.testing.casework import case_for, contribution, ggz, synthetic_person
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject() -> Person:
    return synthetic_person(first_name="Zoë", prefix="van", last_name="Geëerd", bsn="111222333")


@pytest.fixture
def case(alice: User, bob: User, subject: Person) -> Case:
    """A case with police and GGZ taking part, contributions in several scopes, two reads."""
    assert bob.organisation is not None
    case = case_for(alice, subject=subject, participants=[bob.organisation, ggz()])
    contribution(case, bob, scope=Scope.PARTICIPANTS, category=DataCategory.POLICE)
    contribution(case, bob, scope=Scope.SOURCE, category=DataCategory.POLICE)
    contribution(case, alice, scope=Scope.COORDINATION, category=DataCategory.MUNICIPAL)
    access_case(AuditContext.for_command(bob), case.pk)
    access_person(AuditContext.for_command(alice), subject.pk)
    return case


class TestReportData:
    def test_person_categories_with_masked_bsn(self, case: Case, subject: Person) -> None:
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        assert report.person.name == "Zoë van Geëerd"
        assert report.person.date_of_birth == subject.date_of_birth
        assert report.person.bsn_stored
        assert report.person.bsn_masked == "*****2333"
        assert "111222333" not in json.dumps(report_as_json(report))

    def test_cases_list_organisations_categories_and_bases(
        self, case: Case, subject: Person
    ) -> None:
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        [processed] = report.cases
        assert processed.reference == case.reference
        assert processed.theme["code"] == Theme.ICO
        assert processed.responsible_organisation == "Gemeente"
        assert {p.organisation for p in processed.participants} == {"Gemeente", "Politie", "Ggz"}
        police = [c for c in processed.contributed if c.organisation == "Politie"]
        assert {(c.data_category["code"], c.scope["code"], c.count) for c in police} == {
            ("police", "participants", 1),
            ("police", "source", 1),
        }
        assert all(c.legal_basis and c.legal_basis["code"] == "wpg_16" for c in police)
        assert set(report.organisations) >= {"Gemeente", "Politie", "Ggz"}

    def test_access_log_says_who_looked_without_employee_names_by_default(
        self, case: Case, subject: Person
    ) -> None:
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        reads = [(r.organisation, r.object_type) for r in report.access_log]
        assert ("Politie", "case") in reads
        assert ("Gemeente", "person") in reads
        assert all(r.user == "" for r in report.access_log)
        named = subject_access_report_build(person_id=subject.pk, include_user_names=True)
        assert named is not None
        assert {"alice", "bob"} <= {r.user for r in named.access_log}

    def test_missing_person_gives_no_report(self) -> None:
        assert subject_access_report_build(person_id=999_999) is None

    def test_person_without_cases_or_bsn(self) -> None:
        person = synthetic_person()
        report = subject_access_report_build(person_id=person.pk)
        assert report is not None
        assert report.cases == [] and report.access_log == []
        assert not report.person.bsn_stored and report.person.bsn_masked == ""

    def test_radicalisation_case_is_flagged_for_restrictions(
        self, alice: User, subject: Person
    ) -> None:
        case_for(alice, subject=subject, theme=Theme.RADICALISATION)
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        assert [c.confidential for c in report.cases] == [True]


class TestJsonExport:
    def test_json_has_the_parts_and_no_case_content(
        self, case: Case, subject: Person, frank: User
    ) -> None:
        client = verified_client(frank)
        response = client.get(reverse("privacy:subject_access_json", args=[subject.pk]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        day = timezone.localdate().isoformat()
        assert response["Content-Disposition"] == (
            f'attachment; filename="inzageverzoek-{subject.pk}-{day}.json"'
        )
        assert "no-store" in response["Cache-Control"]
        data = json.loads(response.content)
        assert set(data) >= {"person", "cases", "access_log", "organisations", "generated_at"}
        assert data["person"]["name"] == "Zoë van Geëerd"
        assert data["person"]["bsn_stored"] is True
        assert data["cases"][0]["reference"] == case.reference
        assert data["cases"][0]["contributed"][0]["data_category"]["code"]
        assert any(r["organisation"] == "Politie" for r in data["access_log"])
        text = response.content.decode()
        for item in case.contributions.all():
            assert item.text not in text
        assert case.reason not in text
        assert "111222333" not in text
        assert '"bob"' not in text

    def test_names_are_included_only_on_request(
        self, case: Case, subject: Person, frank: User
    ) -> None:
        client = verified_client(frank)
        url = reverse("privacy:subject_access_json", args=[subject.pk])
        data = json.loads(client.get(url, {"namen": "on"}).content)
        assert "bob" in {r["user"] for r in data["access_log"]}
        assert data["includes_user_names"] is True


def test_html_preview_shows_categories_not_content(
    case: Case, subject: Person, frank: User
) -> None:
    response = verified_client(frank).get(reverse("privacy:subject_access", args=[subject.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert case.reference in content
    assert "*****2333" in content
    for item in case.contributions.all():
        assert item.text not in content
    assert case.reason not in content
    assert reverse("privacy:subject_access_pdf", args=[subject.pk]) in content
