"""A dashboard as the page (and the chart exports) show it: chart specs, their tables, the
summary line. The figures themselves come from ``figures``; this module only turns them into
the charts' plain input (``veilig.intel.charts.data``) and display strings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from veilig.geo.models import AreaLevel
from veilig.intel.aggregates.calendar import Bucket
from veilig.intel.charts import data as cd
from veilig.intel.charts.areas import choropleth_chart, top_areas_chart
from veilig.intel.charts.heatmap import heatmap_chart
from veilig.intel.charts.labels import number, period_label, weekdays
from veilig.intel.charts.style import suppressed_label
from veilig.intel.charts.summary import trend_summary
from veilig.intel.charts.trend import small_multiples_chart, trend_chart
from veilig.intel.dashboards.figures import AreaRow, Dashboard, TrendPoint
from veilig.intel.dashboards.periods import PeriodKind
from veilig.intel.themes import Per

CHARTS = ("trend", "multiples", "map", "top", "heat")


@dataclass(frozen=True)
class ChartView:
    chart_id: str
    title: str
    spec: dict[str, Any]
    summary: str
    table: cd.Table


def shown(value: float | None, *, decimals: int = 0) -> str:
    """A figure for a table cell: the number, or the suppression marker."""
    return suppressed_label() if value is None else number(value, decimals=decimals)


def per_label(dashboard: Dashboard) -> str:
    if dashboard.query.theme.per is Per.HOUSEHOLDS:
        return _("per 1,000 households")
    return _("per 1,000 inhabitants")


def change_text(row: AreaRow) -> str:
    if row.change is None:
        return "" if row.count is not None and row.previous is not None else "–"
    return f"{'+' if row.change > 0 else ''}{number(row.change)}%"


def summary_of(dashboard: Dashboard) -> str:
    query, comparison = dashboard.query, dashboard.comparison
    kind = query.period.kind
    return trend_summary(
        cd.Comparison(
            theme=str(query.theme.label),
            area=dashboard.area_name,
            current=comparison.current,
            previous=comparison.previous,
            granularity="week" if kind is PeriodKind.WEEK else "month",
            periods=_months(dashboard),
            current_suppressed=comparison.current is None,
            previous_suppressed=comparison.previous is None and bool(comparison.earlier),
            earlier=comparison.earlier_known,
        )
    )


def _months(dashboard: Dashboard) -> int:
    kind = dashboard.query.period.kind
    return {PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}.get(kind, 1)


def _trend_data(points: list[TrendPoint], granularity: cd.Granularity, area: str) -> cd.Trend:
    return cd.Trend(
        granularity,
        tuple(cd.Period(p.start, p.count, p.count is None, p.earlier) for p in points),
        area=area,
    )


def _trend_table(trend: cd.Trend) -> cd.Table:
    rows = []
    for p in trend.periods:
        base = p.baseline
        rows.append(
            (
                period_label(p.start, trend.granularity),
                shown(p.value),
                "" if base is None else number(base.mean, decimals=1),
                ""
                if base is None or base.low is None
                else f"{number(base.low, decimals=1)} – {number(base.high, decimals=1)}",
            )
        )
    headers = (
        _("Period"),
        _("Number"),
        _("Baseline (mean of earlier years)"),
        _("Usual variation"),
    )
    return cd.Table(headers, tuple(rows))


def charts_of(dashboard: Dashboard, *, geometries: dict[str, dict[str, Any]]) -> list[ChartView]:
    rows: tuple[tuple[str, ...], ...]
    query = dashboard.query
    granularity: cd.Granularity = "week" if query.trend is Bucket.WEEK else "month"
    summary = summary_of(dashboard)
    trend = _trend_data(dashboard.trend, granularity, dashboard.area_name)
    views = [
        ChartView(
            "trend",
            _("Trend against the seasonal baseline"),
            trend_chart(trend, description=summary),
            summary,
            _trend_table(trend),
        ),
    ]
    multiples = [_trend_data(points, "month", name) for name, points in dashboard.multiples.items()]
    if multiples:
        rows = tuple(
            (f"{t.area}, {period_label(p.start, 'month')}", shown(p.value))
            for t in multiples
            for p in t.periods
        )
        text = _("The trend per district, on one scale.")
        views.append(
            ChartView(
                "multiples",
                _("Per district"),
                small_multiples_chart(multiples, description=text),
                text,
                cd.Table((_("District and month"), _("Number")), rows),
            )
        )
    features = [
        cd.AreaFeature(
            r.code,
            r.name,
            geometries[r.code],
            None if r.rate is None else round(r.rate, 2),
            r.count is None,
        )
        for r in dashboard.map_rows
        if r.code in geometries
    ]
    if features:
        per_wijk = query.map_level == AreaLevel.WIJK.value
        text = (
            _("%(theme)s per neighbourhood of %(area)s, %(per)s, %(period)s.")
            if per_wijk
            else _("%(theme)s per quarter of %(area)s, %(per)s, %(period)s.")
        ) % {
            "theme": query.theme.label,
            "area": dashboard.area_name,
            "per": per_label(dashboard),
            "period": query.period.label(),
        }
        rows = tuple(
            (
                r.name,
                shown(r.count),
                shown(r.rate, decimals=1) if r.count is not None else suppressed_label(),
            )
            for r in dashboard.map_rows
        )
        views.append(
            ChartView(
                "map",
                _("Map per neighbourhood") if per_wijk else _("Map per quarter"),
                choropleth_chart(
                    features, value_title=per_label(dashboard), description=text, decimals=1
                ),
                text,
                cd.Table(
                    (
                        _("Neighbourhood") if per_wijk else _("Quarter"),
                        _("Number"),
                        per_label(dashboard),
                    ),
                    rows,
                ),
            )
        )
    changes = [cd.AreaChange(r.code, r.name, r.count, r.previous) for r in dashboard.top]
    if changes:
        text = _("The areas with the most registrations and their change against a year earlier.")
        rows = tuple(
            (r.name, shown(r.count), shown(r.previous), change_text(r)) for r in dashboard.top
        )
        views.append(
            ChartView(
                "top",
                _("Top areas"),
                top_areas_chart(changes, description=text),
                text,
                cd.Table((_("Area"), _("Number"), _("A year earlier"), _("Change")), rows),
            )
        )
    if dashboard.heat is not None:
        cells = [
            cd.HeatCell(d, h, None if v != v else int(v), v != v)  # NaN: suppressed
            for d, row in enumerate(dashboard.heat)
            for h, v in enumerate(row)
        ]
        text = _("Registrations by weekday and hour, %(period)s.") % {
            "period": query.period.label()
        }
        names = weekdays()
        rows = tuple(
            (names[d], *(shown(None if v != v else v) for v in row))
            for d, row in enumerate(dashboard.heat)
        )
        views.append(
            ChartView(
                "heat",
                _("Weekday and hour"),
                heatmap_chart(cells, description=text),
                text,
                cd.Table((_("Day"), *(f"{h}" for h in range(24))), rows),
            )
        )
    return views
