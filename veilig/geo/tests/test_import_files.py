"""The area import on small hand-made GeoJSON and GeoPackage files: formats, CRS, codes, years."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import shapely
from django.core.management import CommandError, call_command

from veilig.geo.importing import year_from_file_name
from veilig.geo.importing.codes import level_of_code
from veilig.geo.models import Area, AreaLevel
from veilig.geo.services import areas_import
from veilig.geo.tests.layers import (
    BUURT_BOXES,
    WIJK_BOXES,
    buurt_rows,
    rd_box,
    wgs84_box,
    write_buurten_geojson,
    write_layer,
    write_wijken_gpkg_rd,
)

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Area.objects.order_by("code", "boundary_year").values_list(
            "code",
            "boundary_year",
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


def test_geojson_buurten_create_gemeente_and_wait_for_wijken(tmp_path: Path) -> None:
    path = write_buurten_geojson(tmp_path / "buurten_2021.geojson")

    summary = areas_import(path=path)

    assert summary.boundary_year == 2021
    assert summary.counts["buurt"].created == 3
    assert summary.counts["gemeente"].created == 1
    assert sorted(summary.unlinked) == sorted(BUURT_BOXES)
    buurt = Area.objects.get(code="BU99990101")
    assert (buurt.name, buurt.level, buurt.boundary_year) == ("Oosthoek", AreaLevel.BUURT, 2021)
    assert (buurt.inhabitants, buurt.households) == (1200, 600)
    assert buurt.parent is None
    gemeente = Area.objects.get(code="GM9999")
    assert (gemeente.name, gemeente.level, gemeente.parent) == ("Proefstad", "gemeente", None)
    # The gemeente's geometry is the union of its buurten: the 2 x 2 km square.
    assert gemeente.geometry is not None and gemeente.geometry["type"] == "Polygon"
    assert len(gemeente.geometry["coordinates"]) == 1  # no holes or slivers inside
    union = shapely.from_geojson(json.dumps(gemeente.geometry))
    expected = wgs84_box((230_000, 580_000, 232_000, 582_000))
    assert shapely.hausdorff_distance(union, expected) < 1e-7  # degrees: about 1 cm
    assert gemeente.rd_min_x == pytest.approx(230_000, abs=0.05)
    assert gemeente.rd_max_y == pytest.approx(582_000, abs=0.05)


def test_cbs_secret_and_unknown_sentinels_are_stored_as_null(tmp_path: Path) -> None:
    areas_import(path=write_buurten_geojson(tmp_path / "b2021.geojson"))

    assert Area.objects.get(code="BU99990102").inhabitants is None  # -99999997: secret
    assert Area.objects.get(code="BU99990102").households == 5
    assert Area.objects.get(code="BU99990201").households is None  # -99999999


def test_geometry_is_wgs84_geojson_rounded_to_seven_decimals(tmp_path: Path) -> None:
    areas_import(path=write_buurten_geojson(tmp_path / "b2021.geojson"))

    geometry = Area.objects.get(code="BU99990101").geometry
    assert geometry is not None and geometry["type"] == "Polygon"
    ring = geometry["coordinates"][0]
    assert len(ring) == 17  # 4 sides of 1 km with a vertex every 250 m, closed
    for lon, lat in ring:
        assert 6.5 < lon < 6.7 and 53.1 < lat < 53.3
        assert round(lon, 7) == lon and round(lat, 7) == lat


def test_geopackage_in_rd_is_reprojected_and_links_waiting_buurten(tmp_path: Path) -> None:
    areas_import(path=write_buurten_geojson(tmp_path / "b2021.geojson"))

    summary = areas_import(path=write_wijken_gpkg_rd(tmp_path / "w.gpkg"), boundary_year=2021)

    assert summary.counts["wijk"].created == 2
    assert summary.unlinked == []
    assert summary.relinked == 5  # three buurten and two wijken
    wijk = Area.objects.get(code="WK999901")
    assert (wijk.name, wijk.inhabitants, wijk.parent and wijk.parent.code) == (
        "Zuid",
        1240,
        "GM9999",
    )
    box = WIJK_BOXES["WK999901"]
    bounds = (wijk.rd_min_x, wijk.rd_min_y, wijk.rd_max_x, wijk.rd_max_y)
    assert bounds == pytest.approx(box, abs=0.05)
    assert wijk.geometry is not None
    lon, lat = wijk.geometry["coordinates"][0][0]
    assert 6.5 < lon < 6.7 and 53.1 < lat < 53.3  # stored in WGS84, not in RD metres
    parents = dict(Area.objects.filter(level="buurt").values_list("code", "parent__code"))
    assert parents == {"BU99990101": "WK999901", "BU99990102": "WK999901", "BU99990201": "WK999902"}


def test_one_geopackage_with_wijk_and_buurt_layers(tmp_path: Path) -> None:
    path = write_wijken_gpkg_rd(tmp_path / "wijkenbuurten_2022.gpkg", layer="wijken")
    rows = buurt_rows()
    write_layer(
        path,
        rows,
        [rd_box(BUURT_BOXES[r["BU_CODE"]]) for r in rows],
        crs="EPSG:28992",
        driver="GPKG",
        layer="buurten",
        append=True,
    )

    summary = areas_import(path=path)

    assert summary.boundary_year == 2022
    assert (summary.counts["wijk"].created, summary.counts["buurt"].created) == (2, 3)
    assert Area.objects.get(code="BU99990201").parent == Area.objects.get(code="WK999902")


def test_newer_cbs_field_names_are_accepted(tmp_path: Path) -> None:
    names = {
        "BU_CODE": "buurtcode",
        "BU_NAAM": "buurtnaam",
        "WK_CODE": "wijkcode",
        "GM_CODE": "gemeentecode",
        "GM_NAAM": "gemeentenaam",
        "AANT_INW": "aantal_inwoners",
        "AANTAL_HH": "aantal_huishoudens",
    }
    rows = [{names[key]: value for key, value in row.items()} for row in buurt_rows()]
    path = write_layer(
        tmp_path / "buurten.geojson",
        rows,
        [wgs84_box(box) for box in BUURT_BOXES.values()],
        driver="GeoJSON",
    )

    areas_import(path=path, boundary_year=2023)

    assert Area.objects.get(code="BU99990101", boundary_year=2023).inhabitants == 1200


def test_reimport_updates_in_place(tmp_path: Path) -> None:
    areas_import(path=write_buurten_geojson(tmp_path / "b2021.geojson"))
    ids = dict(Area.objects.values_list("code", "id"))
    rows = buurt_rows()
    rows[0]["BU_NAAM"] = "Oosthoek-Nieuw"
    rows[0]["AANT_INW"] = 1300

    summary = areas_import(path=write_buurten_geojson(tmp_path / "again2021.geojson", rows))

    assert summary.counts["buurt"].updated == 1 and summary.counts["buurt"].unchanged == 2
    assert dict(Area.objects.values_list("code", "id")) == ids
    buurt = Area.objects.get(code="BU99990101")
    assert (buurt.name, buurt.inhabitants) == ("Oosthoek-Nieuw", 1300)


def test_years_are_kept_apart(tmp_path: Path) -> None:
    areas_import(path=write_buurten_geojson(tmp_path / "b2021.geojson"))
    areas_import(path=write_buurten_geojson(tmp_path / "b2022.geojson"))

    assert Area.objects.filter(code="BU99990101").count() == 2
    assert Area.objects.filter(boundary_year=2022).count() == 4


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("buurt2017.zip", 2017),
        ("wijkenbuurten_2022_v3.gpkg", 2022),
        ("buurten.geojson", None),
        ("buurt2017_2018.zip", None),
        ("wijk_20170.zip", None),
    ],
)
def test_year_from_file_name(name: str, year: int | None) -> None:
    assert year_from_file_name(Path(name)) == year


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("GM0014", "gemeente"),
        ("SD001401", "stadsdeel"),
        ("WK001403", "wijk"),
        ("BU00140300", "buurt"),
        ("BU0014030", None),
        ("gm0014", None),
        ("XX001403", None),
    ],
)
def test_level_of_code(code: str, level: str | None) -> None:
    assert level_of_code(code) == level


def test_command_prints_a_summary(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "import_areas",
        str(write_buurten_geojson(tmp_path / "b.geojson")),
        "--year",
        "2020",
        stdout=out,
    )

    text = out.getvalue()
    assert "boundary year 2020" in text
    assert "3 created, 0 updated, 0 unchanged" in text
    assert "3 areas wait for their parent" in text
    assert Area.objects.filter(boundary_year=2020, level="buurt").count() == 3


def test_command_without_year_asks_for_it(tmp_path: Path) -> None:
    path = write_buurten_geojson(tmp_path / "buurten.geojson")

    with pytest.raises(CommandError, match="give it with --year"):
        call_command("import_areas", str(path))
    assert not Area.objects.exists()
