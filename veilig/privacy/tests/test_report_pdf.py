"""The AVG art. 15 report as a PDF (WeasyPrint): every name exact, tagged, a sender block.

The text is read back with poppler's pdftotext, as a reader's tools would; `.ci/run` installs
it, so under CI=true a missing pdftotext fails instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from veilig.accounts.models import User
from veilig.cases.models import Case
from veilig.cases.vocabulary import DataCategory, Scope
from veilig.privacy.reports import (
    Sender,
    report_as_pdf,
    subject_access_report_build,
)
from veilig.registry.models import Person
from veilig.testing.casework import case_for, contribution, ggz, synthetic_person
from veilig.testing.personas import verified_client
from veilig.ui.pdf import FONT_STYLESHEETS, StaticFilesFetcher, static_path

pytestmark = pytest.mark.django_db

NAME = "Łukasz Ødegård-Çelik"
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None and os.environ.get("CI") != "true",
    reason="pdftotext (poppler-utils) is not installed; CI installs it",
)


@pytest.fixture
def subject() -> Person:
    return synthetic_person(first_name="Łukasz", last_name="Ødegård-Çelik", bsn="111222333")


@pytest.fixture
def case(alice: User, bob: User, subject: Person) -> Case:
    assert bob.organisation is not None
    case = case_for(alice, subject=subject, participants=[bob.organisation, ggz()])
    contribution(case, bob, scope=Scope.PARTICIPANTS, category=DataCategory.POLICE)
    contribution(case, alice, scope=Scope.COORDINATION, category=DataCategory.MUNICIPAL)
    return case


def _sender(**overrides: object) -> Sender:
    values: dict[str, object] = {
        "organisation": "Gemeente Voorbeeldstad",
        "contact": "privacy@voorbeeldstad.example",
        "reference": "Inzageverzoek 1",
        "requested_on": dt.date(2026, 1, 31),
    }
    values.update(overrides)
    return Sender(**values)  # type: ignore[arg-type]


def _poppler(tool: str, *args: str) -> str:
    path = shutil.which(tool)
    assert path is not None, f"{tool} (poppler-utils) is not installed"
    return subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
        [path, *args], capture_output=True, check=True, text=True
    ).stdout


def _text(pdf: bytes, tmp_path: Path) -> str:
    target = tmp_path / "report.pdf"
    target.write_bytes(pdf)
    return _poppler("pdftotext", "-layout", str(target), "-")


def _pdf_of(subject: Person, **sender: object) -> bytes:
    with translation.override("nl"):
        report = subject_access_report_build(person_id=subject.pk)
        assert report is not None
        return report_as_pdf(report, sender=_sender(**sender))


@needs_pdftotext
def test_the_name_is_extracted_exactly(case: Case, subject: Person, tmp_path: Path) -> None:
    text = _text(_pdf_of(subject), tmp_path)
    assert NAME in text
    assert case.reference in text
    assert "111222333" not in text  # the BSN only masked
    for item in case.contributions.all():
        assert item.text not in text  # never case content
    assert case.reason not in text


@needs_pdftotext
def test_letters_of_other_scripts_survive(tmp_path: Path) -> None:
    person = synthetic_person(first_name="Ağça Ђорђе Σοφία", last_name="Nguyễn-Łódź")
    text = _text(_pdf_of(person), tmp_path)
    assert "Ağça Ђорђе Σοφία Nguyễn-Łódź" in text


@needs_pdftotext
def test_sender_block_and_column_headers(case: Case, subject: Person, tmp_path: Path) -> None:
    text = _text(_pdf_of(subject), tmp_path)
    assert "Gemeente Voorbeeldstad" in text
    assert "privacy@voorbeeldstad.example" in text
    assert "31-01-2026" in text  # received
    assert "28-02-2026" in text  # due: one month later, the last day of February
    for header in ("Organisatie", "Gegevenscategorie", "Grondslag", "Aantal", "Periode"):
        assert header in text, header


@needs_pdftotext
def test_no_word_is_broken_across_lines(case: Case, subject: Person, tmp_path: Path) -> None:
    """A hyphen or a split at a line end would tear a long word apart."""
    long_name = "Verwerkingsverantwoordelijkeorganisatie Voorbeeldstadsgewest"
    text = _text(_pdf_of(subject, organisation=long_name), tmp_path)
    words = set(re.findall(r"[\wÀ-ž-]+", text))
    assert "Verwerkingsverantwoordelijkeorganisatie" in words
    assert not re.search(r"\w-\n", text)  # no hyphenation at a line end


@needs_pdftotext
def test_pdf_is_tagged_pdf_ua_with_embedded_noto(
    case: Case, subject: Person, tmp_path: Path
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(_pdf_of(subject))
    info = _poppler("pdfinfo", "-meta", str(target))
    assert re.search(r"pdfuaid:part(=\"1\"|>1<)", info)  # PDF/UA-1 declared
    info = _poppler("pdfinfo", str(target))
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.M)
    assert re.search(r"^Title:\s+Overzicht", info, flags=re.M)  # a title, no personal data
    assert "ukasz" not in info
    fonts = _poppler("pdffonts", str(target))
    assert "Veilig-PDF-latin" in fonts and "Veilig-PDF-latin-ext" in fonts  # Ł is latin-ext
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts.splitlines()[2:])
    assert "Helvetica" not in fonts


def test_a_template_value_cannot_make_the_server_fetch_a_url(subject: Person) -> None:
    fetcher = StaticFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:9/secret")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch(f"file://{static_path(FONT_STYLESHEETS[0]).parent}/../../../../settings.py")
    assert fetcher.fetch(f"file://{static_path(FONT_STYLESHEETS[0])}").read()


@override_settings(PRIVACY_CONTACT="fg@voorbeeldstad.example")
def test_download_names_the_request_date_and_contact(
    case: Case, subject: Person, frank: User, tmp_path: Path
) -> None:
    client: Client = verified_client(frank)
    url = reverse("privacy:subject_access_pdf", args=[subject.pk])
    response = client.get(url, {"verzoek": "2026-11-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="inzageverzoek-{subject.pk}-')
    assert "ukasz" not in disposition
    if PDFTOTEXT is not None:
        text = _text(response.content, tmp_path)
        assert "fg@voorbeeldstad.example" in text
        assert "02-11-2026" in text and "02-12-2026" in text
        assert NAME in text


def test_a_request_date_in_the_future_is_refused(subject: Person, frank: User) -> None:
    client: Client = verified_client(frank)
    page = client.get(
        reverse("privacy:subject_access", args=[subject.pk]), {"verzoek": "2999-01-01"}
    )
    assert page.status_code == 200
    assert 'aria-invalid="true"' in page.content.decode()


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 1, 15), dt.date(2026, 2, 15)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 31)),
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
    ],
)
def test_answer_is_due_one_month_after_receipt(received: dt.date, due: dt.date) -> None:
    assert _sender(requested_on=received).answer_due == due
