"""A built dashboard as the API's plain data: only figures the page shows, suppressed ones as null.

Everything comes from ``dashboard_request``'s ``Built`` (the page's own figures); this module
only reshapes them, so the API cannot show a number the page would hide.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings

from veilig.intel.aggregates.calendar import Bucket
from veilig.intel.charts.data import Baseline
from veilig.intel.dashboards.build import Built
from veilig.intel.dashboards.figures import AreaRow, TrendPoint
from veilig.intel.dashboards.page import summary_of
from veilig.intel.dashboards.periods import PeriodKind
from veilig.intel.themes import DashboardTheme


def theme_data(theme: DashboardTheme) -> dict[str, Any]:
    return {
        "code": theme.code,
        "label": str(theme.label),
        "per": theme.per.value,
        "members": list(theme.members),
    }


def _row(row: AreaRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "level": row.level,
        "count": row.count,
        "suppressed": row.suppressed,
        # A rate of a suppressed count would give the count away (the population is public).
        "rate": None if row.count is None or row.rate is None else round(row.rate, 3),
        "previous": row.previous,
        "change": None if row.change is None else round(row.change, 1),
    }


def _point(point: TrendPoint) -> dict[str, Any]:
    # As on the page: the earlier years are empty when any of them is suppressed.
    base = Baseline.of(point.earlier)
    return {
        "start": point.start,
        "count": point.count,
        "suppressed": point.count is None,
        "baseline": None
        if base is None
        else {"mean": base.mean, "low": base.low, "high": base.high, "years": base.years},
    }


def dashboard_data(built: Built) -> dict[str, Any]:
    dash, query = built.dashboard, built.query
    period = query.period
    return {
        "query": {
            "theme": theme_data(query.theme),
            "level": query.level,
            "area": query.area,
            "area_name": dash.area_name,
            "period": {
                "kind": period.kind.value,
                "at": None if period.kind is PeriodKind.CUSTOM else period.value(),
                "start": period.start,
                "end": period.last_day,
                "label": period.label(),
            },
            "source": query.sources,
            "trend": query.trend.value,
            "suppressed": query.suppressed,
            "threshold": int(settings.DISCLOSURE_THRESHOLD) if query.suppressed else None,
        },
        "total": _row(dash.total),
        "rows": [_row(r) for r in dash.rows],
        "trend": {
            "granularity": "week" if query.trend is Bucket.WEEK else "month",
            "points": [_point(p) for p in dash.trend],
        },
        "heat": None
        if dash.heat is None
        else [[None if math.isnan(v) else int(v) for v in row] for row in dash.heat.tolist()],
        "summary": summary_of(dash),
    }
