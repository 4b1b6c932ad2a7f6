"""Reads for forecasting: events from the database as engine :class:`Events`, areas as RD shapes.

The forecasting engine (``veilig.intel.forecast``) is a plain library without Django; this module
is its only bridge to the database. Times become days since 1970-01-01 in the local clock
(``settings.TIME_ZONE``, Europe/Amsterdam), so a day of the engine is a Dutch calendar day and
``--start 2024-03-01`` means local midnight, as a team would read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import shapely
from django.db.models import Count, Max, Min
from django.utils import timezone

from veilig.access.base import acting_user
from veilig.access.forecasts import forecast_teams_visible_to
from veilig.audit.context import AuditContext
from veilig.events.models import Event
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import wgs84_to_rd
from veilig.intel.forecast.events import DEFAULT_MAX_WINDOW_DAYS, EPOCH, Events, make_events
from veilig.intel.models import BacktestRun
from veilig.signals.models import Team

FloatArray = Any


def local_days(value: datetime) -> float:
    """Days since 1970-01-01 00:00 in the local (naive) clock of ``settings.TIME_ZONE``."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return (local.replace(tzinfo=None) - EPOCH).total_seconds() / 86400.0


def day_of(days: float) -> date:
    return (EPOCH + timedelta(days=days)).date()


def days_of(day: date) -> float:
    return float((day - EPOCH.date()).days)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


@dataclass(frozen=True)
class DbEvents:
    """Events of one theme from the database, with what the engine needs and a summary."""

    events: Events
    theme: str
    count: int
    first: date | None
    last: date | None


def forecast_events(
    *,
    theme: str,
    since: datetime | None = None,
    until: datetime | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    max_window_days: float = DEFAULT_MAX_WINDOW_DAYS,
) -> DbEvents:
    """The events of ``theme`` as engine events (one query).

    ``begin_at``/``end_at`` are the aoristic window: an event with an end time is spread by the
    engine over [begin, end] (capped at ``max_window_days``), is tested at its midpoint and known
    only from its end on. An event without an end, or whose end lies before its begin, is a point
    event at its begin. ``since``/``until`` filter on ``begin_at`` (until exclusive); ``bbox``
    (min_x, min_y, max_x, max_y in RD) narrows by location.
    """
    qs = Event.objects.filter(theme=theme)
    if since is not None:
        qs = qs.filter(begin_at__gte=since - timedelta(days=max_window_days))
    if until is not None:
        qs = qs.filter(begin_at__lt=until)
    if bbox is not None:
        x0, y0, x1, y1 = bbox
        qs = qs.filter(rd_x__gte=x0, rd_x__lte=x1, rd_y__gte=y0, rd_y__lte=y1)
    rows = list(qs.order_by().values_list("rd_x", "rd_y", "begin_at", "end_at"))
    n = len(rows)
    xs = np.fromiter((r[0] for r in rows), dtype=np.float64, count=n)
    ys = np.fromiter((r[1] for r in rows), dtype=np.float64, count=n)
    tb = np.fromiter((local_days(r[2]) for r in rows), dtype=np.float64, count=n)
    te = np.fromiter(
        (local_days(r[3]) if r[3] is not None else np.nan for r in rows), dtype=np.float64, count=n
    )
    events = make_events(xs, ys, tb, te, max_window_days=max_window_days)
    first = day_of(float(tb.min())) if n else None
    last = day_of(float(tb.max())) if n else None
    return DbEvents(events=events, theme=theme, count=n, first=first, last=last)


def event_themes() -> list[tuple[str, int]]:
    """The themes in the events table with their number of events, most frequent first."""
    rows = (
        Event.objects.order_by()
        .values_list("theme")
        .annotate(n=Count("pk"))
        .order_by("-n", "theme")
    )
    return [(str(theme), int(n)) for theme, n in rows if theme]


def events_fingerprint(*, theme: str) -> tuple[int, int, str]:
    """Changes when events of the theme are added or removed (count, highest id, latest begin)."""
    agg = Event.objects.filter(theme=theme).aggregate(
        n=Count("pk"), top=Max("pk"), last=Max("begin_at")
    )
    last = agg["last"]
    return int(agg["n"] or 0), int(agg["top"] or 0), last.isoformat() if last else ""


