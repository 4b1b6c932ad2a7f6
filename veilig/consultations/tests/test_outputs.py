"""The agenda and the minutes as PDF per recipient (issue #14, item 5).

Done when: the PDF minutes for two recipients of different organisations differ exactly by the
contributions outside their scopes. The text is read back with poppler's pdftotext, as a
reader's tools would; `.ci/run` installs it, so under CI=true a missing pdftotext fails instead
of skipping.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from veilig.access.errors import NotFound
from veilig.access.meetings import DocumentKind, access_meeting_document, cases_code
from veilig.access.policy import contributions_visible_to
from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.cases.models import Case, Contribution
from veilig.cases.vocabulary import DataCategory, LegalBasis, Scope
from veilig.consultations.models import Attendance, Meeting
from veilig.consultations.outputs import meeting_document_build, meeting_document_pdf
from veilig.consultations.services import (
    agenda_current,
    attendance_record,
    decision_add,
    meeting_action_add,
    minutes_write,
    statement_accept,
)
from veilig.testing.casework import ggz
from veilig.testing.consultations import accepted_case, meeting_of, table_with
from veilig.testing.personas import persona, verified_client

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None and os.environ.get("CI") != "true",
    reason="pdftotext (poppler-utils) is not installed; CI installs it",
)
MADE_AT = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC)
MINUTES = ("Beeld: zorgen over de woonsituatie.", "Oordeel: samen optrekken.", "Besluit: HB.")
DECISION = "Politie en GGZ leggen samen een huisbezoek af."
ACTION = "Gezamenlijk huisbezoek plannen"


def ctx(user: User) -> AuditContext:
    return AuditContext.for_command(user)


@dataclass
class World:
    meeting: Meeting
    case: Case
    police: User
    care: User
    director: User


def _contribute(case: Case, author: User, scope: Scope, category: DataCategory) -> Contribution:
    assert author.organisation is not None
    return Contribution.objects.create(
        case=case,
        organisation=author.organisation,
        author=author,
        text=f"{author.organisation.code} deelt ({scope.value}): nr {case.contributions.count()}.",
        data_category=category,
        legal_basis=LegalBasis.WPG_16,
        scope=scope,
    )


@pytest.fixture
def world(alice: User, bob: User, hank: User) -> World:
    """One case at a table where police (bob) and GGZ (hank) take part, contributions of the
    police, GGZ and the municipality in every scope, minutes, a decision and an action; bob,
    hank and alice (the chair) attend with their statements recorded."""
    table = table_with(representatives=[alice, bob, hank])
    case = accepted_case(alice, bob, table, participants=[ggz()])
    for author, category in (
        (bob, DataCategory.POLICE),
        (hank, DataCategory.CARE),
        (alice, DataCategory.MUNICIPAL),
    ):
        for scope in (Scope.PARTICIPANTS, Scope.COORDINATION, Scope.SOURCE):
            _contribute(case, author, scope, category)
    meeting = meeting_of(alice, table)
    [item] = agenda_current(meeting=meeting)
    for attendee in (bob, hank):
        attendance_record(context=ctx(alice), meeting_id=meeting.pk, user=attendee)
    for signer in (alice, bob, hank):
        statement_accept(context=ctx(signer), meeting_id=meeting.pk)
    beeld, oordeel, besluit = MINUTES
    minutes_write(
        context=ctx(alice), item_id=item.pk, beeld=beeld, oordeel=oordeel, besluit=besluit
    )
    decision_add(context=ctx(alice), item_id=item.pk, text=DECISION)
    assert bob.organisation is not None
    meeting_action_add(
        context=ctx(alice),
        item_id=item.pk,
        description=ACTION,
        owner_organisation=bob.organisation,
        owner_user=bob,
        deadline=timezone.localdate() + dt.timedelta(days=14),
    )
    return World(meeting=meeting, case=case, police=bob, care=hank, director=alice)


def _text(pdf: bytes, tmp_path: Path) -> str:
    assert PDFTOTEXT is not None, "pdftotext (poppler-utils) is not installed"
    target = tmp_path / "notulen.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
        [PDFTOTEXT, "-layout", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout


def _lines(text: str) -> list[str]:
    """The text's lines, spaces normalised (the layout mode pads columns), empty lines left out."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _minutes_text(
    meeting: Meeting, user: User, tmp_path: Path, *, for_attendance: int | None = None
) -> str:
    grant = access_meeting_document(
        ctx(user), meeting.pk, DocumentKind.MINUTES, for_attendance_id=for_attendance
    )
    document = meeting_document_build(grant=grant, kind=DocumentKind.MINUTES, generated_at=MADE_AT)
    return _text(meeting_document_pdf(document), tmp_path)


