"""The forecast for a team: the top cells of the next 14 days in its district, with their drivers.

:func:`forecast_cells` is pure (engine events and an RD polygon in, flagged cells out) so that it
is tested on hand-made grids; :func:`team_forecast` reads the database and caches the result per
team, theme, method and day (the forecast only changes when the day or the events change).

A forecast uses exactly the engine of the backtest (``veilig.intel.forecast``): the same grid,
mask, training rule (events complete before the origin, within the lookback) and methods. The
origin is today's local midnight, so events of today are not used yet.

A cell is flagged when it is among the top ``floor(N * 3 %)`` cells *and* its score is above 0:
with few events, the exact-k rule of the backtest would otherwise fill the list with cells
chosen at random among the zeros, and a team would go and look at an empty place for nothing.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.geo.index import area_index
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import rd_to_wgs84
from veilig.intel.forecast.area import DEFAULT_PAD_METRES, BoundaryError, frame_for_polygon
from veilig.intel.forecast.events import Events
from veilig.intel.forecast.metrics import n_flagged, rank_cells
from veilig.intel.forecast.protocol import history_at, prepare
from veilig.intel.forecast.registry import METHOD_NAMES, method_factories
from veilig.intel.selectors import (
    area_polygon_rd,
    backtest_latest,
    buurt_names,
    days_of,
    events_fingerprint,
    forecast_events,
    local_midnight,
)
from veilig.registry.selectors import streets_in_squares
from veilig.signals.models import Team

FloatArray = npt.NDArray[np.float64]

HORIZON_DAYS = 14
LOOKBACK_DAYS = 365
COVERAGE = 0.03
RECENT_DAYS = 28
NEARBY_METRES = 250.0
TUNE_DAYS = 365  # ``best`` tunes on the year before the origin (Best.tune_days)
CACHE_SECONDS = 26 * 3600
METHODS = METHOD_NAMES


def configured_method() -> str:
    name = str(getattr(settings, "FORECAST_METHOD", "best"))
    return name if name in METHODS else "best"


def configured_theme() -> str:
    return str(getattr(settings, "FORECAST_THEME", "woninginbraak"))


class Driver:
    BOTH = "both"
    LONG_TERM = "long_term"
    RECENT = "recent"
    SURROUNDINGS = "surroundings"


@dataclass(frozen=True)
class FlaggedCell:
    rank: int
    cell_id: str
    x: float  # centre, RD
    y: float
    corners: list[list[float]]  # [[lat, lon], ...] of the square, for the map
    score: float
    long_term: int  # events in the cell over the lookback
    nearby_year: int  # events within NEARBY_METRES of the centre over the lookback
    recent_nearby: int  # events within NEARBY_METRES of the centre in the last RECENT_DAYS
    recent_in_cell: int  # events in the cell in the last RECENT_DAYS
    driver: str
    area_name: str = ""  # the buurt the centre lies in
    street_name: str = ""  # the street with the most addresses in the cell, or the nearest


def cell_place(cell: FlaggedCell) -> str:
    """What a person calls the cell: "Kerkstraat e.o., buurt Centrum-Noord" (the street and
    the buurt of the centre); the cell id only when neither is known (no areas, no addresses).
    Translated when shown, so the cached forecast serves every language."""
    if cell.street_name and cell.area_name:
        return _("%(street)s and surroundings, quarter %(buurt)s") % {
            "street": cell.street_name,
            "buurt": cell.area_name,
        }
    if cell.street_name:
        return _("%(street)s and surroundings") % {"street": cell.street_name}
    if cell.area_name:
        return _("quarter %(buurt)s") % {"buurt": cell.area_name}
    return cell.cell_id


@dataclass(frozen=True)
class Forecast:
    origin: date  # first day of the forecast
    last_day: date  # last day of the forecast (inclusive)
    method: str
    cell: float
    coverage: float
    n_cells: int
    k: int  # cells at the coverage (exact k); flagged has at most k cells
    flagged: list[FlaggedCell]
    events_lookback: int  # training events in the area
    events_recent: int  # of which in the last RECENT_DAYS
    mean_per_cell: float  # events per cell over the lookback, area average
    params: dict[str, float | str] = field(default_factory=dict)
    seconds: float = 0.0


def _driver(long_term: int, recent_nearby: int) -> str:
    if long_term and recent_nearby:
        return Driver.BOTH
    if long_term:
        return Driver.LONG_TERM
    if recent_nearby:
        return Driver.RECENT
    return Driver.SURROUNDINGS


def _corners(cols: npt.NDArray[np.int64], rows: npt.NDArray[np.int64], size: float) -> list[Any]:
    """[[lat, lon] x 4] of each cell (an RD square is a slightly turned square in WGS84)."""
    x0, y0 = cols * size, rows * size
    xs = np.stack([x0, x0 + size, x0 + size, x0], axis=1).astype(np.float64)
    ys = np.stack([y0, y0, y0 + size, y0 + size], axis=1).astype(np.float64)
    lon, lat = rd_to_wgs84(xs.ravel(), ys.ravel())
    lat2, lon2 = lat.reshape(xs.shape), lon.reshape(xs.shape)
    return [
        [[round(float(a), 6), round(float(b), 6)] for a, b in zip(la, lo, strict=True)]
        for la, lo in zip(lat2, lon2, strict=True)
    ]


def forecast_cells(
    events: Events,
    polygon: Any,
    *,
    method: str,
    origin: float,
    cell: float = 125.0,
    horizon: float = HORIZON_DAYS,
    lookback: float = LOOKBACK_DAYS,
    coverage: float = COVERAGE,
    seed: int = 0,
) -> Forecast:
    """Score every cell of ``polygon`` for [origin, origin + horizon) and explain the top cells."""
    t0 = time.perf_counter()
    factories = method_factories(200.0, seed)
    if method not in factories:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(factories)}")
    frame = frame_for_polygon(polygon, cell)
    prep = prepare(frame, events)
    model = factories[method]()
    model.tune(prep, before=origin, lookback=lookback, horizon=horizon)
    history = history_at(prep, origin, lookback, horizon)
    scores = model.score(history)
    n = frame.n_cells
    k = n_flagged(n, coverage)
    order = rank_cells(scores, np.random.default_rng([seed, int(origin)]))
    top = np.array([i for i in order[:k] if scores[i] > 0], dtype=np.int64)

    ev = events
    train = (ev.t_known < origin) & (ev.t_ref >= origin - lookback)
    recent = train & (ev.t_ref >= origin - RECENT_DAYS)
    area_cell = frame.cell_index(ev.x, ev.y)
    in_area = train & (area_cell >= 0)
    events_lookback = int(in_area.sum())
    flat = frame.flat_cells[top]
    rws, cls = np.divmod(flat, frame.ncols)
    cols, rows = cls + frame.col0, rws + frame.row0
    cx, cy = frame.grid.cell_centres(cols, rows)
    corners = _corners(cols, rows, frame.size) if top.size else []
    tx, ty = ev.x[train], ev.y[train]
    recent_of_train = recent[train]
    cell_of_train = area_cell[train]
    flagged: list[FlaggedCell] = []
    for rank, (i, x, y) in enumerate(zip(top, cx, cy, strict=True), start=1):
        near = np.hypot(tx - x, ty - y) <= NEARBY_METRES
        same = cell_of_train == i
        long_term = int(same.sum())
        recent_nearby = int((near & recent_of_train).sum())
        flagged.append(
            FlaggedCell(
                rank=rank,
                cell_id=frame.grid.cell_id(int(cols[rank - 1]), int(rows[rank - 1])),
                x=float(x),
                y=float(y),
                corners=corners[rank - 1],
                score=float(scores[i]),
                long_term=long_term,
                nearby_year=int(near.sum()),
                recent_nearby=recent_nearby,
                recent_in_cell=int((same & recent_of_train).sum()),
                driver=_driver(long_term, recent_nearby),
            )
        )
    origin_day = date(1970, 1, 1) + timedelta(days=int(np.floor(origin)))
    return Forecast(
        origin=origin_day,
        last_day=origin_day + timedelta(days=int(horizon) - 1),
        method=method,
        cell=cell,
        coverage=coverage,
        n_cells=n,
        k=k,
        flagged=flagged,
        events_lookback=events_lookback,
        events_recent=int((recent & (area_cell >= 0)).sum()),
        mean_per_cell=events_lookback / n if n else 0.0,
        params=model.params(),
        seconds=time.perf_counter() - t0,
    )


# --- For a team, from the database --------------------------------------------------------


@dataclass(frozen=True)
class TeamForecast:
    team_id: int
    area_name: str
    theme: str
    forecast: Forecast | None  # None: no area shape (see ``problem``)
    problem: str = ""  # "no_area" when the district has no shape
    computed_seconds: float = 0.0


def _with_place_names(forecast: Forecast, area: Area) -> Forecast:
    """Name each flagged cell after the buurt its centre lies in and its street: the street
    with the most registry addresses in the cell, else that of the address nearest the centre
    within one cell size (a cell of a park or a road has none of its own). Three queries."""
    if not forecast.flagged:
        return forecast
    index = area_index(level=AreaLevel.BUURT, boundary_year=area.boundary_year)
    xs = np.array([c.x for c in forecast.flagged])
    ys = np.array([c.y for c in forecast.flagged])
    codes = [str(c) for c in index.locate_rd(xs, ys)]
    names = buurt_names(boundary_year=area.boundary_year, codes=set(codes) - {""})
    half = forecast.cell / 2
    streets = streets_in_squares(
        squares=[(c.x - half, c.y - half, c.x + half, c.y + half) for c in forecast.flagged],
        search=forecast.cell,
    )
    cells = [
        replace(cell, area_name=names.get(code, ""), street_name=street)
        for cell, code, street in zip(forecast.flagged, codes, streets, strict=True)
    ]
    return replace(forecast, flagged=cells)


def team_forecast(
    *,
    team: Team,
    theme: str,
    method: str | None = None,
    today: date | None = None,
    cell: float | None = None,
) -> TeamForecast:
    """The forecast of the next 14 days for ``team``'s district, cached per team/theme/day."""
    method = method or configured_method()
    day = today or timezone.localdate()
    size = float(cell) if cell else float(settings.GRID_CELL_METRES)
    fingerprint = hashlib.sha256(repr(events_fingerprint(theme=theme)).encode()).hexdigest()[:16]
    key = (
        f"forecasts:team:{team.pk}:{team.area_id}:{hashlib.sha256(theme.encode()).hexdigest()[:12]}"
        f":{method}:{size:g}:{day.isoformat()}:{fingerprint}"
    )
    cached = cache.get(key)
    if isinstance(cached, TeamForecast):
        return cached
    t0 = time.perf_counter()
    area = team.area
    polygon = area_polygon_rd(area)
    if polygon is None or polygon.is_empty:
        result = TeamForecast(team.pk, area.name, theme, None, problem="no_area")
        cache.set(key, result, CACHE_SECONDS)
        return result
    minx, miny, maxx, maxy = polygon.bounds
    pad = DEFAULT_PAD_METRES + size
    origin = days_of(day)
    back = LOOKBACK_DAYS + (TUNE_DAYS + HORIZON_DAYS if method == "best" else 0)
    db_events = forecast_events(
        theme=theme,
        since=local_midnight(day - timedelta(days=back)),
        until=local_midnight(day),
        bbox=(minx - pad, miny - pad, maxx + pad, maxy + pad),
    )
    try:
        forecast = forecast_cells(
            db_events.events, polygon, method=method, origin=origin, cell=size
        )
    except BoundaryError:
        result = TeamForecast(team.pk, area.name, theme, None, problem="no_area")
        cache.set(key, result, CACHE_SECONDS)
        return result
    forecast = _with_place_names(forecast, area)
    result = TeamForecast(
        team.pk, area.name, theme, forecast, computed_seconds=time.perf_counter() - t0
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def backtest_hit_rates(*, theme: str, method: str) -> dict[str, Any] | None:
    """Hit rate and PAI at 3 % of ``method`` in the latest stored backtest of ``theme``."""
    run = backtest_latest(theme=theme)
    if run is None:
        return None
    entry = (run.result.get("methods") or {}).get(method)
    if not isinstance(entry, dict):
        return {"run": run, "method": None}
    return {
        "run": run,
        "method": method,
        "hit_rate_3": float(entry["hit_rate"]["3"]) * 100,
        "missed_3": (1 - float(entry["hit_rate"]["3"])) * 100,
        "pai_3": float(entry["pai"]["3"]),
        "ci": entry.get("ci95_pai_3"),
    }