def theme_date_range(*, theme: str) -> tuple[date | None, date | None]:
    agg = Event.objects.filter(theme=theme).aggregate(first=Min("begin_at"), last=Max("begin_at"))
    first, last = agg["first"], agg["last"]
    return (
        timezone.localtime(first).date() if first else None,
        timezone.localtime(last).date() if last else None,
    )


# --- Areas as RD polygons -------------------------------------------------------------------


def geojson_wgs84_to_rd(geometry: dict[str, Any]) -> Any:
    """A GeoJSON (Multi)Polygon in WGS84 as a valid shapely geometry in RD New."""

    def transform(coords: FloatArray) -> FloatArray:
        x, y = wgs84_to_rd(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    shape = shapely.from_geojson(json.dumps(geometry))
    return shapely.make_valid(shapely.transform(shape, transform))


def _descendant_buurten(area: Area) -> list[Area]:
    """The buurten below ``area`` (same boundary year), at most three levels down."""
    level_filter = {
        AreaLevel.GEMEENTE: "parent__parent__parent",
        AreaLevel.STADSDEEL: "parent__parent",
        AreaLevel.WIJK: "parent",
    }.get(AreaLevel(area.level))
    if level_filter is None:
        return []
    qs = Area.objects.filter(
        level=AreaLevel.BUURT, boundary_year=area.boundary_year, geometry__isnull=False
    )
    found = list(qs.filter(**{level_filter: area}).only("geometry"))
    if not found and area.level == AreaLevel.GEMEENTE:
        # Without stadsdelen a buurt hangs gemeente -> wijk -> buurt.
        found = list(qs.filter(parent__parent=area).only("geometry"))
    return found


def area_polygon_rd(area: Area) -> Any | None:
    """The area's own geometry in RD, else the union of its buurten; None without any shape."""
    if area.geometry:
        return geojson_wgs84_to_rd(area.geometry)
    parts = [geojson_wgs84_to_rd(b.geometry) for b in _descendant_buurten(area) if b.geometry]
    if not parts:
        return None
    return shapely.union_all(parts)


def latest_gemeenten() -> list[Area]:
    """The gemeenten of the latest boundary year (empty without areas)."""
    year = Area.objects.filter(level=AreaLevel.GEMEENTE).aggregate(y=Max("boundary_year"))["y"]
    if year is None:
        return []
    return list(Area.objects.filter(level=AreaLevel.GEMEENTE, boundary_year=year).order_by("code"))


def buurt_names(*, boundary_year: int, codes: set[str]) -> dict[str, str]:
    """The names of the buurten with these codes in ``boundary_year``, by code."""
    rows = Area.objects.filter(
        level=AreaLevel.BUURT, boundary_year=boundary_year, code__in=codes
    ).values_list("code", "name")
    return {str(code): str(name) for code, name in rows}


def area_by_code(code: str) -> Area | None:
    """The area with this code in its latest boundary year."""
    return Area.objects.filter(code=code).order_by("-boundary_year").first()


# --- Teams ------------------------------------------------------------------------------------


def forecast_teams(*, context: AuditContext, limit: int | None = None) -> list[Team]:
    """The teams whose forecast map the context's user may open, by name (no audit row: see
    ``veilig.access.forecasts``)."""
    teams = forecast_teams_visible_to(acting_user(context))
    return list(teams[:limit] if limit is not None else teams)


# --- Stored backtests -------------------------------------------------------------------------


def backtest_latest(*, theme: str | None = None) -> BacktestRun | None:
    qs = BacktestRun.objects.all()
    if theme is not None:
        qs = qs.filter(theme=theme)
    return qs.order_by("-created_at", "-pk").first()


def backtests_latest_per_theme() -> list[BacktestRun]:
    """The most recent run of every theme, newest first."""
    seen: set[str] = set()
    out: list[BacktestRun] = []
    for run in BacktestRun.objects.order_by("-created_at", "-pk")[:200]:
        if run.theme not in seen:
            seen.add(run.theme)
            out.append(run)
    return out
