"""Stadsdelen from a JSON grouping: areas between the gemeente and its wijken."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import shapely

from veilig.geo.importing import AreaImportError
from veilig.geo.models import Area
from veilig.geo.services import areas_import
from veilig.geo.tests.layers import wgs84_box, write_buurten_geojson, write_wijken_gpkg_rd

pytestmark = pytest.mark.django_db


def grouping(tmp_path: Path, data: Any, name: str = "stadsdelen.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def both_stadsdelen() -> dict[str, Any]:
    return {
        "stadsdelen": [
            {"code": "SD999901", "name": "Zuidkant", "wijken": ["WK999901"]},
            {"code": "SD999902", "name": "Noordkant", "wijken": ["WK999902"]},
        ]
    }


@pytest.fixture
def wijken(tmp_path: Path) -> Path:
    path = write_wijken_gpkg_rd(tmp_path / "wijken2021.gpkg")
    areas_import(path=write_buurten_geojson(tmp_path / "buurten2021.geojson"))
    areas_import(path=path)
    return path


def parents() -> dict[str, str | None]:
    return dict(Area.objects.values_list("code", "parent__code"))


def test_grouping_puts_stadsdelen_between_gemeente_and_wijken(tmp_path: Path, wijken: Path) -> None:
    summary = areas_import(path=wijken, grouping_path=grouping(tmp_path, both_stadsdelen()))

    assert summary.counts["stadsdeel"].created == 2
    assert summary.counts["wijk"].unchanged == 2
    tree = parents()
    assert tree["SD999901"] == tree["SD999902"] == "GM9999"
    assert (tree["WK999901"], tree["WK999902"]) == ("SD999901", "SD999902")
    assert tree["BU99990101"] == "WK999901"
    zuid = Area.objects.get(code="SD999901")
    assert (zuid.name, zuid.level, zuid.boundary_year) == ("Zuidkant", "stadsdeel", 2021)
    shape = shapely.from_geojson(json.dumps(zuid.geometry))
    assert shapely.hausdorff_distance(shape, wgs84_box((230_000, 580_000, 232_000, 581_000))) < 1e-7
    assert [zuid.rd_min_x, zuid.rd_max_y] == pytest.approx([230_000, 581_000], abs=0.05)


def test_stadsdeel_parents_survive_a_reimport_without_grouping(
    tmp_path: Path, wijken: Path
) -> None:
    areas_import(path=wijken, grouping_path=grouping(tmp_path, both_stadsdelen()))
    before = parents()

    summary = areas_import(path=wijken)

    assert summary.changed == 0
    assert parents() == before


def test_a_new_grouping_replaces_the_old_one(tmp_path: Path, wijken: Path) -> None:
    areas_import(path=wijken, grouping_path=grouping(tmp_path, both_stadsdelen()))
    data = {
        "stadsdelen": [{"code": "SD999901", "name": "Alles", "wijken": ["WK999901", "WK999902"]}]
    }

    areas_import(path=wijken, grouping_path=grouping(tmp_path, data, "new.json"))

    tree = parents()
    assert (tree["WK999901"], tree["WK999902"]) == ("SD999901", "SD999901")
    assert Area.objects.get(code="SD999901").name == "Alles"
    assert not Area.objects.filter(parent__code="SD999902").exists()


def test_a_wijk_left_out_of_the_grouping_hangs_under_the_gemeente(
    tmp_path: Path, wijken: Path
) -> None:
    areas_import(path=wijken, grouping_path=grouping(tmp_path, both_stadsdelen()))
    data = {"stadsdelen": [{"code": "SD999901", "name": "Zuidkant", "wijken": ["WK999901"]}]}

    areas_import(path=wijken, grouping_path=grouping(tmp_path, data, "smaller.json"))

    assert parents()["WK999902"] == "GM9999"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"stadsdelen": [{"code": "SD999901", "name": "X", "wijken": ["WK999903"]}]},
            "names the wijk WK999903, which has not been imported for 2021",
        ),
        (
            {"stadsdelen": [{"code": "SD888801", "name": "X", "wijken": ["WK999901"]}]},
            "the wijk WK999901 lies in another gemeente than SD888801",
        ),
        (
            {"stadsdelen": [{"code": "ST999901", "name": "X", "wijken": ["WK999901"]}]},
            "the code 'ST999901' is not SD",
        ),
        (
            {"stadsdelen": [{"code": "SD999901", "name": " ", "wijken": ["WK999901"]}]},
            "it has no name",
        ),
        (
            {"stadsdelen": [{"code": "SD999901", "name": "<b>X</b>", "wijken": ["WK999901"]}]},
            "Stadsdeel 1: The name contains characters that are not allowed: “<”, “>”",
        ),
        (
            {"stadsdelen": [{"code": "SD999901", "name": "X", "wijken": []}]},
            "must be a non-empty list",
        ),
        (
            {"stadsdelen": [{"code": "SD999901", "name": "X", "wijken": ["WK1"]}]},
            "'WK1' is not a wijk code",
        ),
        (
            {
                "stadsdelen": [
                    {"code": "SD999901", "name": "X", "wijken": ["WK999901"]},
                    {"code": "SD999902", "name": "Y", "wijken": ["WK999901"]},
                ]
            },
            "the wijk WK999901 is already part of SD999901",
        ),
        (
            {
                "stadsdelen": [
                    {"code": "SD999901", "name": "X", "wijken": ["WK999901"]},
                    {"code": "SD999901", "name": "Y", "wijken": ["WK999902"]},
                ]
            },
            "the code SD999901 is used twice",
        ),
        ({"stadsdelen": [["SD999901"]]}, "it must be an object"),
        ({"districts": []}, 'must be an object with a list "stadsdelen"'),
    ],
)
def test_bad_groupings_change_nothing(
    tmp_path: Path, wijken: Path, data: Any, message: str
) -> None:
    before = list(Area.objects.order_by("code").values())

    with pytest.raises(AreaImportError, match=message):
        areas_import(path=wijken, grouping_path=grouping(tmp_path, data))

    assert list(Area.objects.order_by("code").values()) == before


def test_grouping_that_is_not_json(tmp_path: Path, wijken: Path) -> None:
    path = tmp_path / "stadsdelen.json"
    path.write_text("{stadsdelen: [", encoding="utf-8")

    with pytest.raises(AreaImportError, match="cannot be read as JSON"):
        areas_import(path=wijken, grouping_path=path)
    assert not Area.objects.filter(level="stadsdeel").exists()
