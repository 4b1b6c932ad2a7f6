"""The subject access report (AVG art. 15): the right parts, never case content, a real PDF."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilig.access.cases import access_case
from veilig.access.persons import access_person
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.cases.models import Case
from veilig.cases.vocabulary import DataCategory, Scope, Theme
from veilig.privacy.reports import (
    FONT_CANDIDATES,
    report_as_json,
    report_as_pdf,
    subject_access_report_build,
    to_latin1,
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


def _stream_text(pdf: bytes) -> str:
    """The text of an uncompressed or Flate-compressed core-font PDF (no pdftotext needed)."""
    parts = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        with contextlib.suppress(zlib.error):
            raw = zlib.decompress(raw)
        parts.append(raw.decode("latin-1"))
    return "\n".join(parts)


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
        assert report_as_pdf(report).startswith(b"%PDF-")

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


class TestPdf:
    def test_pdf_download_is_a_real_pdf_with_a_neutral_name(
        self, case: Case, subject: Person, frank: User
    ) -> None:
        client: Client = verified_client(frank)
        response = client.get(reverse("privacy:subject_access_pdf", args=[subject.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition.startswith(f'attachment; filename="inzageverzoek-{subject.pk}-')
        assert "Ge" not in disposition and "Zo" not in disposition
        body = response.content
        assert body.startswith(b"%PDF-")
        assert body.rstrip().endswith(b"%%EOF")
        assert b"startxref" in body
        assert 1_000 < len(body) < 2_000_000

    def test_core_font_fallback_writes_dutch_letters_and_no_content(
        self, case: Case, subject: Person
    ) -> None:
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        pdf = report_as_pdf(report, candidates=(), compress=False)
        assert pdf.startswith(b"%PDF-")
        assert b"/BaseFont /Helvetica" in pdf
        text = _stream_text(pdf)
        assert "Zoë van Geëerd" in text
        assert case.reference in text
        assert "Politie" in text
        for item in case.contributions.all():
            assert item.text not in text
        assert case.reason not in text
        assert "111222333" not in text

    def test_core_font_fallback_survives_letters_outside_latin1(self) -> None:
        person = synthetic_person(first_name="Ağça", last_name="Łukasiewicz \u2013 IJsselmeer")
        report = subject_access_report_build(person_id=person.pk)
        assert report is not None
        text = _stream_text(report_as_pdf(report, candidates=(), compress=False))
        assert "Agça Lukasiewicz - IJsselmeer" in text
        assert to_latin1("Ağça Łódź naïef \u2013 ĳs €5") == "Agça Lódz naïef - ijs EUR5"

    @pytest.mark.skipif(
        not any(r.is_file() and b.is_file() for r, b in FONT_CANDIDATES),
        reason="no Noto or DejaVu TTF on this system; the core-font fallback is tested above",
    )
    def test_unicode_font_is_embedded_when_available(self, case: Case, subject: Person) -> None:
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        pdf = report_as_pdf(report)
        assert b"/FontFile2" in pdf  # an embedded TrueType subset
        assert b"/BaseFont /Helvetica" not in pdf

    @pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
    def test_pdftotext_reads_the_text(self, case: Case, subject: Person, tmp_path: Path) -> None:
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        target = tmp_path / "report.pdf"
        target.write_bytes(report_as_pdf(report))
        tool = shutil.which("pdftotext")
        assert tool is not None
        out = subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
            [tool, str(target), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert "Zoë van Geëerd" in out
        assert case.reference in out


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
