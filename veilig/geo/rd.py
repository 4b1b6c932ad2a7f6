"""RD New (EPSG:28992) <-> WGS84 (EPSG:4326) with pyproj.

Transformers are built once per process: building one costs milliseconds, using one
costs microseconds per point and is vectorised over numpy arrays.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
from pyproj import Transformer

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"

FloatArray = npt.NDArray[np.float64]


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


@cache
def _to_rd() -> Transformer:
    return Transformer.from_crs(WGS84, RD_NEW, always_xy=True)


def rd_to_wgs84(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """RD x/y in metres to (lon, lat) in degrees."""
    lon, lat = _to_wgs84().transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon, float), np.asarray(lat, float)


def wgs84_to_rd(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(lon, lat) in degrees to RD x/y in metres."""
    x, y = _to_rd().transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x, float), np.asarray(y, float)


def rd_point_to_wgs84(x: float, y: float) -> tuple[float, float]:
    lon, lat = _to_wgs84().transform(x, y)
    return float(lon), float(lat)


def wgs84_point_to_rd(lon: float, lat: float) -> tuple[float, float]:
    x, y = _to_rd().transform(lon, lat)
    return float(x), float(y)


def looks_like_rd(x: float, y: float) -> bool:
    """True when a point lies in the RD New validity box of the Netherlands."""
    return -7_000 <= x <= 300_000 and 289_000 <= y <= 629_000