def _texts(user: User, case: Case) -> set[str]:
    return set(contributions_visible_to(user, case).values_list("text", flat=True))


def _without(lines: list[str], texts: set[str], recipient_line: str) -> tuple[list[str], int]:
    """The lines without the recipient's line and the lines holding one of ``texts``; each
    text must be on exactly one line of its own."""
    for text in texts:
        holding = [line for line in lines if text in line]
        assert len(holding) == 1, (text, holding)
    kept = [line for line in lines if line != recipient_line and not any(t in line for t in texts)]
    return kept, len(lines) - len(kept)


@needs_pdftotext
def test_minutes_of_two_organisations_differ_exactly_by_the_contributions_outside_scope(
    world: World, tmp_path: Path
) -> None:
    police_lines = _lines(_minutes_text(world.meeting, world.police, tmp_path))
    care_lines = _lines(_minutes_text(world.meeting, world.care, tmp_path))
    # The expected difference comes from the sharing rule, not from this test.
    police_sees, care_sees = _texts(world.police, world.case), _texts(world.care, world.case)
    only_police, only_care = police_sees - care_sees, care_sees - police_sees
    assert only_police and only_care and police_sees & care_sees  # the test can tell them apart
    police_to = "To: Bob, Politie"
    care_to = "To: Hank, Ggz"
    assert police_to in police_lines and care_to in care_lines
    police_rest, police_removed = _without(police_lines, only_police, police_to)
    care_rest, care_removed = _without(care_lines, only_care, care_to)
    assert police_removed == len(only_police) + 1 and care_removed == len(only_care) + 1
    assert police_rest == care_rest  # everything else identical, in the same order
    # ... and the difference is exactly those lines: the texts the other may not see.
    differ = (Counter(police_lines) - Counter(care_lines)) + (
        Counter(care_lines) - Counter(police_lines)
    )
    assert sum(differ.values()) == len(only_police) + len(only_care) + 2
    everything = "\n".join(police_lines)
    for hidden in only_care:
        assert hidden not in everything
    for part in (*MINUTES, DECISION, ACTION, world.case.reference, world.case.subject_full_name):
        assert part in everything
    for shared in police_sees & care_sees:
        assert shared in everything


@needs_pdftotext
def test_a_recipient_without_a_statement_gets_no_case_content(world: World, tmp_path: Path) -> None:
    piet = persona(
        "piet", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
    )
    world.meeting.table.representatives.add(piet)
    text = " ".join(_minutes_text(world.meeting, piet, tmp_path).split())
    assert "Agenda item 1 — not visible to you" in text
    assert "No confidentiality statement is recorded" in text
    for content in (
        world.case.reference,
        world.case.subject_full_name,
        *world.case.contributions.values_list("text", flat=True),
        *MINUTES,
        DECISION,
        ACTION,
    ):
        assert content not in text


@needs_pdftotext
def test_an_item_of_a_case_the_recipient_does_not_take_part_in_is_not_shown(
    world: World, tmp_path: Path
) -> None:
    police_only = accepted_case(world.director, world.police, world.meeting.table)
    agenda_current(meeting=world.meeting)
    text = " ".join(_minutes_text(world.meeting, world.care, tmp_path).split())
    assert "Agenda item 1: " in text and world.case.reference in text
    assert "Agenda item 2 — not visible to you" in text
    assert police_only.reference not in text and police_only.subject_full_name not in text


@needs_pdftotext
def test_process_direction_makes_the_minutes_for_an_attendee(world: World, tmp_path: Path) -> None:
    """Built for the attendee, within what the producer may also read: the coordinator never
    reads GGZ's own-organisation contributions through the attendee's file."""
    attendance = Attendance.objects.get(meeting=world.meeting, user=world.care)
    lines = _lines(
        _minutes_text(world.meeting, world.director, tmp_path, for_attendance=attendance.pk)
    )
    text = "\n".join(lines)
    assert "To: Hank, Ggz" in lines
    expected = _texts(world.care, world.case) & _texts(world.director, world.case)
    for contribution in world.case.contributions.all():
        assert (contribution.text in text) == (contribution.text in expected), contribution.scope
    row = AuditEntry.objects.order_by("-seq")[0]
    assert (row.action, row.object_type, row.object_id, row.actor_username) == (
        "export",
        "meeting",
        str(world.meeting.pk),
        "alice",
    )
    assert row.detail == f"minutes;for:user:{world.care.pk};cases:{world.case.pk}"


