"""A meeting as an iCalendar file (RFC 5545): one VEVENT, no case and no name in it.

No iCalendar library is in the lock file, so this is a small writer of exactly what the file
needs: content lines ended by CRLF, folded at 75 octets (a continuation line starts with one
space and a UTF-8 character is never split), TEXT values escaped (backslash, semicolon, comma,
newline), times in UTC (``19980119T070000Z``).

The event: UID ``meeting-<id>@<host>`` (stable, so a calendar updates the event instead of
adding one), DTSTART/DTEND, SUMMARY "Casusoverleg <table>", LOCATION the place or else the video
link (with both, the link goes in DESCRIPTION), URL the meeting page, STATUS CANCELLED for a
cancelled meeting. Which cases are discussed and who attends are not in it.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.consultations.models import Meeting
from veilig.consultations.vocabulary import MeetingStatus

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//Veilig//Casusoverleg//NL"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, a line break
    written as ``\\n``; other control characters are dropped (the grammar forbids them)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 3.1), each physical line ended by CRLF."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += octets
    parts.append(current)
    return "".join(part + CRLF for part in parts)


def utc_stamp(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC ("form #2" of RFC 5545 3.3.5)."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_summary(meeting: Meeting) -> str:
    """'Casusoverleg <table>'; a table whose name already says it is an overleg keeps its name."""
    name = meeting.table.name
    if "overleg" in name.lower():
        return name
    return _("Case consultation %(table)s") % {"table": name}


def meeting_calendar(
    *, meeting: Meeting, host: str, page_url: str, stamp: dt.datetime | None = None
) -> bytes:
    """The iCalendar file of one meeting, UTF-8."""
    properties: list[tuple[str, str]] = [
        ("UID", escape_text(f"meeting-{meeting.pk}@{host}")),
        ("DTSTAMP", utc_stamp(stamp or timezone.now())),
        ("DTSTART", utc_stamp(meeting.starts_at)),
        ("DTEND", utc_stamp(meeting.ends_at)),
        ("SUMMARY", escape_text(meeting_summary(meeting))),
    ]
    location = meeting.place or meeting.video_link
    if location:
        properties.append(("LOCATION", escape_text(location)))
    if meeting.place and meeting.video_link:
        text = _("Video link: %(link)s") % {"link": meeting.video_link}
        properties.append(("DESCRIPTION", escape_text(text)))
    properties.append(("URL", page_url))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    properties.append(("STATUS", "CANCELLED" if cancelled else "CONFIRMED"))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        *(f"{name}:{value}" for name, value in properties),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) for line in lines).encode("utf-8")
