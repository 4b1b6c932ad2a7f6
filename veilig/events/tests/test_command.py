"""``manage.py import_events``: sources, mappings, the summary and the report file."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veilig.events.models import Event, EventSource, ImportRun, ImportStatus

from .conftest import GENERIC_HEADER, GENERIC_MAPPING, generic_row, write_csv

pytestmark = pytest.mark.django_db


def test_creates_the_source_imports_and_writes_the_report(areas, tmp_path) -> None:
    path = write_csv(
        tmp_path / "boa.csv", [GENERIC_HEADER, generic_row("A1"), generic_row("A2", begin="")]
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(GENERIC_MAPPING), encoding="utf-8")
    report = tmp_path / "report.csv"
    out = StringIO()
    call_command(
        "import_events",
        str(path),
        "--source",
        "boa",
        "--format",
        "generic",
        "--create-source",
        "BOA-registratie",
        "--mapping",
        str(mapping),
        "--report",
        str(report),
        "--no-progress",
        stdout=out,
    )
    source = EventSource.objects.get(code="boa")
    assert (source.name, source.format, source.mapping) == (
        "BOA-registratie",
        "generic",
        GENERIC_MAPPING,
    )
    assert Event.objects.count() == 1
    text = out.getvalue()
    assert str(report) in text
    lines = list(csv.reader(StringIO(report.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert lines[-1][:2] == ["3", "A2"]
    assert lines[-1][3] == "begin"
    assert len([line for line in lines if line[:1] == ["3"]]) == 1


def test_an_unknown_source_without_create_is_an_error(tmp_path) -> None:
    path = write_csv(tmp_path / "a.csv", [GENERIC_HEADER])
    with pytest.raises(CommandError, match="--create-source"):
        call_command("import_events", str(path), "--source", "nope", "--no-progress")


def test_a_failed_import_is_reported_and_recorded(areas, tmp_path) -> None:
    path = write_csv(tmp_path / "a.csv", [["iets", "anders"], ["1", "2"]])
    with pytest.raises(CommandError, match="BVH"):
        call_command(
            "import_events",
            str(path),
            "--source",
            "bvh",
            "--format",
            "bvh",
            "--create-source",
            "Politie",
            "--report",
            str(tmp_path),
            "--no-progress",
            stdout=StringIO(),
        )
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED and "BVH" in run.message
    assert list(tmp_path.glob("a.import-*.report.csv"))
