"""The square RD grid: stable ids that round-trip, and points inside their cell."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veilig.geo.grid import Grid

# Sizes as settings allow them (whole metres, at least 10) and the Dutch part of RD New.
sizes = st.integers(min_value=10, max_value=1000).map(float)
xs = st.floats(min_value=0, max_value=300_000, allow_nan=False)
ys = st.floats(min_value=289_000, max_value=629_000, allow_nan=False)


@given(size=sizes, x=xs, y=ys)
def test_a_point_lies_inside_its_cell(size: float, x: float, y: float) -> None:
    grid = Grid(size)
    cols, rows = grid.column_row(np.array([x]), np.array([y]))

    min_x, min_y, max_x, max_y = grid.cell_bounds(int(cols[0]), int(rows[0]))

    assert min_x <= x < max_x
    assert min_y <= y < max_y


@given(size=sizes, x=xs, y=ys)
def test_cell_ids_round_trip(size: float, x: float, y: float) -> None:
    grid = Grid(size)
    cols, rows = grid.column_row(np.array([x]), np.array([y]))
    col, row = int(cols[0]), int(rows[0])

    cell_id = grid.cell_id(col, row)

    assert grid.parse_cell_id(cell_id) == (col, row)
    assert grid.cell_id_of_point(x, y) == cell_id


@given(size=sizes, x=xs, y=ys)
def test_the_centre_of_a_cell_lies_in_that_cell(size: float, x: float, y: float) -> None:
    grid = Grid(size)
    cols, rows = grid.column_row(np.array([x]), np.array([y]))

    cx, cy = grid.cell_centres(cols, rows)

    assert grid.cell_id_of_point(float(cx[0]), float(cy[0])) == grid.cell_id_of_point(x, y)


def test_ids_are_stable() -> None:
    grid = Grid(125)

    assert grid.cell_id_of_point(233_300.0, 582_100.0) == "125m-E233250-N582000"
    assert grid.cell_id_of_point(233_250.0, 582_125.0) == "125m-E233250-N582125"  # up/right
    assert Grid(100).cell_id_of_point(155_000.0, 463_000.0) == "100m-E155000-N463000"
    assert grid.parse_cell_id("125m-E233250-N582000") == (1866, 4656)


def test_vectorised_and_single_points_agree() -> None:
    grid = Grid(125)
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 300_000, 1000), rng.uniform(289_000, 629_000, 1000)

    cols, rows = grid.column_row(x, y)

    assert [grid.cell_id(int(c), int(r)) for c, r in zip(cols, rows, strict=True)] == [
        grid.cell_id_of_point(float(a), float(b)) for a, b in zip(x, y, strict=True)
    ]


@pytest.mark.parametrize(
    "cell_id",
    [
        "100m-E233250-N582000",
        "125m-E233250",
        "125m-X233250-N582000",
        "125m-E233260-N582000",
        "125m-Eabc-N582000",
        "",
        "125m-E-N582000",
    ],
)
def test_bad_ids_are_refused(cell_id: str) -> None:
    with pytest.raises(ValueError, match="cell"):
        Grid(125).parse_cell_id(cell_id)


@pytest.mark.parametrize("size", [0.0, -125.0, float("nan"), float("inf")])
def test_bad_sizes_are_refused(size: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        Grid(size)


def test_negative_coordinates_round_trip() -> None:
    grid = Grid(125)
    cell_id = grid.cell_id_of_point(-3_000.0, 400_000.0)

    assert grid.parse_cell_id(cell_id) == (-24, 3200)