def test_only_process_direction_makes_a_file_for_someone_else(world: World) -> None:
    attendance = Attendance.objects.get(meeting=world.meeting, user=world.care)
    other = meeting_of(world.director, world.meeting.table, in_days=21)
    before = AuditEntry.objects.count()
    with pytest.raises(NotFound):
        access_meeting_document(
            ctx(world.police),
            world.meeting.pk,
            DocumentKind.MINUTES,
            for_attendance_id=attendance.pk,
        )
    with pytest.raises(NotFound):  # an attendance of another meeting
        access_meeting_document(
            ctx(world.director), other.pk, DocumentKind.MINUTES, for_attendance_id=attendance.pk
        )
    rows = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(r.result, r.detail) for r in rows] == [
        ("denied", f"minutes;for:attendance:{attendance.pk}"),
        ("denied", f"minutes;for:attendance:{attendance.pk}"),
    ]


def test_the_download_writes_one_row_naming_the_cases(world: World, tmp_path: Path) -> None:
    client = verified_client(world.police)
    before = AuditEntry.objects.count()
    url = reverse("meeting_outputs:minutes_pdf", kwargs={"meeting_id": world.meeting.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    day = timezone.localdate(world.meeting.starts_at).isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="notulen-overleg-{world.meeting.pk}-{day}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    [row] = AuditEntry.objects.order_by("seq")[before:]
    assert (row.action, row.object_type, row.object_id, row.result, row.purpose) == (
        "export",
        "meeting",
        str(world.meeting.pk),
        "granted",
        "consultation",
    )
    assert row.detail == f"minutes;cases:{world.case.pk}"
    agenda = client.get(
        reverse("meeting_outputs:agenda_pdf", kwargs={"meeting_id": world.meeting.pk})
    )
    assert agenda.status_code == 200
    assert AuditEntry.objects.order_by("-seq")[0].detail == f"agenda;cases:{world.case.pk}"
    assert client.get(url, {"voor": "abc"}).status_code == 404


@needs_pdftotext
def test_the_agenda_names_the_case_but_holds_no_contribution_or_minutes(
    world: World, tmp_path: Path
) -> None:
    grant = access_meeting_document(ctx(world.police), world.meeting.pk, DocumentKind.AGENDA)
    document = meeting_document_build(grant=grant, kind=DocumentKind.AGENDA, generated_at=MADE_AT)
    text = " ".join(_text(meeting_document_pdf(document), tmp_path).split())
    assert world.case.reference in text and world.case.subject_full_name in text
    assert ACTION in text  # the actions on the agenda
    for content in (*world.case.contributions.values_list("text", flat=True), *MINUTES, DECISION):
        assert content not in text


def test_a_meeting_without_a_case_for_the_user_names_no_case(world: World) -> None:
    piet = persona(
        "piet", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
    )
    world.meeting.table.representatives.add(piet)
    access_meeting_document(ctx(piet), world.meeting.pk, DocumentKind.MINUTES)
    assert AuditEntry.objects.order_by("-seq")[0].detail == "minutes"


def test_the_cases_code_lists_each_case_once_or_falls_back_to_a_digest() -> None:
    assert cases_code([7, 3, 7], room=20) == "cases:3,7"
    assert cases_code([], room=20) == ""
    long = cases_code(range(1000, 1100), room=200)
    assert long.startswith("cases-sha256:") and len(long) == len("cases-sha256:") + 64


@needs_pdftotext
def test_the_pdf_is_tagged_pdf_ua_and_its_title_names_no_person(
    world: World, tmp_path: Path
) -> None:
    grant = access_meeting_document(ctx(world.police), world.meeting.pk, DocumentKind.MINUTES)
    document = meeting_document_build(grant=grant, kind=DocumentKind.MINUTES, generated_at=MADE_AT)
    target = tmp_path / "notulen.pdf"
    target.write_bytes(meeting_document_pdf(document))
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo is not None, "pdfinfo (poppler-utils) is not installed"
    info = subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
        [pdfinfo, str(target)], capture_output=True, check=True, text=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.M)
    assert re.search(r"^Title:\s+Minutes Casusoverleg ico, ", info, flags=re.M)
    assert world.case.subject_full_name not in info and world.case.reference not in info


def test_the_links_include_names_the_three_files(world: World) -> None:
    html = render_to_string("consultations/outputs/_links.html", {"meeting": world.meeting})
    for name in ("agenda_pdf", "minutes_pdf", "ics"):
        url = reverse(f"meeting_outputs:{name}", kwargs={"meeting_id": world.meeting.pk})
        assert f'href="{url}"' in html
    assert "Agenda (PDF)" in html and "Minutes (PDF)" in html and "iCalendar" in html
