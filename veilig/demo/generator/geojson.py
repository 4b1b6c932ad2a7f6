"""RD New shapely polygons <-> GeoJSON (WGS84) as stored in ``geo.Area.geometry``.

Coordinates keep 7 decimals (about 1 cm): shared vertices of neighbouring areas transform and
round identically, so the stored areas still tile without slivers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.polygon import orient

from veilig.geo.rd import rd_to_wgs84, wgs84_to_rd

WGS84_DECIMALS = 7
# Street lines only draw a map: 6 decimals (about 10 cm) keep the street layer light.
LINE_DECIMALS = 6

GeoJSON = dict[str, Any]


def _ring_to_wgs84(coords: Any) -> list[list[float]]:
    xy = np.asarray(coords, dtype=float)
    lon, lat = rd_to_wgs84(xy[:, 0], xy[:, 1])
    lon, lat = np.round(lon, WGS84_DECIMALS), np.round(lat, WGS84_DECIMALS)
    return [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]


def _polygon_rings(polygon: Polygon) -> list[list[list[float]]]:
    polygon = orient(polygon, sign=1.0)  # RFC 7946: exterior counter-clockwise
    rings = [polygon.exterior.coords, *(ring.coords for ring in polygon.interiors)]
    return [_ring_to_wgs84(ring) for ring in rings]


def rd_geometry_to_geojson(geometry: Polygon | MultiPolygon) -> GeoJSON:
    """A GeoJSON Polygon or MultiPolygon in WGS84 of an RD (Multi)Polygon."""
    if isinstance(geometry, Polygon):
        return {"type": "Polygon", "coordinates": _polygon_rings(geometry)}
    if isinstance(geometry, MultiPolygon):
        return {
            "type": "MultiPolygon",
            "coordinates": [_polygon_rings(part) for part in geometry.geoms],
        }
    raise TypeError(f"not a polygon: {geometry.geom_type}")


def _rings_to_rd(rings: list[list[list[float]]]) -> Polygon:
    converted = []
    for ring in rings:
        lonlat = np.asarray(ring, dtype=float)
        x, y = wgs84_to_rd(lonlat[:, 0], lonlat[:, 1])
        converted.append(np.column_stack([x, y]))
    return Polygon(converted[0], converted[1:])


def geojson_to_rd_geometry(geojson: GeoJSON) -> Polygon | MultiPolygon:
    """The RD (Multi)Polygon of a stored GeoJSON Polygon or MultiPolygon."""
    if geojson["type"] == "Polygon":
        return _rings_to_rd(geojson["coordinates"])
    if geojson["type"] == "MultiPolygon":
        return MultiPolygon([_rings_to_rd(part) for part in geojson["coordinates"]])
    raise ValueError(f"not a polygon: {geojson['type']}")


def rd_bounds(geometry: Polygon | MultiPolygon) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y) in RD metres, rounded to centimetres like the import."""
    min_x, min_y, max_x, max_y = (round(float(value), 2) for value in shapely.bounds(geometry))
    return min_x, min_y, max_x, max_y


def _line_to_wgs84(coords: Any) -> list[list[float]]:
    xy = np.asarray(coords, dtype=float)
    lon, lat = rd_to_wgs84(xy[:, 0], xy[:, 1])
    lon, lat = np.round(lon, LINE_DECIMALS), np.round(lat, LINE_DECIMALS)
    return [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]


def rd_line_to_geojson(line: LineString | MultiLineString) -> GeoJSON:
    """A GeoJSON LineString or MultiLineString in WGS84 of an RD line (``geo.Street``)."""
    if isinstance(line, LineString):
        return {"type": "LineString", "coordinates": _line_to_wgs84(line.coords)}
    if isinstance(line, MultiLineString):
        return {
            "type": "MultiLineString",
            "coordinates": [_line_to_wgs84(part.coords) for part in line.geoms],
        }
    raise TypeError(f"not a line: {line.geom_type}")
