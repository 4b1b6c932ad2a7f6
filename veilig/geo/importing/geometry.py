"""Geometry helpers for the import: reprojection, cleaning, rounding, GeoJSON and RD bounds."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from veilig.geo.rd import WGS84, looks_like_rd, wgs84_to_rd

# 7 decimals of a degree is about 1 cm: more than the CBS maps' own precision.
DECIMALS = 7

GeometryArray = npt.NDArray[np.object_]
CoordArray = npt.NDArray[np.float64]


def crs_to_wgs84(crs: str | None, bounds: tuple[float, float, float, float]) -> Transformer | None:
    """A transformer from the file's CRS to WGS84, or None when the file is in WGS84 already.

    A file without a CRS (a shapefile without ``.prj``) is taken to be WGS84 when its bounds
    look like degrees in the Netherlands, or RD New when they look like RD metres.
    Raises ValueError when the CRS cannot be understood or guessed.
    """
    if crs is None:
        min_x, min_y, max_x, max_y = bounds
        if looks_like_rd(min_x, min_y) and looks_like_rd(max_x, max_y):
            crs = "EPSG:28992"
        elif -180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90:
            return None
        else:
            raise ValueError("no CRS")
    try:
        source = CRS.from_user_input(crs)
    except CRSError as exc:
        raise ValueError(str(exc)) from exc
    if source.equals(CRS.from_user_input(WGS84), ignore_axis_order=True):
        return None
    return Transformer.from_crs(source, WGS84, always_xy=True)


def reproject(geometries: GeometryArray, transformer: Transformer | None) -> GeometryArray:
    if transformer is None:
        return geometries

    def _transform(coords: CoordArray) -> CoordArray:
        lon, lat = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return np.asarray(shapely.transform(geometries, _transform), dtype=object)


def polygonal(geometry: Any) -> Any | None:
    """The (Multi)Polygon part of a geometry, repaired when invalid; None when there is none."""
    if geometry is None or shapely.is_empty(geometry):
        return None
    if not shapely.is_valid(geometry):
        geometry = shapely.make_valid(geometry)
    if shapely.get_type_id(geometry) == 7:  # GeometryCollection from make_valid
        parts = [
            part
            for part in shapely.get_parts(geometry)
            if shapely.get_type_id(part) in (3, 6)  # Polygon, MultiPolygon
        ]
        geometry = shapely.union_all(parts) if parts else None
    if geometry is None or shapely.get_type_id(geometry) not in (3, 6) or geometry.is_empty:
        return None
    return geometry


def rounded(geometry: Any) -> Any:
    """The geometry with coordinates rounded to :data:`DECIMALS`, still valid."""
    result = shapely.transform(geometry, lambda coords: np.round(coords, DECIMALS))
    if not shapely.is_valid(result):
        repaired = polygonal(result)
        result = repaired if repaired is not None else result
    return result


def to_geojson(geometry: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shapely.to_geojson(geometry))
    return data


def from_geojson(data: dict[str, Any]) -> Any:
    return shapely.from_geojson(json.dumps(data))


def to_rd(geometry: Any) -> Any:
    """A WGS84 geometry in RD New."""

    def _transform(coords: CoordArray) -> CoordArray:
        x, y = wgs84_to_rd(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, _transform)


def rd_bounds(geometry: Any) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y) in RD New of a WGS84 geometry, rounded to centimetres."""
    bounds = shapely.bounds(to_rd(geometry))
    min_x, min_y, max_x, max_y = (round(float(value), 2) for value in bounds)
    return min_x, min_y, max_x, max_y


def union(geometries: list[Any]) -> Any | None:
    """The rounded union of polygonal geometries (None for none)."""
    if not geometries:
        return None
    merged = polygonal(shapely.union_all(np.asarray(geometries, dtype=object)))
    return rounded(merged) if merged is not None else None
