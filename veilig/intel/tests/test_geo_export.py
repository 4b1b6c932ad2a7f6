"""Area figures written as GeoJSON and GeoPackage, read back with pyogrio. Synthetic areas only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely

from veilig.geo.rd import rd_to_wgs84
from veilig.intel.dashboards.geo_export import (
    LAYER,
    PERSONAL_WORDS,
    AreaFigureRow,
    area_figures_geojson,
    area_figures_geopackage,
    figure_columns,
)

# Boxes in RD New (metres) near Voorbeeldstad's centre (171,500, 498,500).
BOX_A = (171_000.0, 498_000.0, 172_000.0, 499_000.0)
BOX_B = (172_000.0, 498_000.0, 173_000.0, 499_500.0)
BOX_C = (170_000.0, 497_000.0, 170_500.0, 497_400.0)
BOX_D = (170_600.0, 497_000.0, 170_800.0, 497_200.0)


def wgs84_ring(box: tuple[float, float, float, float], *, clockwise: bool = False) -> list[Any]:
    x0, y0, x1, y1 = box
    xs = np.asarray([x0, x1, x1, x0, x0])
    ys = np.asarray([y0, y0, y1, y1, y0])
    if clockwise:
        xs, ys = xs[::-1], ys[::-1]
    lon, lat = rd_to_wgs84(xs, ys)
    return [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]


def polygon(box: tuple[float, float, float, float], **kw: bool) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [wgs84_ring(box, **kw)]}


ROWS = (
    AreaFigureRow(
        code="WK999901",
        name="Centrum",
        level="wijk",
        geometry=polygon(BOX_A),
        values={"woninginbraak": 12, "hic_per_1000_inwoners": 4.25, "inwoners": 2_840},
        suppressed={"woninginbraak": False},
    ),
    AreaFigureRow(
        code="WK999902",
        name="Oost",
        level="wijk",
        geometry=polygon(BOX_B, clockwise=True),  # RFC 7946: the writer turns it round
        # A suppressed cell that still carries its value: the value must not reach the file.
        values={"woninginbraak": 3, "hic_per_1000_inwoners": None, "inwoners": 35},
        suppressed={"woninginbraak": True, "hic_per_1000_inwoners": True},
    ),
    AreaFigureRow(
        code="WK999903",
        name="Buitengebied 's-Gravenweg",
        level="wijk",
        geometry={
            "type": "MultiPolygon",
            "coordinates": [[wgs84_ring(BOX_C)], [wgs84_ring(BOX_D)]],
        },
        values={"woninginbraak": 0, "hic_per_1000_inwoners": None, "inwoners": 0},  # no data
    ),
    AreaFigureRow(
        code="GM9999", name="Voorbeeldstad", level="gemeente", geometry=None,
        values={"woninginbraak": 15, "hic_per_1000_inwoners": 3.9, "inwoners": 2_875},
    ),
)  # fmt: skip

COLUMNS = [
    "code", "naam", "niveau",
    "woninginbraak", "woninginbraak_onderdrukt",
    "hic_per_1000_inwoners", "hic_per_1000_inwoners_onderdrukt",
    "inwoners", "inwoners_onderdrukt",
]  # fmt: skip
# (value, suppressed) per area, as the files must hold them.
EXPECTED: dict[str, dict[str, tuple[Any, bool]]] = {
    "WK999901": {"woninginbraak": (12, False), "hic_per_1000_inwoners": (4.25, False),
                 "inwoners": (2_840, False)},
    "WK999902": {"woninginbraak": (None, True), "hic_per_1000_inwoners": (None, True),
                 "inwoners": (35, False)},
    "WK999903": {"woninginbraak": (0, False), "hic_per_1000_inwoners": (None, False),
                 "inwoners": (0, False)},
    "GM9999": {"woninginbraak": (15, False), "hic_per_1000_inwoners": (3.9, False),
               "inwoners": (2_875, False)},
}  # fmt: skip


def read_back(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[Any]]:
    """(meta, properties by area code, geometries in row order) as pyogrio reads the file."""
    meta, _fids, wkb, data = pyogrio.raw.read(path)
    fields = list(meta["fields"])
    rows: dict[str, dict[str, Any]] = {}
    for i in range(len(data[0])):
        props = {}
        for name, column in zip(fields, data, strict=True):
            value = column[i]
            nan = isinstance(value, float | np.floating) and np.isnan(value)
            if np.ma.is_masked(value) or value is None or nan:
                value = None
            props[name] = value.item() if isinstance(value, np.generic) else value
        rows[str(props["code"])] = props
    geometries = [None if g is None else shapely.from_wkb(g) for g in wkb]
    return meta, rows, geometries


def assert_figures(rows: dict[str, dict[str, Any]]) -> None:
    assert set(rows) == set(EXPECTED)
    for code, figures in EXPECTED.items():
        for column, (value, suppressed) in figures.items():
            assert rows[code][column] == value, (code, column, rows[code][column])
            assert bool(rows[code][column + "_onderdrukt"]) is suppressed, (code, column)
    assert rows["WK999903"]["naam"] == "Buitengebied 's-Gravenweg"
    assert rows["GM9999"]["niveau"] == "gemeente"


def assert_no_personal_columns(fields: list[str]) -> None:
    assert fields == COLUMNS
    for name in fields:
        assert not PERSONAL_WORDS.intersection(name.split("_")) or name == "naam", name


def test_geojson_is_rfc7946_wgs84_with_nulls_for_suppressed_cells(tmp_path):
    data = area_figures_geojson(rows=ROWS)
    document = json.loads(data)
    assert document["type"] == "FeatureCollection" and "crs" not in document
    assert [f["properties"]["code"] for f in document["features"]] == [r.code for r in ROWS]
    assert figure_columns(rows=ROWS) == COLUMNS
    assert all(list(f["properties"]) == COLUMNS for f in document["features"])
    for feature in document["features"]:
        if feature["geometry"] is None:
            continue
        geometry = shapely.geometry.shape(feature["geometry"])
        assert geometry.is_valid
        for poly in shapely.get_parts(geometry):
            assert poly.exterior.is_ccw  # right-hand rule, also for the clockwise input
            lon, lat = np.asarray(poly.exterior.coords).T
            assert (
                (lon > 5.5).all()
                and (lon < 5.8).all()
                and (lat > 52.4).all()
                and (lat < 52.6).all()
            )
    path = tmp_path / "gebieden.geojson"
    path.write_bytes(data)
    meta, rows, geometries = read_back(path)
    assert_no_personal_columns(list(meta["fields"]))
    assert_figures(rows)
    assert pyogrio.read_info(path)["crs"] == "EPSG:4326"
    assert geometries[3] is None and all(g.is_valid for g in geometries[:3])


def test_geopackage_layer_gebieden_in_rd_new(tmp_path):
    path = tmp_path / "gebieden.gpkg"
    path.write_bytes(area_figures_geopackage(rows=ROWS))
    assert [name for name, _kind in pyogrio.list_layers(path)] == [LAYER]
    info = pyogrio.read_info(path, layer=LAYER)
    assert info["crs"] == "EPSG:28992" and info["features"] == len(ROWS)
    assert info["geometry_type"] == "MultiPolygon"
    dtypes = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert dtypes["woninginbraak"] == "int64" and dtypes["hic_per_1000_inwoners"] == "float64"
    assert dtypes["woninginbraak_onderdrukt"] == "bool"
    meta, rows, geometries = read_back(path)
    assert_no_personal_columns(list(meta["fields"]))
    assert_figures(rows)
    assert geometries[3] is None
    # Reprojected to RD: the boxes come back where they were made, to the millimetre.
    for geometry, box in zip(geometries[:2], (BOX_A, BOX_B), strict=True):
        assert geometry.is_valid and geometry.geom_type == "MultiPolygon"
        assert np.allclose(geometry.bounds, box, atol=0.001)
        assert geometry.area == pytest.approx((box[2] - box[0]) * (box[3] - box[1]), rel=1e-6)
    assert len(shapely.get_parts(geometries[2])) == 2 and geometries[2].is_valid


def test_an_invalid_ring_is_repaired_not_dropped():
    bow_tie = {"type": "Polygon", "coordinates": [[[5.60, 52.46], [5.62, 52.48], [5.62, 52.46],
                                                   [5.60, 52.48], [5.60, 52.46]]]}  # fmt: skip
    row = AreaFigureRow(code="BU99990101", name="Strik", level="buurt", geometry=bow_tie,
                        values={"straatroof": 1})  # fmt: skip
    feature = json.loads(area_figures_geojson(rows=[row]))["features"][0]
    geometry = shapely.geometry.shape(feature["geometry"])
    assert geometry.is_valid and geometry.area == pytest.approx(0.0002, rel=1e-6)


@pytest.mark.parametrize(
    ("values", "geometry", "message"),
    [
        ({"bsn": 1}, None, "personal data"),
        ({"aantal_adres": 1}, None, "personal data"),
        ({"Woninginbraak": 1}, None, "lower_snake"),
        ({"naam": 1}, None, "reserved"),
        ({"x_onderdrukt": 1}, None, "reserved"),
        ({"geweld": float("nan")}, None, "finite"),
        ({"geweld": True}, None, "not a number"),
        ({"geweld": 1}, {"type": "Point", "coordinates": [5.6, 52.4]}, "Polygon"),
    ],
)
def test_bad_rows_are_refused(values, geometry, message):
    row = AreaFigureRow(code="WK1", name="a", level="wijk", geometry=geometry, values=values)
    for write in (area_figures_geojson, area_figures_geopackage):
        with pytest.raises(ValueError, match=message):
            write(rows=[row])


def test_aggregate_names_with_person_words_inside_other_words_are_allowed():
    row = AreaFigureRow(code="WK1", name="a", level="wijk", geometry=None,
                        values={"aantal_adressen": 10, "verwarde_personen": 2})  # fmt: skip
    assert (
        json.loads(area_figures_geojson(rows=[row]))["features"][0]["properties"]["aantal_adressen"]
        == 10
    )


def test_area_codes_are_unique():
    row = AreaFigureRow(code="WK1", name="a", level="wijk", geometry=None, values={})
    with pytest.raises(ValueError, match="twice"):
        area_figures_geojson(rows=[row, row])


def test_no_rows_give_an_empty_layer(tmp_path):
    path = tmp_path / "leeg.gpkg"
    path.write_bytes(area_figures_geopackage(rows=[]))
    assert pyogrio.read_info(path, layer=LAYER)["features"] == 0
    assert json.loads(area_figures_geojson(rows=[]))["features"] == []
