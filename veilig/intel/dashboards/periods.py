"""The periods of a dashboard: week, month, quarter, year or a custom range of days.

A period is written in the URL as ``period=<kind>&at=<value>``: ``2024-W27``, ``2024-07``,
``2024-Q3``, ``2024``; a custom one as ``period=custom&start=2024-01-15&end=2024-03-31``
(both days included). "The same period a year earlier" is the same ISO week, month, quarter or
year one year back, or the custom range moved back one year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils import formats
from django.utils.translation import gettext as _

from veilig.intel.aggregates.calendar import Bucket, next_start


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


BUCKET_OF = {
    PeriodKind.WEEK: Bucket.WEEK,
    PeriodKind.MONTH: Bucket.MONTH,
    PeriodKind.QUARTER: Bucket.QUARTER,
    PeriodKind.YEAR: Bucket.YEAR,
}
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_YEAR = re.compile(r"([0-9]{4})")
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # exclusive

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def value(self) -> str:
        """The ``at`` parameter of this period (custom periods use start and end)."""
        if self.kind is PeriodKind.WEEK:
            year, week, _day = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.last_day.isoformat()}"

    def label(self) -> str:
        if self.kind is PeriodKind.WEEK:
            year, week, _day = self.start.isocalendar()
            return _("week %(week)d of %(year)d") % {"week": week, "year": year}
        if self.kind is PeriodKind.MONTH:
            return formats.date_format(self.start, "F Y")
        if self.kind is PeriodKind.QUARTER:
            return _("quarter %(q)d of %(year)d") % {
                "q": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return _("%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "j F Y"),
            "end": formats.date_format(self.last_day, "j F Y"),
        }

    def years_back(self, years: int) -> Period:
        """The same period ``years`` earlier."""
        if self.kind is PeriodKind.WEEK:
            year, week, _day = self.start.isocalendar()
            start = _iso_week_start(year - years, week) or _iso_week_start(year - years, 52)
            assert start is not None
            return Period(self.kind, start, start + timedelta(days=7))
        if self.kind is PeriodKind.CUSTOM:
            return Period(self.kind, _minus_years(self.start, years), _minus_years(self.end, years))
        return Period(
            self.kind,
            self.start.replace(year=self.start.year - years),
            self.end.replace(year=self.end.year - years),
        )


def _minus_years(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year - years)
    except ValueError:  # 29 February
        return value.replace(year=value.year - years, day=28)


def _iso_week_start(year: int, week: int) -> date | None:
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def period_of(kind: PeriodKind, value: str) -> Period | None:
    """The period of ``kind`` that ``value`` names, or None when it names none."""
    if kind is PeriodKind.WEEK and (m := _WEEK.fullmatch(value)):
        start = _iso_week_start(int(m[1]), int(m[2]))
        return Period(kind, start, start + timedelta(days=7)) if start else None
    if kind is PeriodKind.MONTH and (m := _MONTH.fullmatch(value)) and 1 <= int(m[2]) <= 12:
        start = date(int(m[1]), int(m[2]), 1)
    elif kind is PeriodKind.QUARTER and (m := _QUARTER.fullmatch(value)):
        start = date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)
    elif kind is PeriodKind.YEAR and (m := _YEAR.fullmatch(value)):
        start = date(int(m[1]), 1, 1)
    else:
        return None
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        return None
    return Period(kind, start, next_start(start, BUCKET_OF[kind]))


def period_containing(kind: PeriodKind, day: date) -> Period:
    """The week, month, quarter or year that holds ``day``."""
    if kind is PeriodKind.WEEK:
        year, week, _d = day.isocalendar()
        value = f"{year}-W{week:02d}"
    elif kind is PeriodKind.MONTH:
        value = f"{day.year}-{day.month:02d}"
    elif kind is PeriodKind.QUARTER:
        value = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    else:
        value = str(day.year)
    found = period_of(PeriodKind.YEAR if kind is PeriodKind.CUSTOM else kind, value)
    assert found is not None
    return found


def custom_period(start: date, last_day: date) -> Period:
    return Period(PeriodKind.CUSTOM, start, last_day + timedelta(days=1))
