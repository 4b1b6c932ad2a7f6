"""The text alternative of each chart: a ``Table`` of the same figures, as display strings.

The rows come from the same rows as the spec, so the table and the picture can never disagree;
a suppressed figure reads "suppressed (< 5)" here too.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from veilig.intel.charts.areas import choropleth_features, top_rows
from veilig.intel.charts.data import AreaChange, AreaFeature, HeatCell, Table, Trend
from veilig.intel.charts.heatmap import heatmap_rows
from veilig.intel.charts.labels import number, weekdays
from veilig.intel.charts.trend import trend_rows


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{number(low, decimals=1)} – {number(high, decimals=1)}"


def trend_table(trends: Sequence[Trend], *, threshold: int | None = None) -> Table:
    """One row per period (and area, for small multiples)."""
    several = len(trends) > 1
    headers = (
        *((_("area"),) if several else ()),
        _("period"),
        _("count"),
        _("mean of earlier years"),
        _("usual range (mean ± 2 sd)"),
    )
    rows = []
    for trend in trends:
        for row in trend_rows(trend, threshold=threshold):
            cells = (
                row["period"],
                row["shown"],
                number(row["mean"], decimals=1),
                _range(row["low"], row["high"]),
            )
            rows.append((row["area"], *cells) if several else cells)
    return Table(headers=headers, rows=tuple(rows))


def choropleth_table(
    areas: Sequence[AreaFeature],
    *,
    value_title: str,
    decimals: int = 0,
    threshold: int | None = None,
) -> Table:
    features = choropleth_features(areas, threshold=threshold, decimals=decimals)
    rows = tuple(
        (feature["properties"]["name"], feature["properties"]["shown"]) for feature in features
    )
    return Table(headers=(_("neighbourhood"), value_title), rows=rows)


def top_table(areas: Sequence[AreaChange], *, threshold: int | None = None) -> Table:
    rows = []
    for row in top_rows(areas, threshold=threshold):
        change = row["change"]
        shown = (
            row["note"] if change is None else f"{'+' if change > 0 else ''}{round(change * 100)}%"
        )
        rows.append((row["name"], shown, row["current"], row["previous"]))
    headers = (_("area"), _("change"), _("now"), _("a year earlier"))
    return Table(headers=headers, rows=tuple(rows))


def heatmap_table(cells: Sequence[HeatCell], *, threshold: int | None = None) -> Table:
    """Weekdays down, hours across, as in the picture."""
    shown = {
        (row["weekday"], row["hour"]): row["shown"]
        for row in heatmap_rows(cells, threshold=threshold)
    }
    days = weekdays()
    rows = tuple(
        (days[day], *(shown.get((day, hour), "") for hour in range(24))) for day in range(7)
    )
    return Table(headers=(_("day"), *(str(hour) for hour in range(24))), rows=rows)
