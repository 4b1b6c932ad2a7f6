"""Fixtures for the event import tests: a private VAR_DIR, small hand-made areas and files."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.conf import settings

from veilig.geo.index import area_index_invalidate
from veilig.geo.models import Area
from veilig.geo.rd import rd_to_wgs84

# A buurt of 1 × 1 km inside a wijk of 3 × 3 km (RD New), in an invented gemeente.
BUURT_BOX = (155_000.0, 463_000.0, 156_000.0, 464_000.0)
WIJK_BOX = (154_000.0, 462_000.0, 157_000.0, 465_000.0)
IN_BUURT = (155_500.0, 463_500.0)
IN_WIJK_ONLY = (154_500.0, 462_500.0)
OUTSIDE = (120_000.0, 480_000.0)  # in the Netherlands, outside every area


def shared_data_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data"


def _square(box: tuple[float, float, float, float]) -> dict[str, Any]:
    x0, y0, x1, y1 = box
    lon, lat = rd_to_wgs84(np.array([x0, x1, x1, x0, x0]), np.array([y0, y0, y1, y1, y0]))
    return {"type": "Polygon", "coordinates": [[[a, b] for a, b in zip(lon, lat, strict=True)]]}


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    folder.mkdir()
    settings.VAR_DIR = folder
    return folder


@pytest.fixture(autouse=True)
def _fresh_area_index() -> Iterator[None]:
    area_index_invalidate()
    yield
    area_index_invalidate()


@pytest.fixture
def areas(db: None) -> None:
    gemeente = Area.objects.create(
        code="GM0999", name="Testgemeente", level="gemeente", boundary_year=2024
    )
    wijk = Area.objects.create(
        code="WK099900",
        name="Testwijk",
        level="wijk",
        parent=gemeente,
        boundary_year=2024,
        geometry=_square(WIJK_BOX),
    )
    Area.objects.create(
        code="BU09990001",
        name="Testbuurt",
        level="buurt",
        parent=wijk,
        boundary_year=2024,
        geometry=_square(BUURT_BOX),
    )
    area_index_invalidate()


def write_csv(path: Path, rows: list[list[Any]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "Blad1") -> Path:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


GENERIC_HEADER = ["id", "x", "y", "begin", "end", "reported", "soort", "persoon", "adres", "team"]
GENERIC_MAPPING: dict[str, Any] = {
    "external_id": "id",
    "crs": "rd",
    "x": "x",
    "y": "y",
    "begin": "begin",
    "end": "end",
    "reported": "reported",
    "theme_column": "soort",
    "person": "persoon",
    "address": "adres",
    "attributes": ["team"],
}


def generic_row(
    external_id: Any, point: tuple[float, float] = IN_BUURT, **changes: Any
) -> list[Any]:
    values = {
        "id": external_id,
        "x": point[0],
        "y": point[1],
        "begin": "2024-03-05 14:30",
        "end": "2024-03-05 16:00",
        "reported": "6-3-2024 09:15",
        "soort": "Woninginbraak",
        "persoon": "Jan de Vries",
        "adres": "1234 AB 5",
        "team": "Noord",
    }
    values.update(changes)
    return [values[h] for h in GENERIC_HEADER]
