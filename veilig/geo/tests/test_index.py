"""The point-in-area index: inside, outside, borders, RD and WGS84, and the cached constructor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from veilig.geo.index import AreaIndex, area_index
from veilig.geo.models import Area
from veilig.geo.rd import rd_to_wgs84
from veilig.geo.services import areas_import
from veilig.geo.tests.layers import BUURT_BOXES, rd_box, write_buurten_geojson


def squares() -> AreaIndex:
    """Four 100 m squares meeting at (100, 100), given out of code order; and a far island."""
    boxes = {
        "D": (100, 100, 200, 200),
        "B": (100, 0, 200, 100),
        "C": (0, 100, 100, 200),
        "A": (0, 0, 100, 100),
        "E": (1000, 1000, 1100, 1100),
    }
    return AreaIndex.from_rd_geometries(
        codes=list(boxes),
        geometries=[shapely.box(*box) for box in boxes.values()],
        area_ids=[4, 2, 3, 1, 5],
    )


def locate(index: AreaIndex, points: list[tuple[float, float]]) -> list[str]:
    x, y = np.array(points, dtype=float).T
    return [str(code) for code in index.locate_rd(x, y)]


def test_points_inside_and_outside() -> None:
    index = squares()

    assert locate(index, [(50, 50), (150, 50), (50, 150), (150, 150), (1050, 1050)]) == [
        "A",
        "B",
        "C",
        "D",
        "E",
    ]
    assert locate(index, [(-1, 50), (250, 250), (500, 500), (1101, 1050)]) == ["", "", "", ""]


def test_points_on_borders_get_exactly_one_area_the_lowest_code() -> None:
    index = squares()

    assert locate(index, [(100, 50), (50, 100), (150, 100), (100, 150)]) == ["A", "A", "B", "C"]
    assert locate(index, [(100, 100)]) == ["A"]  # the corner of all four
    assert locate(index, [(0, 0), (200, 200), (1100, 1000)]) == ["A", "D", "E"]  # outer edges


def test_same_answer_whatever_the_input_order() -> None:
    boxes = [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)]
    forward = AreaIndex.from_rd_geometries(codes=["X1", "X2"], geometries=boxes)
    backward = AreaIndex.from_rd_geometries(codes=["X2", "X1"], geometries=boxes[::-1])

    assert locate(forward, [(100, 50)]) == locate(backward, [(100, 50)]) == ["X1"]


def test_ids_positions_nan_and_shapes() -> None:
    index = squares()
    x = np.array([[50.0, 150.0], [np.nan, 500.0]])
    y = np.array([[50.0, 150.0], [50.0, 500.0]])

    assert index.area_ids_rd(x, y).tolist() == [[1, 4], [-1, -1]]
    assert index.positions_rd(x, y).tolist() == [[0, 3], [-1, -1]]
    assert index.locate_rd(x, y).tolist() == [["A", "D"], ["", ""]]
    assert index.locate_rd(np.array([]), np.array([])).shape == (0,)
    assert index.locate_point_rd(150, 50) == "B"
    assert index.locate_point_rd(-5, -5) is None
    with pytest.raises(ValueError, match="differ in shape"):
        index.locate_rd(np.array([1.0, 2.0]), np.array([1.0]))


def test_bad_construction() -> None:
    with pytest.raises(ValueError, match="unique"):
        AreaIndex.from_rd_geometries(codes=["A", "A"], geometries=[shapely.box(0, 0, 1, 1)] * 2)
    with pytest.raises(ValueError, match="same length"):
        AreaIndex.from_rd_geometries(codes=["A"], geometries=[])


def test_an_empty_index_has_everything_outside() -> None:
    index = AreaIndex.from_rd_geometries(codes=[], geometries=[])

    assert locate(index, [(1, 2), (3, 4)]) == ["", ""]
    assert index.area_ids_rd(np.array([1.0]), np.array([2.0])).tolist() == [-1]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-50, 1150), st.floats(-50, 1150)), min_size=1, max_size=50))
def test_bulk_lookup_agrees_with_one_polygon_at_a_time(points: list[tuple[float, float]]) -> None:
    index = squares()
    x, y = np.array(points).T

    codes = index.locate_rd(x, y)

    for px, py, code in zip(x, y, codes, strict=True):
        hits = [
            str(c)
            for c, g in zip(index.codes, index.geometries, strict=True)
            if g.intersects(shapely.Point(px, py))
        ]
        assert code == (min(hits) if hits else "")


def test_rd_and_wgs84_agree() -> None:
    index = AreaIndex.from_rd_geometries(
        codes=list(BUURT_BOXES), geometries=[rd_box(box) for box in BUURT_BOXES.values()]
    )
    rng = np.random.default_rng(7)
    x = rng.uniform(229_500, 232_500, 5_000)
    y = rng.uniform(579_500, 582_500, 5_000)
    lon, lat = rd_to_wgs84(x, y)

    in_rd = index.locate_rd(x, y)
    in_wgs84 = index.locate_wgs84(lon, lat)

    assert (in_rd == in_wgs84).all()
    assert set(in_rd.tolist()) == {"", *BUURT_BOXES}


@pytest.mark.django_db
def test_area_index_from_the_database_is_cached_and_invalidated_by_an_import(
    tmp_path: Path,
) -> None:
    areas_import(path=write_buurten_geojson(tmp_path / "b2020.geojson"))
    first = area_index()

    assert area_index() is first
    assert (first.level, first.boundary_year, len(first)) == ("buurt", 2020, 3)
    ids = dict(Area.objects.filter(level="buurt").values_list("code", "id"))
    assert first.area_ids_rd(np.array([230_500.0]), np.array([580_500.0])).tolist() == [
        ids["BU99990101"]
    ]

    areas_import(path=write_buurten_geojson(tmp_path / "b2022.geojson"))
    latest = area_index()

    assert latest is not first
    assert latest.boundary_year == 2022
    assert area_index(boundary_year=2020).boundary_year == 2020
    gemeenten = area_index(level="gemeente")
    assert gemeenten.locate_point_rd(231_999.0, 581_999.0) == "GM9999"


@pytest.mark.django_db
def test_area_index_without_areas_and_with_a_bad_level() -> None:
    empty = area_index()

    assert len(empty) == 0
    assert empty.locate_point_rd(230_500, 580_500) is None
    with pytest.raises(ValueError, match="unknown area level"):
        area_index(level="province")
