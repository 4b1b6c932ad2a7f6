"""The look shared by every chart: colours, font, Dutch number and date formats.

Colours come from the Okabe–Ito palette (distinguishable with every common colour-vision
deficiency), darkened where needed so that every line, bar and marker has a contrast of at least
3:1 against the white background (WCAG 1.4.11); the ratios are in the comments. Colour never
carries meaning alone: the baseline is dashed, suppressed figures have their own marker shape
and legend entry, and every chart has a data table as its text alternative.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

CURRENT = "#0072B2"  # Okabe–Ito blue, 5.2:1
BASELINE = "#595959"  # dark grey, dashed, 7.0:1
BAND = "#BDBDBD"  # light grey area behind the lines; the dashed mean line carries the meaning
SUPPRESSED = "#767676"  # mid grey, 4.5:1: hollow markers, grey areas and cells
NO_DATA = "#FFFFFF"  # areas without a figure: white with the outline only
INCREASE = "#B34A00"  # darkened Okabe–Ito vermillion, 5.4:1
DECREASE = "#005A8C"  # darkened Okabe–Ito blue, 7.4:1
OUTLINE = "#FFFFFF"
# Single-hue sequential scheme: ordered by lightness, so it also reads in grey print.
SEQUENTIAL_SCHEME = "blues"
FONT = "Noto Sans"
WIDTH = 640
HEIGHT = 280

# d3-format and d3-time-format locale of Dutch; in the spec's config, so the browser and the
# exports (vl-convert) format "1.234,5" and "3 mrt 2026" the same way.
DUTCH_LOCALE: dict[str, Any] = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari", "februari", "maart", "april", "mei", "juni",
            "juli", "augustus", "september", "oktober", "november", "december",
        ],  # fmt: skip
        "shortMonths": [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"
        ],  # fmt: skip
    },
}


def threshold_of(threshold: int | None) -> int:
    """The disclosure threshold a label names: the given one or the site's setting."""
    return settings.DISCLOSURE_THRESHOLD if threshold is None else threshold


def suppressed_label(threshold: int | None = None) -> str:
    return _("suppressed (< %(threshold)s)") % {"threshold": threshold_of(threshold)}


def config() -> dict[str, Any]:
    """The spec's config: font, Dutch locale, quiet axes; no title (the page has the heading)."""
    return {
        "font": FONT,
        "locale": DUTCH_LOCALE,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333333"},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
        "header": {"labelFontSize": 13, "titleFontSize": 13},
        "background": "#FFFFFF",
    }


def finish(spec: dict[str, Any], *, description: str = "") -> dict[str, Any]:
    """The spec as it leaves a builder: the shared config and an optional description."""
    spec["config"] = config()
    if description:
        spec["description"] = description
    return spec
