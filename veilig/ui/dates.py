"""Dates as people in the Netherlands type them: dd-mm-jjjj, whatever the language of the page.

One parser for every date field of the site (``veilig.ui.forms.DateField``/``DateTimeField``)
and for the case search. It accepts:

- ``31-01-2026``, ``31/01/2026``, ``31.01.2026``, ``31 01 2026`` and ``1-2-2026`` (day first);
- ``31012026`` (eight digits: a phone's numeric keypad may have no dash);
- ``2026-01-31`` (ISO, what a pasted value, an old bookmark or a test may hold);
- with a time, for date-and-time fields: ``31-01-2026 14:30``, ``31-01-2026 14.30`` or
  ``2026-01-31T14:30`` (seconds are allowed and ignored).

A date that matches a pattern but does not exist (31-02-2020) gets its own message naming the
month, so the user sees what to fix; a date that is not recognised gets the format with an
example. Never month first: "01/02/2026" is 1 February, also on the English pages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

#: What the fields show: the format of every date on the site (the ``dmy`` filter).
DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"

_SEP = r"\s*[-./\s]\s*"
_DAY_FIRST = re.compile(rf"^(?P<day>\d{{1,2}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<year>\d+)$")
_DIGITS = re.compile(r"^(?P<day>\d{2})(?P<month>\d{2})(?P<year>\d{4})$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_TIME = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?$")
_DATE_AND_TIME = re.compile(
    r"^(?P<date>.+?)(?:\s*[T\s]\s*)(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)$"
)

FORMAT_MESSAGE = _("Enter the date as dd-mm-yyyy, for example 31-01-2026.")
DATETIME_FORMAT_MESSAGE = _(
    "Enter the date and time as dd-mm-yyyy hh:mm, for example 31-01-2026 14:30."
)


def parse_date(text: str) -> dt.date:
    """The date ``text`` names; a ``ValidationError`` in plain words when there is none."""
    value = " ".join(text.split())
    match = _DIGITS.match(value) or _ISO.match(value) or _DAY_FIRST.match(value)
    if match is None:
        raise ValidationError(FORMAT_MESSAGE, code="invalid")
    if len(match["year"]) != 4:
        raise ValidationError(
            _("Write the year with 4 digits, for example 31-01-2026."), code="invalid_year"
        )
    return _existing_date(int(match["year"]), int(match["month"]), int(match["day"]))


def parse_date_or_none(text: str) -> dt.date | None:
    """The date ``text`` names, or None (for a search term that may be a name)."""
    try:
        return parse_date(text)
    except ValidationError:
        return None


def parse_datetime(text: str) -> dt.datetime:
    """A naive date and time (the field makes it aware in the current time zone)."""
    value = " ".join(text.split())
    match = _DATE_AND_TIME.match(value)
    if match is None:
        if parse_date_or_none(value) is not None:
            raise ValidationError(
                _("Add the time as hh:mm, for example 31-01-2026 14:30."), code="no_time"
            )
        raise ValidationError(DATETIME_FORMAT_MESSAGE, code="invalid")
    day = parse_date(match["date"])
    time = _TIME.match(match["time"])
    assert time is not None  # the pattern above only lets a time through
    hour, minute = int(time["hour"]), int(time["minute"])
    if hour > 23 or minute > 59:
        raise ValidationError(
            _("This time does not exist: use 00:00 to 23:59."), code="nonexistent_time"
        )
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def _existing_date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValidationError(
            _("This date does not exist: a year has 12 months."), code="nonexistent"
        )
    if year < 1:
        raise ValidationError(FORMAT_MESSAGE, code="invalid")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValidationError(
            _("This date does not exist: %(month)s %(year)d has %(days)d days."),
            code="nonexistent",
            params={"month": MONTHS[month], "year": year, "days": days},
        )
    return dt.date(year, month, day)
