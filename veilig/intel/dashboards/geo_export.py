"""Area figures as map files: GeoJSON (RFC 7946) and GeoPackage. Pure: no database, no Django.

A row is one area (gemeente, stadsdeel, wijk or buurt) with its figures. The files hold area
codes, names, levels and figures only: there is no column for a person, an address or a key,
and a value column whose name looks like one is refused.

Suppression: a suppressed figure is written as null, never as its value (even when the row
still carries it), and its companion column ``<name>_onderdrukt`` is true. Every figure column
has its companion, so the schema does not reveal which cells were suppressed. A null figure
that is not suppressed (no data) has ``<name>_onderdrukt`` false.

Coordinate systems:

- GeoJSON is WGS84 longitude/latitude, as RFC 7946 requires (no ``crs`` member); exterior
  rings counter-clockwise (the right-hand rule of section 3.1.6). No feature ``id``: GDAL
  would read it as an extra column; the area code is the ``code`` property.
- The GeoPackage is in RD New (EPSG:28992), reprojected from the WGS84 rows. RD is the
  Netherlands' own system: municipal GIS (QGIS with PDOK layers, the CBS wijk- en buurtkaart)
  works in it, areas and distances are in metres, and the platform stores RD coordinates.
  Layer name ``gebieden``.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyogrio.raw
import shapely
from shapely.geometry import mapping, shape

from veilig.geo.rd import wgs84_to_rd

LAYER = "gebieden"
GPKG_CRS = "EPSG:28992"
SUPPRESSED_SUFFIX = "_onderdrukt"
BASE_COLUMNS: tuple[str, ...] = ("code", "naam", "niveau")
# Column names must be Dutch lower_snake_case: a letter, then letters, digits, underscores.
_COLUMN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# Words that name personal data: a figure column never has one as a word of its name (a guard
# against row-level data where aggregates belong; "aantal_adressen" is a figure, "adres" is not).
PERSONAL_WORDS = frozenset({
    "bsn", "persoon", "id", "pseudoniem", "sleutel", "naam", "voornaam", "achternaam",
    "geboortedatum", "geboren", "adres", "huisnummer", "postcode", "telefoon", "email",
})  # fmt: skip

Value = float | int | None


@dataclass(frozen=True)
class AreaFigureRow:
    """One area and its figures; ``geometry`` is a GeoJSON Polygon/MultiPolygon in WGS84."""

    code: str
    name: str
    level: str
    geometry: dict[str, Any] | None
    values: dict[str, Value]  # column name -> value; None: no figure
    suppressed: dict[str, bool] = field(default_factory=dict)  # column name -> suppressed


def area_figures_geojson(*, rows: Sequence[AreaFigureRow]) -> bytes:
    """The rows as an RFC 7946 FeatureCollection (UTF-8 JSON bytes)."""
    columns = _value_columns(rows)
    features = []
    for row in rows:
        geometry = _polygonal(row)
        features.append(
            {
                "type": "Feature",
                "geometry": None
                if geometry is None
                else mapping(shapely.orient_polygons(geometry)),
                "properties": _properties(row, columns),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode()


def area_figures_geopackage(*, rows: Sequence[AreaFigureRow]) -> bytes:
    """The rows as a GeoPackage (bytes) with one layer ``gebieden`` in RD New (EPSG:28992).

    Integer figure columns (every value an int) become INTEGER, the others REAL; the
    companions are booleans. Geometries are MultiPolygons (promoted), nulls stay null.
    """
    columns = _value_columns(rows)
    fields: list[str] = list(BASE_COLUMNS)
    data: list[npt.NDArray[Any]] = [
        np.asarray([row.code for row in rows], dtype=object),
        np.asarray([row.name for row in rows], dtype=object),
        np.asarray([row.level for row in rows], dtype=object),
    ]
    masks: list[npt.NDArray[np.bool_] | None] = [None, None, None]
    for column in columns:
        cells = [_cell(row, column) for row in rows]
        integers = all(isinstance(v, int) for v in cells if v is not None)
        values = [0 if v is None else v for v in cells]
        data.append(np.asarray(values, dtype=np.int64 if integers else np.float64))
        masks.append(np.asarray([v is None for v in cells], dtype=bool))
        fields.append(column)
        data.append(np.asarray([_is_suppressed(row, column) for row in rows], dtype=bool))
        masks.append(None)
        fields.append(column + SUPPRESSED_SUFFIX)
    geometries = np.asarray([_rd_wkb(row) for row in rows], dtype=object)
    with tempfile.TemporaryDirectory(prefix="veilig-gpkg-") as folder:
        path = Path(folder) / f"{LAYER}.gpkg"
        pyogrio.raw.write(
            path,
            geometries,
            data,
            fields,
            field_mask=masks if any(m is not None for m in masks) else None,
            layer=LAYER,
            driver="GPKG",
            geometry_type="MultiPolygon",
            crs=GPKG_CRS,
            promote_to_multi=True,
        )
        return path.read_bytes()


def figure_columns(*, rows: Sequence[AreaFigureRow]) -> list[str]:
    """Every column of the files in order: the base columns, then each figure and its companion."""
    names = list(BASE_COLUMNS)
    for column in _value_columns(rows):
        names += [column, column + SUPPRESSED_SUFFIX]
    return names


def _value_columns(rows: Sequence[AreaFigureRow]) -> list[str]:
    """The figure columns in first-seen order, checked (Dutch lower_snake, no personal data;
    unique area codes)."""
    seen: dict[str, None] = {}
    for row in rows:
        for column in (*row.values, *row.suppressed):
            seen.setdefault(column, None)
    for column in seen:
        if not _COLUMN.match(column):
            raise ValueError(f"column name {column!r} is not lower_snake_case")
        if column in BASE_COLUMNS or column.endswith(SUPPRESSED_SUFFIX):
            raise ValueError(f"column name {column!r} is reserved")
        if PERSONAL_WORDS.intersection(column.split("_")):
            raise ValueError(f"column name {column!r} looks like personal data")
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise ValueError("an area code occurs twice")
    return list(seen)


def _is_suppressed(row: AreaFigureRow, column: str) -> bool:
    return bool(row.suppressed.get(column, False))


def _cell(row: AreaFigureRow, column: str) -> Value:
    """The value to write: None when suppressed or absent; booleans and NaN are refused."""
    if _is_suppressed(row, column):
        return None
    value = row.values.get(column)
    if isinstance(value, bool) or not isinstance(value, int | float | type(None)):
        raise ValueError(f"{row.code}: {column} is not a number: {value!r}")
    if isinstance(value, float) and not np.isfinite(value):
        raise ValueError(f"{row.code}: {column} is not finite: {value!r}")
    return value


def _properties(row: AreaFigureRow, columns: list[str]) -> dict[str, Any]:
    properties: dict[str, Any] = {"code": row.code, "naam": row.name, "niveau": row.level}
    for column in columns:
        properties[column] = _cell(row, column)
        properties[column + SUPPRESSED_SUFFIX] = _is_suppressed(row, column)
    return properties


def _polygonal(row: AreaFigureRow) -> shapely.Geometry | None:
    """The row's geometry as a valid (Multi)Polygon; an invalid ring is repaired, not dropped."""
    if row.geometry is None:
        return None
    try:
        geometry = shape(row.geometry)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{row.code}: not a GeoJSON geometry ({exc})") from exc
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"{row.code}: an area is a (Multi)Polygon, not a {geometry.geom_type}")
    if not geometry.is_valid:
        # A self-touching CBS boundary is still the area: repair it and keep the polygons.
        parts = shapely.get_parts(shapely.make_valid(geometry))
        polygons = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
        geometry = shapely.union_all(polygons) if polygons else shapely.Polygon()
    if geometry.is_empty:
        raise ValueError(f"{row.code}: the geometry is empty")
    return geometry


def _rd_wkb(row: AreaFigureRow) -> bytes | None:
    geometry = _polygonal(row)
    if geometry is None:
        return None

    def to_rd(lonlat: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x, y = wgs84_to_rd(lonlat[:, 0], lonlat[:, 1])
        return np.column_stack([x, y])

    rd = shapely.transform(geometry, to_rd)
    wkb: bytes = shapely.to_wkb(rd)
    return wkb
