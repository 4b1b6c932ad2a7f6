"""The database -> engine adapter: local days, aoristic begin/end, filters."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from veilig.intel.forecast.events import EPOCH
from veilig.intel.selectors import (
    area_polygon_rd,
    event_themes,
    forecast_events,
    local_days,
)
from veilig.intel.tests.conftest import CENTRUM_BOX, add_events, build_city

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def days(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> float:
    return (dt.datetime(y, m, d, hh, mm) - EPOCH).total_seconds() / 86400.0


def test_local_days_use_the_dutch_clock() -> None:
    # 23:30 UTC on 31 March 2024 is 01:30 on 1 April in Amsterdam (summer time).
    assert local_days(dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC)) == pytest.approx(
        days(2024, 4, 1, 1, 30)
    )


def test_events_become_aoristic_engine_events() -> None:
    begin = dt.datetime(2024, 3, 1, 10, 0, tzinfo=AMS)
    add_events(
        [(100.0, 200.0), (110.0, 210.0), (120.0, 220.0), (130.0, 230.0)],
        [begin, begin, begin, begin],
        [
            None,  # a point event
            begin + dt.timedelta(days=2),  # a window of two days
            begin - dt.timedelta(hours=5),  # end before begin: a point event at the begin
            begin + dt.timedelta(days=30),  # a long window: capped at 14 days around the middle
        ],
    )
    add_events([(0.0, 0.0)], [begin], theme="fietsdiefstal")
    got = forecast_events(theme="woninginbraak")
    ev = got.events
    assert got.count == 4 and len(ev) == 4
    order = ev.x.argsort()
    x, t_ref, t_from, t_to, t_known = (
        a[order] for a in (ev.x, ev.t_ref, ev.t_from, ev.t_to, ev.t_known)
    )
    b = days(2024, 3, 1, 10)
    assert list(x) == [100.0, 110.0, 120.0, 130.0]
    # point event
    assert t_ref[0] == t_from[0] == t_to[0] == t_known[0] == pytest.approx(b)
    # window: tested at the midpoint, known at the end, spread over the window
    assert t_ref[1] == pytest.approx(b + 1)
    assert (t_from[1], t_to[1]) == (pytest.approx(b), pytest.approx(b + 2))
    assert t_known[1] == pytest.approx(b + 2)
    # end before begin
    assert t_ref[2] == t_known[2] == pytest.approx(b)
    # long window: midpoint, spread capped at 14 days, known only at the real end
    assert t_ref[3] == pytest.approx(b + 15)
    assert t_to[3] - t_from[3] == pytest.approx(14)
    assert t_known[3] == pytest.approx(b + 30)
    assert (got.first, got.last) == (dt.date(2024, 3, 1), dt.date(2024, 3, 1))
    assert event_themes() == [("woninginbraak", 4), ("fietsdiefstal", 1)]


def test_filters_on_time_and_box() -> None:
    t = dt.datetime(2024, 5, 1, 12, tzinfo=AMS)
    add_events(
        [(0.0, 0.0), (5000.0, 0.0), (0.0, 0.0)],
        [t, t, t + dt.timedelta(days=10)],
    )
    got = forecast_events(
        theme="woninginbraak",
        until=t + dt.timedelta(days=1),
        bbox=(-10.0, -10.0, 10.0, 10.0),
    )
    assert got.count == 1
    assert forecast_events(theme="nothing").count == 0


def test_area_polygon_falls_back_to_the_buurten() -> None:
    areas = build_city(district_shapes=False)
    polygon = area_polygon_rd(areas["SD999801"])
    assert polygon is not None
    assert polygon.area == pytest.approx(4_000_000, rel=1e-3)
    x0, y0, x1, y1 = polygon.bounds
    assert (x0, y0, x1, y1) == pytest.approx(CENTRUM_BOX, abs=0.5)
    # The gemeente without a shape: the union of all buurten below it.
    gemeente = area_polygon_rd(areas["GM9998"])
    assert gemeente is not None
    assert gemeente.area == pytest.approx(8_000_000, rel=1e-3)
