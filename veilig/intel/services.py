"""Writes: run the backtest of ``veilig.intel.forecast`` on the events in the database and store it.

The engine does all the work (grid, mask, protocol, methods, metrics, report); this module only
chooses the events and the area from the database and keeps the figures for the register.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import shapely

from veilig.intel.forecast.area import BoundaryError, convex_hull, frame_for_polygon
from veilig.intel.forecast.backtest import BacktestResult, run_backtest
from veilig.intel.forecast.events import DEFAULT_MAX_WINDOW_DAYS
from veilig.intel.forecast.methods import Method
from veilig.intel.forecast.registry import METHOD_NAMES, MethodSpecError, methods_from_spec
from veilig.intel.models import BacktestRun
from veilig.intel.selectors import (
    DbEvents,
    area_by_code,
    area_polygon_rd,
    days_of,
    event_themes,
    forecast_events,
    latest_gemeenten,
)

MAX_CELLS = 2_000_000


class BacktestInputError(ValueError):
    """The arguments cannot be used (the command turns this into a CommandError)."""


@dataclass(frozen=True)
class DbBacktest:
    run: BacktestRun
    result: BacktestResult
    events: DbEvents
    boundary: str
    seconds: float


def _methods(spec: str, *, kde_bandwidth: float, seed: int) -> list[Method]:
    try:
        return methods_from_spec(spec, kde_bandwidth=kde_bandwidth, seed=seed)
    except MethodSpecError as exc:
        raise BacktestInputError(str(exc)) from exc


def _boundary(area_code: str | None, db_events: DbEvents) -> tuple[Any, str]:
    """The mask polygon in RD and a description of it."""
    if area_code:
        area = area_by_code(area_code)
        if area is None:
            raise BacktestInputError(f"no area with code {area_code!r}")
        polygon = area_polygon_rd(area)
        if polygon is None:
            raise BacktestInputError(
                f"area {area_code} ({area.name}, {area.boundary_year}) has no geometry"
            )
        return polygon, f"{area.code} {area.name} ({area.boundary_year})"
    gemeenten = latest_gemeenten()
    shapes = [(g, area_polygon_rd(g)) for g in gemeenten]
    shapes = [(g, p) for g, p in shapes if p is not None]
    if shapes:
        polygon = shapely.union_all([p for _g, p in shapes])
        names = ", ".join(f"{g.code} {g.name}" for g, _p in shapes)
        return polygon, f"{names} ({shapes[0][0].boundary_year})"
    ev = db_events.events
    return convex_hull(ev.x, ev.y), "convex hull of the events"


def backtest_run_from_db(
    *,
    theme: str,
    start: date,
    end: date,
    cell: float = 125.0,
    horizon: int = 14,
    lookback: int = 365,
    methods: str = ",".join(METHOD_NAMES),
    boundary_area: str | None = None,
    kde_bandwidth: float = 200.0,
    max_window_days: float = DEFAULT_MAX_WINDOW_DAYS,
    seed: int = 0,
    bootstrap: int = 2000,
    log: Callable[[str], None] | None = None,
    store: bool = True,
) -> DbBacktest:
    """Run the rolling-origin backtest on the events of ``theme``; ``end`` is inclusive."""
    t_start = time.perf_counter()
    if not (cell > 0 and horizon > 0 and lookback > 0):
        raise BacktestInputError("--cell, --horizon and --lookback must be positive")
    if end < start:
        raise BacktestInputError("--end lies before --start")
    if bootstrap < 1:
        raise BacktestInputError("--bootstrap must be at least 1")
    chosen: Sequence[Method] = _methods(methods, kde_bandwidth=kde_bandwidth, seed=seed)
    db_events = forecast_events(theme=theme, max_window_days=max_window_days)
    if db_events.count == 0:
        known = ", ".join(f"{t} ({n})" for t, n in event_themes()) or "none"
        raise BacktestInputError(f"no events with theme {theme!r}; themes in the database: {known}")
    if db_events.count < 3:
        raise BacktestInputError("fewer than 3 events of this theme: nothing to forecast")
    polygon, boundary = _boundary(boundary_area, db_events)
    try:
        frame = frame_for_polygon(polygon, cell)
    except BoundaryError as exc:
        raise BacktestInputError(str(exc)) from exc
    if frame.n_cells > MAX_CELLS:
        raise BacktestInputError(f"{frame.n_cells} cells: the cell size is too small for this area")
    if log:
        inside = int((frame.cell_index(db_events.events.x, db_events.events.y) >= 0).sum())
        log(
            f"events: {db_events.count} of theme {theme!r} ({db_events.first} to "
            f"{db_events.last}); grid: {frame.n_cells} cells of {cell:g} m in {boundary}; "
            f"{inside} events inside"
        )
    result = run_backtest(
        db_events.events,
        frame,
        chosen,
        start=days_of(start),
        end=days_of(end + timedelta(days=1)),
        horizon=float(horizon),
        lookback=float(lookback),
        seed=seed,
        n_boot=bootstrap,
        log=log,
    )
    seconds = time.perf_counter() - t_start
    run = BacktestRun(
        theme=theme,
        cell=cell,
        horizon=horizon,
        lookback=lookback,
        start=start,
        end=end,
        methods=",".join(m.name for m in chosen),
        boundary=boundary[:300],
        events_used=db_events.count,
        first_event=db_events.first,
        last_event=db_events.last,
        cells=result.cells,
        windows=result.windows,
        events_test=result.events_test,
        result=result.to_json(),
        details={
            "seed": seed,
            "bootstrap": bootstrap,
            "kde_bandwidth": kde_bandwidth,
            "max_window_days": max_window_days,
            "params": {k: m.params for k, m in result.methods.items()},
            "tune_seconds": {k: m.tune_seconds for k, m in result.methods.items()},
        },
        seconds=seconds,
    )
    if store:
        run.save()
    return DbBacktest(run=run, result=result, events=db_events, boundary=boundary, seconds=seconds)
