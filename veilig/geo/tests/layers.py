"""Small hand-made area files for the tests, written with pyogrio.

The toy gemeente GM9999 lies near Groningen in RD New::

    y 582000 +-----------------------+
             |      BU99990201       |   wijk WK999902
    y 581000 +-----------+-----------+
             | BU99990101| BU99990102|   wijk WK999901
    y 580000 +-----------+-----------+
           x 230000    231000     232000
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import shapely

from veilig.geo.rd import rd_to_wgs84

X0, Y0 = 230_000.0, 580_000.0

BUURT_BOXES = {
    "BU99990101": (X0, Y0, X0 + 1000, Y0 + 1000),
    "BU99990102": (X0 + 1000, Y0, X0 + 2000, Y0 + 1000),
    "BU99990201": (X0, Y0 + 1000, X0 + 2000, Y0 + 2000),
}
WIJK_BOXES = {
    "WK999901": (X0, Y0, X0 + 2000, Y0 + 1000),
    "WK999902": (X0, Y0 + 1000, X0 + 2000, Y0 + 2000),
}


def rd_box(box: tuple[float, float, float, float]) -> Any:
    """A rectangle in RD with a vertex every 250 m (so shared edges share vertices)."""
    min_x, min_y, max_x, max_y = box
    return shapely.segmentize(shapely.box(min_x, min_y, max_x, max_y), 250.0)


def wgs84_box(box: tuple[float, float, float, float]) -> Any:
    def _transform(coords: np.ndarray) -> np.ndarray:
        lon, lat = rd_to_wgs84(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(rd_box(box), _transform)


def buurt_rows(**overrides: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"BU_CODE": "BU99990101", "BU_NAAM": "Oosthoek", "AANT_INW": 1200, "AANTAL_HH": 600},
        {"BU_CODE": "BU99990102", "BU_NAAM": "Westhoek", "AANT_INW": -99999997, "AANTAL_HH": 5},
        {"BU_CODE": "BU99990201", "BU_NAAM": "Noordhoek", "AANT_INW": 35, "AANTAL_HH": -99999999},
    ]
    for row in rows:
        row.update({"WK_CODE": "WK" + row["BU_CODE"][2:8], "GM_CODE": "GM9999"})
        row.update({"GM_NAAM": "Proefstad", **overrides})
    return rows


def wijk_rows() -> list[dict[str, Any]]:
    return [
        {**row, "GM_CODE": "GM9999", "GM_NAAM": "Proefstad"}
        for row in (
            {"WK_CODE": "WK999901", "WK_NAAM": "Zuid", "AANT_INW": 1240, "AANTAL_HH": 610},
            {"WK_CODE": "WK999902", "WK_NAAM": "Noord", "AANT_INW": 35, "AANTAL_HH": 20},
        )
    ]


def write_layer(
    path: Path,
    rows: list[dict[str, Any]],
    geometries: list[Any],
    *,
    crs: str = "EPSG:4326",
    driver: str | None = None,
    layer: str | None = None,
    append: bool = False,
) -> Path:
    """Write rows (all with the same keys) and geometries as one layer of ``path``."""
    fields = list(rows[0])
    field_data = []
    for name in fields:
        values = [row[name] for row in rows]
        if all(isinstance(value, int) for value in values):
            field_data.append(np.asarray(values, dtype=np.int64))
        else:
            field_data.append(np.asarray(values, dtype=object))
    pyogrio.raw.write(
        path,
        np.asarray(shapely.to_wkb(np.asarray(geometries, dtype=object))),
        field_data,
        fields,
        layer=layer,
        driver=driver,
        geometry_type="Polygon",
        crs=crs,
        append=append,
    )
    return path


def write_buurten_geojson(path: Path, rows: list[dict[str, Any]] | None = None) -> Path:
    rows = rows if rows is not None else buurt_rows()
    geometries = [
        wgs84_box(BUURT_BOXES.get(row["BU_CODE"], BUURT_BOXES["BU99990101"])) for row in rows
    ]
    return write_layer(path, rows, geometries, driver="GeoJSON")


def write_wijken_gpkg_rd(path: Path, *, layer: str = "wijken", append: bool = False) -> Path:
    """The wijken in RD New (EPSG:28992) in a GeoPackage: the import must reproject them."""
    rows = wijk_rows()
    geometries = [rd_box(WIJK_BOXES[row["WK_CODE"]]) for row in rows]
    return write_layer(
        path, rows, geometries, crs="EPSG:28992", driver="GPKG", layer=layer, append=append
    )
