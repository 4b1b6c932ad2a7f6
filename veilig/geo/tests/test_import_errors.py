"""Bad input for the area import: a clear error listing the problems, and nothing changed."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from veilig.geo import services
from veilig.geo.importing import AreaImportError
from veilig.geo.models import Area
from veilig.geo.services import areas_import
from veilig.geo.tests.layers import (
    BUURT_BOXES,
    buurt_rows,
    wgs84_box,
    write_buurten_geojson,
    write_layer,
)

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Area.objects.order_by("code", "boundary_year").values_list(
            "id",
            "code",
            "boundary_year",
            "name",
            "level",
            "parent_id",
            "inhabitants",
            "households",
            "geometry",
            "rd_min_x",
            "rd_min_y",
            "rd_max_x",
            "rd_max_y",
        )
    )


@pytest.fixture
def before(tmp_path: Path) -> list[tuple[Any, ...]]:
    """An existing import of 2021, so that "nothing changed" is a real check."""
    areas_import(path=write_buurten_geojson(tmp_path / "existing2021.geojson"))
    state = snapshot()
    assert len(state) == 4
    return state


def buurt_file(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    geometries = [wgs84_box(BUURT_BOXES["BU99990101"]) for _row in rows]
    return write_layer(tmp_path / "bad2021.geojson", rows, geometries, driver="GeoJSON")


def import_fails(path: Path, match: str, **options: Any) -> AreaImportError:
    with pytest.raises(AreaImportError, match=match) as info:
        areas_import(path=path, **options)
    return info.value


def test_missing_name_field(tmp_path: Path, before: list[Any]) -> None:
    rows = [{k: v for k, v in row.items() if k != "BU_NAAM"} for row in buurt_rows()]

    import_fails(buurt_file(tmp_path, rows), r"lacks the field\(s\) BU_NAAM")

    assert snapshot() == before


def test_missing_gemeente_fields(tmp_path: Path, before: list[Any]) -> None:
    rows = [{k: v for k, v in row.items() if not k.startswith("GM")} for row in buurt_rows()]

    import_fails(buurt_file(tmp_path, rows), r"lacks the field\(s\) GM_CODE, GM_NAAM")

    assert snapshot() == before


def test_no_code_field_at_all(tmp_path: Path, before: list[Any]) -> None:
    rows = [{"naam": "iets", "nummer": 1}]

    import_fails(buurt_file(tmp_path, rows), "none of the code fields BU_CODE, WK_CODE or GM_CODE")

    assert snapshot() == before


def test_one_bad_row_rejects_the_whole_file_and_names_every_problem(
    tmp_path: Path, before: list[Any]
) -> None:
    rows = buurt_rows()
    rows[0]["BU_NAAM"] = "Changed"  # a good row: must not be written either
    rows[1]["BU_CODE"] = "BU9999X102"
    rows[2]["BU_CODE"] = "BU88880201"  # belongs to another gemeente than GM9999

    error = import_fails(buurt_file(tmp_path, rows), "nothing has been changed")

    assert len(error.problems) == 2
    assert "row 2: 'BU9999X102' is not a valid code" in error.problems[0]
    assert "row 3: BU88880201 does not belong to the gemeente code 'GM9999'" in error.problems[1]
    assert snapshot() == before


def test_wijk_code_that_does_not_match_the_buurt(tmp_path: Path, before: list[Any]) -> None:
    rows = buurt_rows()
    rows[0]["WK_CODE"] = "WK999902"

    import_fails(buurt_file(tmp_path, rows), "does not belong to the wijk code 'WK999902'")

    assert snapshot() == before


def test_duplicate_codes(tmp_path: Path, before: list[Any]) -> None:
    rows = buurt_rows()
    rows[1]["BU_CODE"] = rows[0]["BU_CODE"]

    import_fails(buurt_file(tmp_path, rows), "BU99990101 occurs more than once")

    assert snapshot() == before


def test_empty_name_and_non_numeric_count(tmp_path: Path, before: list[Any]) -> None:
    rows = buurt_rows()
    rows[0]["BU_NAAM"] = "  "
    rows[1]["AANT_INW"] = "veel"

    error = import_fails(buurt_file(tmp_path, rows), "has no name")

    assert any("AANT_INW is not a whole number: 'veel'" in p for p in error.problems)
    assert snapshot() == before


def test_names_with_markup_or_control_characters(tmp_path: Path, before: list[Any]) -> None:
    rows = buurt_rows()
    rows[0]["BU_NAAM"] = "<img src=x onerror=window.__x=1>"
    rows[1]["BU_NAAM"] = "West\x07hoek"
    rows[2]["GM_NAAM"] = "Proef\u202estad"  # a right-to-left override

    error = import_fails(buurt_file(tmp_path, rows), "characters that are not allowed")

    assert len(error.problems) == 3
    assert "row 1: BU99990101: The name contains" in error.problems[0]
    assert "“<”, “=”, “_”, “>”" in error.problems[0]
    assert "row 2: BU99990102: The name contains" in error.problems[1]
    assert "U+0007" in error.problems[1]
    assert "row 3: BU99990201, GM9999: The name contains" in error.problems[2]
    assert "U+202E" in error.problems[2]
    assert snapshot() == before


def test_broken_geopackage(tmp_path: Path, before: list[Any]) -> None:
    path = tmp_path / "broken2021.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 100)

    import_fails(path, "cannot be read as a Shapefile")

    assert snapshot() == before


def test_zip_without_a_shapefile(tmp_path: Path, before: list[Any]) -> None:
    path = tmp_path / "buurt2021.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no shapes here")

    import_fails(path, "buurt2021.zip")

    assert snapshot() == before


def test_missing_file(tmp_path: Path) -> None:
    import_fails(tmp_path / "nothing2021.zip", "does not exist")


def test_year_out_of_range(tmp_path: Path, before: list[Any]) -> None:
    import_fails(
        write_buurten_geojson(tmp_path / "b.geojson"), "not between 1900 and 2100", boundary_year=21
    )

    assert snapshot() == before


def test_a_failure_while_writing_rolls_everything_back(
    tmp_path: Path, before: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = buurt_rows()
    rows[0]["BU_NAAM"] = "Changed"

    def broken_relink(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_relink", broken_relink)
    with pytest.raises(RuntimeError):
        areas_import(path=write_buurten_geojson(tmp_path / "again2021.geojson", rows))

    assert snapshot() == before


def test_command_turns_problems_into_a_command_error(tmp_path: Path, before: list[Any]) -> None:
    rows = buurt_rows()
    rows[2]["BU_CODE"] = "BUURT"

    with pytest.raises(CommandError) as info:
        call_command("import_areas", str(buurt_file(tmp_path, rows)))

    message = str(info.value)
    assert message.startswith("The areas were not imported; nothing has been changed.")
    assert "row 3: 'BUURT' is not a valid code for this layer" in message
    assert snapshot() == before


def test_long_problem_lists_are_cut_short() -> None:
    error = AreaImportError([f"problem {n}" for n in range(25)])

    lines = error.message().splitlines()
    assert len(lines) == 22
    assert lines[-1] == "... and 5 more problems."
