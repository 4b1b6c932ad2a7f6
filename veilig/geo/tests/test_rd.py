"""RD New <-> WGS84 with pyproj."""

from __future__ import annotations

import math

import numpy as np
import pytest

from veilig.geo.rd import (
    looks_like_rd,
    rd_point_to_wgs84,
    rd_to_wgs84,
    wgs84_point_to_rd,
    wgs84_to_rd,
)


def test_amersfoort_the_origin_of_rd() -> None:
    """RDNAPTRANS puts the origin at 5.38720621 E, 52.15517440 N (ETRS89). Without the NSGI
    correction grid, PROJ uses the EPSG Helmert transformation (accurate to about 1 m): the
    answer is 0.2-0.3 m off, which this test allows and no more."""
    lon, lat = rd_point_to_wgs84(155_000, 463_000)

    assert lon == pytest.approx(5.38720621, abs=5e-6)
    assert lat == pytest.approx(52.15517440, abs=5e-6)
    x, y = wgs84_point_to_rd(5.38720621, 52.15517440)
    assert math.hypot(x - 155_000, y - 463_000) < 0.5


def test_back_and_forth_within_a_millimetre() -> None:
    rng = np.random.default_rng(5)
    x, y = rng.uniform(10_000, 280_000, 500), rng.uniform(300_000, 620_000, 500)

    lon, lat = rd_to_wgs84(x, y)
    x2, y2 = wgs84_to_rd(lon, lat)

    assert np.abs(x2 - x).max() < 1e-3
    assert np.abs(y2 - y).max() < 1e-3


def test_vectorised_and_single_points_agree() -> None:
    x, y = np.array([233_900.0, 121_000.0]), np.array([582_000.0, 487_000.0])

    lon, lat = rd_to_wgs84(x, y)

    for i in range(2):
        assert (lon[i], lat[i]) == pytest.approx(rd_point_to_wgs84(x[i], y[i]), abs=1e-12)
        assert wgs84_point_to_rd(lon[i], lat[i]) == pytest.approx((x[i], y[i]), abs=1e-3)


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        (155_000, 463_000, True),
        (-7_000, 289_000, True),
        (300_000, 629_000, True),
        (-7_001, 463_000, False),
        (155_000, 629_001, False),
        (5.387, 52.155, False),
    ],
)
def test_looks_like_rd(x: float, y: float, expected: bool) -> None:
    assert looks_like_rd(x, y) is expected
