"""The team forecast on a hand-made grid: which cells are flagged and why (their drivers)."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import box

from veilig.intel.forecast.events import make_events
from veilig.intel.teammap import Driver, _driver, forecast_cells
from veilig.intel.tests.conftest import CENTRUM_BOX

ORIGIN = 20_000.0  # days since 1970: 4 October 2024
A = (233_562.5, 581_562.5)  # centre of a cell with a long-term level only
B = (234_562.5, 582_562.5)  # centre of a cell with two recent events
C_EVENT = (234_742.5, 582_562.5)  # 180 m east of B (its own cell, centre 234 687.5)
D_EVENT = (234_882.5, 582_562.5)  # 320 m east of B (its own cell, centre 234 937.5)


def _events() -> tuple[list[tuple[float, float]], list[float], list[float]]:
    pts: list[tuple[float, float]] = []
    begin: list[float] = []
    end: list[float] = []

    def add(p: tuple[float, float], age: float, window: float = 0.0) -> None:
        pts.append(p)
        begin.append(ORIGIN - age)
        end.append(ORIGIN - age + window)

    for age in (100, 150, 200, 250, 300):
        add(A, age)
    add(A, -1)  # after the origin: not known yet
    add(A, 400)  # older than the lookback
    add(A, 3, window=5)  # still running at the origin: known only after it
    add(B, 5)
    add(B, 10, window=1)  # an aoristic event, complete before the origin
    add(C_EVENT, 7)
    add(D_EVENT, 20)
    add((0.0, 0.0), 5)  # far outside the district
    return pts, begin, end


def test_naive_flags_the_cells_with_events_and_explains_them() -> None:
    pts, begin, end = _events()
    ev = make_events([p[0] for p in pts], [p[1] for p in pts], begin, end)
    f = forecast_cells(ev, box(*CENTRUM_BOX), method="naive", origin=ORIGIN)
    assert f.n_cells == 256 and f.k == 7
    # Only cells with a score above zero are flagged, never random empty cells.
    assert len(f.flagged) == 4
    by_id = {c.cell_id: c for c in f.flagged}
    a = f.flagged[0]
    assert a.cell_id == "125m-E233500-N581500" and a.rank == 1
    assert (a.x, a.y) == A
    assert (a.long_term, a.recent_nearby, a.recent_in_cell, a.nearby_year) == (5, 0, 0, 5)
    assert a.driver == Driver.LONG_TERM
    b = f.flagged[1]
    assert b.cell_id == "125m-E234500-N582500"
    # Own two recent events plus C's at 180 m; D (320 m) is too far.
    assert (b.long_term, b.recent_nearby, b.recent_in_cell, b.nearby_year) == (2, 3, 2, 3)
    assert b.driver == Driver.BOTH
    c = by_id["125m-E234625-N582500"]
    assert (c.long_term, c.recent_nearby) == (1, 4)  # B x2 at 125 m, itself 55 m, D 195 m
    d = by_id["125m-E234875-N582500"]
    assert (d.long_term, d.recent_nearby) == (1, 2)  # C's event at 195 m and itself
    assert {c.rank, d.rank} == {3, 4}
    # Training events in the area: 5 in A + 2 in B + C + D; 4 of them in the last 28 days.
    assert (f.events_lookback, f.events_recent) == (9, 4)
    assert f.mean_per_cell == pytest.approx(9 / 256)
    assert (str(f.origin), str(f.last_day)) == ("2024-10-04", "2024-10-17")
    # The cell drawn on the map is the 125 m square around its centre.
    lat = [p[0] for p in a.corners]
    lon = [p[1] for p in a.corners]
    assert len(a.corners) == 4 and 53.0 < min(lat) < max(lat) < 53.3
    assert 6.0 < min(lon) < max(lon) < 6.7


def test_a_smoothing_method_can_flag_a_cell_for_its_surroundings() -> None:
    pts, begin, end = _events()
    ev = make_events([p[0] for p in pts], [p[1] for p in pts], begin, end)
    f = forecast_cells(ev, box(*CENTRUM_BOX), method="kde", origin=ORIGIN)
    assert len(f.flagged) == 7
    assert all(c.driver == _driver(c.long_term, c.recent_nearby) for c in f.flagged)
    assert any(c.long_term == 0 for c in f.flagged)
    assert [c.rank for c in f.flagged] == list(range(1, 8))


def test_no_events_flags_nothing() -> None:
    ev = make_events(np.array([]), np.array([]), np.array([]))
    f = forecast_cells(ev, box(*CENTRUM_BOX), method="best", origin=ORIGIN)
    assert f.flagged == [] and f.events_lookback == 0 and f.k == 7


def test_driver_names() -> None:
    assert _driver(2, 1) == Driver.BOTH
    assert _driver(2, 0) == Driver.LONG_TERM
    assert _driver(0, 1) == Driver.RECENT
    assert _driver(0, 0) == Driver.SURROUNDINGS


def test_unknown_method_is_refused() -> None:
    ev = make_events(np.array([1.0]), np.array([1.0]), np.array([1.0]))
    with pytest.raises(ValueError, match="unknown method"):
        forecast_cells(ev, box(*CENTRUM_BOX), method="crystal-ball", origin=ORIGIN)
