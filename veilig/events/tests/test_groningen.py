"""The real police BVH export of Groningen (15,947 bicycle thefts) imports unchanged, with one
command; a second import changes nothing. Takes some seconds: one test does both imports."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from veilig.events.models import Event, ImportRun, ImportStatus
from veilig.geo.services import areas_import

from .conftest import shared_data_dir

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]

ROWS = 15_947


@pytest.fixture
def groningen() -> Path:
    folder = shared_data_dir() / "groningen"
    export = folder / "Diefstal fiets Groningen stad vanaf 2013.xlsx"
    if not export.is_file() or not (folder / "buurt2017.zip").is_file():
        pytest.skip(f"real Groningen data absent: {folder} lacks the BVH export or buurt2017.zip")
    areas_import(path=folder / "buurt2017.zip")
    areas_import(path=folder / "wijk2017.zip")
    return export


def test_the_groningen_export_imports_unchanged_and_reimports_as_unchanged(
    groningen: Path, tmp_path: Path
) -> None:
    out = StringIO()
    call_command(
        "import_events",
        str(groningen),
        "--source",
        "politie-groningen",
        "--format",
        "bvh",
        "--create-source",
        "Politie Groningen (BVH)",
        "--report",
        str(tmp_path),
        "--no-progress",
        stdout=out,
    )
    first = ImportRun.objects.get()
    assert first.status == ImportStatus.DONE
    # Every row is imported or listed with its reason.
    assert first.rows_total == ROWS
    assert first.created + first.rejected == ROWS
    assert len(first.rejections) == first.rejected
    assert first.rejected == 0
    assert Event.objects.count() == ROWS
    # Area codes come from X/Y by point-in-polygon (a few points lie outside every buurt).
    assert first.outside_area == Event.objects.filter(buurt_code="").count() < 50
    event = Event.objects.get(external_id="PL0100_BVH_3606792")
    assert (event.theme, event.incident_code, event.category) == (
        "fietsdiefstal",
        "A72",
        "Diefstal Fiets",
    )
    assert (event.rd_x, event.rd_y) == (234234.0, 583983.0)
    assert (event.buurt_code, event.wijk_code) == ("BU00140301", "WK001403")
    assert event.begin_at.isoformat() == "2017-09-20T15:30:00+00:00"  # 17:30 summer time
    assert event.end_at is not None and event.end_at.isoformat() == "2017-09-21T04:00:00+00:00"
    assert event.reported_at is not None
    assert event.reported_at.isoformat() == "2017-09-21T05:40:00+00:00"
    assert event.attributes["Pleegwijk"] == "Wijk 03 Korrewegwijk"
    assert event.attributes["Pleegbuurt"] == "West-Indischebuurt"
    assert event.attributes["Pleegpostcode (PC4)"] == "9715"
    assert "Pleeghuisnummer met toev." not in event.attributes
    assert event.address_key and "9715PZ" not in str(event.attributes)
    assert "15947" in out.getvalue().replace(",", "").replace(".", "")

    call_command(
        "import_events",
        str(groningen),
        "--source",
        "politie-groningen",
        "--report",
        str(tmp_path),
        "--no-progress",
        stdout=StringIO(),
    )
    second = ImportRun.objects.order_by("-pk").first()
    assert second is not None
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, ROWS, 0)
    assert Event.objects.count() == ROWS
    assert set(Event.objects.values_list("import_run_id", flat=True)) == {first.pk}

    report = next(tmp_path.glob(f"*.import-{second.pk}.report.csv"))
    lines = list(csv.reader(StringIO(report.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [str(second.pk)] == lines[0][1:]
    assert [str(ROWS)] in [line[1:] for line in lines]
