"""Display strings of periods and weekdays, shared by the charts, their tables and summaries."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from veilig.intel.charts.data import Granularity


def period_label(start: dt.date, granularity: Granularity) -> str:
    """``mrt 2026`` or ``week 10, 2026`` (the ISO week of the period's start)."""
    if granularity == "month":
        return date_format(start, "M Y")
    year, week, _weekday = start.isocalendar()
    return _("week %(week)s, %(year)s") % {"week": week, "year": year}


def weekdays() -> list[str]:
    """Monday first, as the Dutch week starts."""
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def number(value: float | None, *, decimals: int = 0) -> str:
    """A number as the page shows it (``1.234``, ``12,5``); empty for no value."""
    if value is None:
        return ""
    return formats.number_format(round(value, decimals), decimals, force_grouping=True)
