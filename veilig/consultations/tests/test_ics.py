"""The meeting as iCalendar (RFC 5545): one VEVENT, CRLF, folded at 75 octets, escaped, UTC;
no case and no name in it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.consultations.models import Meeting
from veilig.consultations.outputs.ics import escape_text, fold, meeting_calendar
from veilig.testing.casework import ggz
from veilig.testing.consultations import accepted_case, meeting_of, table_with
from veilig.testing.personas import verified_client


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def test_text_values_are_escaped() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert escape_text("bel\x07 ons") == "bel ons"


@pytest.mark.parametrize("text", ["x" * 200, "Łódź-Ağça-" * 30, "€" * 80, "a" * 75, "a" * 74])
def test_lines_fold_at_75_octets_without_splitting_a_character(text: str) -> None:
    folded = fold(f"SUMMARY:{text}")
    physical = folded.split("\r\n")
    assert physical[-1] == "" and folded.endswith("\r\n")
    for line in physical[:-1]:
        assert len(line.encode("utf-8")) <= 75
    assert all(line.startswith(" ") for line in physical[1:-1])
    assert _unfold(folded) == [f"SUMMARY:{text}"]


@pytest.mark.django_db
def test_one_event_in_utc_without_case_or_names(alice: User, bob: User, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["veilig.example"]
    table = table_with(representatives=[alice, bob])
    case = accepted_case(alice, bob, table, participants=[ggz()])
    meeting = meeting_of(alice, table)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC),
        video_link="https://video.example/overleg?id=1,2",
    )
    client = verified_client(bob)
    url = reverse("meeting_outputs:ics", kwargs={"meeting_id": meeting.pk})
    before = AuditEntry.objects.count()
    response = client.get(url, HTTP_HOST="veilig.example")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="overleg-{meeting.pk}.ics"'
    body = response.content.decode("utf-8")
    assert "\n" not in body.replace("\r\n", "")  # every line ends in CRLF
    lines = _unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1 and "VERSION:2.0" in lines
    assert f"UID:meeting-{meeting.pk}@veilig.example" in lines
    assert "DTSTART:20261208T090000Z" in lines and "DTEND:20261208T103000Z" in lines
    assert "SUMMARY:Casusoverleg ico" in lines  # the table's name already says "overleg"
    assert "LOCATION:Veiligheidshuis\\, zaal 2" in lines
    assert "DESCRIPTION:Video link: https://video.example/overleg?id=1\\,2" in lines
    assert f"URL:http://veilig.example/overleggen/{meeting.pk}/" in lines
    assert "STATUS:CONFIRMED" in lines
    for private in (case.reference, case.subject_full_name, "Alice", "Bob", "alice", "bob"):
        assert private not in body
    [row] = AuditEntry.objects.order_by("seq")[before:]
    assert (row.action, row.object_type, row.object_id, row.detail, row.subject_person_id) == (
        "download",
        "meeting",
        str(meeting.pk),
        "ics",
        None,
    )
    again = _unfold(client.get(url, HTTP_HOST="veilig.example").content.decode())
    assert [line for line in again if line.startswith("UID")] == [
        f"UID:meeting-{meeting.pk}@veilig.example"
    ]


@pytest.mark.django_db
def test_a_table_name_without_overleg_gets_the_word(alice: User, bob: User) -> None:
    table = table_with(code="top-x", representatives=[alice, bob])
    table.name = "Top-X"
    table.save()
    meeting = meeting_of(alice, table)
    body = meeting_calendar(meeting=meeting, host="h", page_url="https://h/overleggen/1/")
    assert "SUMMARY:Case consultation Top-X\r\n" in body.decode()
