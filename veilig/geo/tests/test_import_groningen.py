"""The import on the real CBS 2017 maps of Groningen (108 buurten, 15 wijken)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import pytest
import shapely

from veilig.geo.index import area_index
from veilig.geo.models import Area
from veilig.geo.rd import wgs84_to_rd
from veilig.geo.services import areas_import

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def dbf(path: Path, columns: list[str]) -> tuple[Any, list[dict[str, Any]]]:
    """An independent read of the file: WKB geometries and the attribute rows."""
    meta, _fids, wkb, values = pyogrio.raw.read(path, columns=columns)
    names = [str(name) for name in meta["fields"]]
    rows = [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]
    return shapely.from_wkb(wkb), rows


def state() -> list[tuple[Any, ...]]:
    return list(
        Area.objects.order_by("code").values_list(
            "code",
            "name",
            "level",
            "parent__code",
            "inhabitants",
            "households",
            "geometry",
            "rd_min_x",
            "rd_min_y",
            "rd_max_x",
            "rd_max_y",
        )
    )


def import_both(folder: Path, *, buurten_first: bool = True) -> None:
    files = [folder / "buurt2017.zip", folder / "wijk2017.zip"]
    for path in files if buurten_first else files[::-1]:
        areas_import(path=path)


def test_buurten_and_wijken_of_groningen(groningen: Path) -> None:
    import_both(groningen)

    assert Area.objects.filter(level="buurt", boundary_year=2017).count() == 108
    assert Area.objects.filter(level="wijk", boundary_year=2017).count() == 15
    assert list(Area.objects.filter(level="gemeente").values_list("code", "name")) == [
        ("GM0014", "Groningen")
    ]
    hoogte = Area.objects.get(code="BU00140300")
    assert (hoogte.name, hoogte.inhabitants, hoogte.households) == ("De Hoogte", 3975, 2510)
    assert hoogte.parent is not None
    assert (hoogte.parent.code, hoogte.parent.name) == ("WK001403", "Oud-Noord")
    assert hoogte.parent.parent is not None and hoogte.parent.parent.code == "GM0014"
    centrum = Area.objects.get(code="WK001400")
    assert (centrum.name, centrum.inhabitants, centrum.households) == ("Centrum", 22635, 18055)
    assert Area.objects.get(code="BU00140509").name == "Stainkoel'n"
    # Values read from the files (CBS rounds to fives, so the two levels differ slightly).
    buurten = Area.objects.filter(level="buurt")
    assert sum(b.inhabitants or 0 for b in buurten) == 202_515
    assert sum(b.households or 0 for b in buurten) == 122_170
    assert sum(w.inhabitants or 0 for w in Area.objects.filter(level="wijk")) == 202_620


def test_every_area_matches_the_file(groningen: Path) -> None:
    import_both(groningen)
    _geoms, rows = dbf(groningen / "buurt2017.zip", ["BU_CODE", "BU_NAAM", "AANT_INW", "AANTAL_HH"])
    stored = {a.code: a for a in Area.objects.filter(level="buurt").select_related("parent")}

    assert set(stored) == {row["BU_CODE"] for row in rows}
    for row in rows:
        area = stored[row["BU_CODE"]]
        assert area.name == row["BU_NAAM"]
        assert area.inhabitants == (row["AANT_INW"] if row["AANT_INW"] >= 0 else None)
        assert area.households == (row["AANTAL_HH"] if row["AANTAL_HH"] >= 0 else None)
        assert area.parent is not None and area.parent.level == "wijk"
        assert area.parent.code == "WK" + area.code[2:8]
    _geoms, wijk_rows = dbf(groningen / "wijk2017.zip", ["WK_CODE", "WK_NAAM"])
    wijken = dict(Area.objects.filter(level="wijk").values_list("code", "name"))
    assert wijken == {row["WK_CODE"]: row["WK_NAAM"] for row in wijk_rows}


def test_geometry_and_rd_bounds_follow_the_file(groningen: Path) -> None:
    import_both(groningen)
    geoms, rows = dbf(groningen / "buurt2017.zip", ["BU_CODE"])

    for geom, row in zip(geoms, rows, strict=True):
        area = Area.objects.get(code=row["BU_CODE"])
        stored = shapely.from_geojson(json.dumps(area.geometry))
        assert shapely.hausdorff_distance(stored, geom) < 2e-7
        x, y = wgs84_to_rd(*shapely.get_coordinates(geom).T)
        assert area.rd_min_x == pytest.approx(x.min(), abs=0.05)
        assert area.rd_max_y == pytest.approx(y.max(), abs=0.05)


def test_reimport_changes_nothing(groningen: Path) -> None:
    import_both(groningen)
    before = state()
    ids = list(Area.objects.order_by("code").values_list("id", flat=True))

    for name in ("buurt2017.zip", "wijk2017.zip"):
        summary = areas_import(path=groningen / name)
        assert summary.changed == 0

    assert state() == before
    assert list(Area.objects.order_by("code").values_list("id", flat=True)) == ids


def test_reverse_order_gives_the_same_tree(groningen: Path) -> None:
    import_both(groningen, buurten_first=False)
    reverse = [row for row in state() if row[2] != "gemeente"]
    gemeente_reverse = Area.objects.get(code="GM0014").geometry
    Area.objects.all().delete()

    import_both(groningen)

    assert [row for row in state() if row[2] != "gemeente"] == reverse
    assert len(reverse) == 123
    # The gemeente is the union of whatever came first (wijken or buurten): the same shape.
    a = shapely.from_geojson(json.dumps(gemeente_reverse))
    b = shapely.from_geojson(json.dumps(Area.objects.get(code="GM0014").geometry))
    assert shapely.hausdorff_distance(a, b) < 1e-6


def test_index_finds_each_buurt_of_the_file(groningen: Path) -> None:
    import_both(groningen)
    geoms, rows = dbf(groningen / "buurt2017.zip", ["BU_CODE"])
    inner = shapely.point_on_surface(geoms)
    lon, lat = shapely.get_x(inner), shapely.get_y(inner)

    index = area_index()

    assert (index.level, index.boundary_year, len(index)) == ("buurt", 2017, 108)
    assert list(index.locate_wgs84(lon, lat)) == [row["BU_CODE"] for row in rows]
    wijken = area_index(level="wijk")
    assert list(wijken.locate_wgs84(lon, lat)) == ["WK" + row["BU_CODE"][2:8] for row in rows]
    # Amersfoort lies far outside Groningen.
    assert index.locate_rd(np.array([155_000.0]), np.array([463_000.0]))[0] == ""
