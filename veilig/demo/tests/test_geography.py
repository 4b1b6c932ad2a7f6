"""The pure geometry of Voorbeeldstad, without the database."""

from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import Point, Polygon

from veilig.demo import constants
from veilig.demo.generator.geography import (
    bearing,
    compass_name,
    geography_build,
    groups_grow,
)
from veilig.demo.generator.geojson import geojson_to_rd_geometry, rd_geometry_to_geojson
from veilig.demo.tests.conftest import tiling_errors
from veilig.geo.models import AreaLevel

TOLERANCE_M2 = 1.0  # per child area, for all errors together


def assert_tiles(children: list[Polygon], parent: Polygon) -> None:
    errors = tiling_errors(children, parent)
    assert sum(errors.values()) < TOLERANCE_M2 * len(children), errors


def test_counts_codes_and_size(geography):
    assert geography.gemeente.code == "GM9999"
    assert geography.gemeente.name == "Voorbeeldstad"
    assert len(geography.stadsdelen) == 6
    assert 23 <= len(geography.wijken) <= 27
    assert 96 <= len(geography.buurten) <= 104
    assert [a.code for a in geography.stadsdelen] == [f"SD9999{i:02d}" for i in range(1, 7)]
    assert [a.code for a in geography.wijken] == [
        f"WK9999{i:02d}" for i in range(1, len(geography.wijken) + 1)
    ]
    assert all(len(b.code) == 10 and b.code.startswith("BU9999") for b in geography.buurten)
    outline = geography.gemeente.polygon
    min_x, min_y, max_x, max_y = outline.bounds
    assert 6_500 < max_x - min_x < 11_000
    assert 8_500 < max_y - min_y < 13_000
    assert 50e6 < outline.area < 80e6
    assert outline.area < 0.9 * (max_x - min_x) * (max_y - min_y)  # not a rectangle
    assert outline.contains(Point(constants.CENTRE_RD))


def test_names_are_unique_and_centrum_is_first(geography):
    assert geography.stadsdelen[0].name == "Centrum"
    assert geography.wijken[0].name == "Binnenstad"
    assert geography.wijken[0].polygon.contains(Point(constants.CENTRE_RD))
    for level in (geography.stadsdelen, geography.wijken, geography.buurten):
        names = [area.name for area in level]
        assert len(set(names)) == len(names)
    assert len({a.name for a in geography.stadsdelen}) == 6


def test_every_area_is_one_valid_polygon(geography):
    for area in geography.areas():
        assert isinstance(area.polygon, Polygon), area.code
        assert area.polygon.is_valid, area.code
        assert area.polygon.area > 50_000, area.code


def test_buurten_tile_the_gemeente(geography):
    assert_tiles([b.polygon for b in geography.buurten], geography.gemeente.polygon)


def test_every_level_tiles_its_parent_and_codes_follow_parents(geography):
    by_code = {area.code: area for area in geography.areas()}
    assert_tiles([s.polygon for s in geography.stadsdelen], geography.gemeente.polygon)
    for parent in (*geography.stadsdelen, *geography.wijken):
        children = [a for a in geography.areas() if a.parent_code == parent.code]
        assert children, parent.code
        assert_tiles([c.polygon for c in children], parent.polygon)
    for buurt in geography.buurten:
        assert buurt.level == AreaLevel.BUURT
        assert buurt.code[2:8] == buurt.parent_code[2:8]
        assert by_code[buurt.parent_code].level == AreaLevel.WIJK
    for wijk in geography.wijken:
        assert by_code[wijk.parent_code].level == AreaLevel.STADSDEEL


def test_stored_geojson_still_tiles(geography):
    """7 decimals in WGS84 keep shared borders identical: no slivers after the round trip."""
    back = [geojson_to_rd_geometry(rd_geometry_to_geojson(b.polygon)) for b in geography.buurten]
    gemeente = geojson_to_rd_geometry(rd_geometry_to_geojson(geography.gemeente.polygon))
    assert_tiles(back, gemeente)
    moved = max(
        a.hausdorff_distance(b.polygon) for a, b in zip(back, geography.buurten, strict=True)
    )
    assert moved < 0.05


def test_geojson_is_wgs84_counter_clockwise_with_seven_decimals(geography):
    geojson = rd_geometry_to_geojson(geography.gemeente.polygon)
    ring = geojson["coordinates"][0]
    assert geojson["type"] == "Polygon" and ring[0] == ring[-1]
    lon, lat = np.asarray(ring).T
    assert 5.5 < lon.min() < lon.max() < 5.8 and 52.3 < lat.min() < lat.max() < 52.6
    assert np.allclose(lon, np.round(lon, 7)) and np.allclose(lat, np.round(lat, 7))
    signed = np.sum(lon[:-1] * lat[1:] - lon[1:] * lat[:-1])
    assert signed > 0  # counter-clockwise exterior (RFC 7946)


def test_same_seed_same_geometry_other_seed_other_geometry(geography):
    again = geography_build(seed=7)
    other = geography_build(seed=8)
    assert [(a.code, a.name, a.polygon.wkb) for a in again.areas()] == [
        (a.code, a.name, a.polygon.wkb) for a in geography.areas()
    ]
    assert not other.gemeente.polygon.equals(geography.gemeente.polygon)
    assert [b.polygon.wkb for b in other.buurten[:5]] != [
        b.polygon.wkb for b in geography.buurten[:5]
    ]


def test_groups_grow_makes_contiguous_groups_from_a_chain():
    # Eight items in a row: 0-1-2-...-7; two seeds at the ends split the chain in two halves.
    centroids = np.column_stack([np.arange(8.0), np.zeros(8)])
    adjacency = [[j for j in (i - 1, i + 1) if 0 <= j < 8] for i in range(8)]
    labels = groups_grow(centroids=centroids, adjacency=adjacency, seeds=[0, 7])
    assert labels.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]


def test_groups_grow_refuses_a_disconnected_graph():
    centroids = np.zeros((3, 2))
    with pytest.raises(ValueError, match="not connected"):
        groups_grow(centroids=centroids, adjacency=[[1], [0], []], seeds=[0])


@pytest.mark.parametrize(
    ("degrees", "name"),
    [(0, "Noord"), (44, "Noordoost"), (90, "Oost"), (180, "Zuid"), (270, "West"), (350, "Noord")],
)
def test_compass_names(degrees, name):
    assert compass_name(math.radians(degrees)) == name


def test_bearing_is_clockwise_from_north():
    xy = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, -1.0], [-1.0, 0.0]])
    assert np.degrees(bearing(xy, (0.0, 0.0))).round().tolist() == [0, 90, 180, 270]
