"""The bulk paths of an import give what the row-by-row paths gave: the same events, the same
rejections, idempotent re-imports, the table's indexes back after a large first import (or
after its failure), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from veilig.events import bulk as bulk_writers
from veilig.events.importing import columnar, pipeline, writers
from veilig.events.importing.errors import ImportFileError
from veilig.events.models import Event, EventSource, ImportRun, ImportStatus
from veilig.events.services import event_source_create, import_run_create, import_run_execute

from .conftest import (
    GENERIC_HEADER,
    GENERIC_MAPPING,
    IN_BUURT,
    IN_WIJK_ONLY,
    generic_row,
    write_csv,
)

pytestmark = pytest.mark.django_db

STORED = [
    "external_id",
    "theme",
    "category",
    "incident_code",
    "begin_at",
    "end_at",
    "reported_at",
    "rd_x",
    "rd_y",
    "lat",
    "lon",
    "buurt_code",
    "wijk_code",
    "person_key",
    "address_key",
    "attributes",
    "content_hash",
]


def _source(code: str) -> EventSource:
    return event_source_create(code=code, name=code, format="generic", mapping=GENERIC_MAPPING)


def _import(source: EventSource, path: Path) -> ImportRun:
    run = import_run_create(source=source, file_name=path.name)
    import_run_execute(run=run, path=path)
    run.refresh_from_db()
    return run


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Event._meta.db_table)
    return {name for name, info in found.items() if info["index"]}


def _messy_file(path: Path, rows: int, seed: int = 5) -> Path:
    rng = random.Random(seed)
    lines: list[list[Any]] = [GENERIC_HEADER]
    for i in range(rows):
        changes: dict[str, Any] = {}
        roll = rng.random()
        if roll < 0.05:
            changes["begin"] = rng.choice(["", "morgen", "31-2-2024", "2024-03-31 02:30"])
        elif roll < 0.1:
            changes["end"] = rng.choice(["2024-03-05", "2024-03-01 10:00", "5-3-2024 17:00"])
        elif roll < 0.15:
            changes["x"] = rng.choice(["", "abc", "155500,5", 0])
        elif roll < 0.2:
            changes["adres"] = rng.choice(["9715 PZ 140", "9715pz 140-a", "", "Markt 1"])
        point = IN_WIJK_ONLY if rng.random() < 0.3 else IN_BUURT
        external_id = f"E{rng.randrange(rows)}" if rng.random() < 0.05 else f"E{i}"
        lines.append(generic_row(external_id, point=point, **changes))
    return write_csv(path, lines)


def test_bulk_and_row_by_row_imports_store_the_same(areas, tmp_path, monkeypatch) -> None:
    path = _messy_file(tmp_path / "messy.csv", 400)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 64)
    bulk = _import(_source("bulk"), path)
    monkeypatch.setattr(columnar.ChunkReader, "_generic", lambda *args: None)
    row_by_row = _import(_source("rows"), path)
    counts = ("rows_total", "created", "updated", "unchanged", "rejected", "outside_area")
    assert [getattr(bulk, c) for c in counts] == [getattr(row_by_row, c) for c in counts]
    assert bulk.rejections == row_by_row.rejections and bulk.rejected > 20

    def stored(run: ImportRun) -> list[tuple[Any, ...]]:
        events = Event.objects.filter(import_run=run).order_by("id")
        return list(events.values_list(*STORED))

    assert stored(bulk) == stored(row_by_row)
    assert len(stored(bulk)) == bulk.created > 300


def test_a_large_first_import_rebuilds_the_indexes_and_reimports_unchanged(
    areas, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(bulk_writers, "REBUILD_MIN_ROWS", 10)
    monkeypatch.setattr(bulk_writers, "ROWS_PER_INSERT", 3)  # SQLite: full and partial statements
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 7)
    rebuilt: list[list[str]] = []
    writer_class = type(writers.writer_for(connection).rows)  # the bulk writer of this database
    original = writer_class._drop_indexes

    def spy(self: Any) -> list[str]:
        rebuilt.append(original(self))
        return rebuilt[-1]

    monkeypatch.setattr(writer_class, "_drop_indexes", spy)
    before = _indexes()
    path = write_csv(
        tmp_path / "a.csv", [GENERIC_HEADER, *(generic_row(f"A{i}") for i in range(30))]
    )
    source = _source("boa")
    first = _import(source, path)
    assert (first.created, first.unchanged) == (30, 0)
    assert len(rebuilt) == 1 and len(rebuilt[0]) >= 5  # dropped, then built again:
    assert _indexes() == before
    again = _import(source, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert Event.objects.count() == 30


def test_a_failure_in_a_large_first_import_leaves_the_indexes_and_no_events(
    areas, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(bulk_writers, "REBUILD_MIN_ROWS", 10)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 10)
    before = _indexes()
    writer_class = type(writers.writer_for(connection))
    calls = {"n": 0}
    original = writer_class.insert

    def flaky(self: writers.Writer, rows: list[writers.Row]) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        original(self, rows)

    monkeypatch.setattr(writer_class, "insert", flaky)
    run = import_run_create(source=_source("boa"), file_name="big.csv")
    rows = [GENERIC_HEADER, *(generic_row(f"A{i}") for i in range(30))]
    with pytest.raises(RuntimeError):
        import_run_execute(run=run, path=write_csv(tmp_path / "big.csv", rows))
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert not Event.objects.exists()
    assert _indexes() == before


def test_a_file_error_in_a_large_first_import_keeps_the_indexes(
    areas, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(bulk_writers, "REBUILD_MIN_ROWS", 10)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 10)
    before = _indexes()
    original = columnar.ChunkReader.read
    calls = {"n": 0}

    def broken(self: columnar.ChunkReader, first_row: int, rows: list[list[Any]]) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ImportFileError("The CSV file is malformed near line %(line)s.", line=12)
        return original(self, first_row, rows)

    monkeypatch.setattr(columnar.ChunkReader, "read", broken)
    rows = [GENERIC_HEADER, *(generic_row(f"A{i}") for i in range(30))]
    run = import_run_create(source=_source("boa"), file_name="bad.csv")
    with pytest.raises(ImportFileError):
        import_run_execute(run=run, path=write_csv(tmp_path / "bad.csv", rows))
    assert not Event.objects.exists()
    assert _indexes() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's table lock")
def test_postgres_keeps_the_indexes_when_readers_hold_the_table(
    areas, tmp_path, monkeypatch
) -> None:
    import psycopg

    monkeypatch.setattr(bulk_writers, "REBUILD_MIN_ROWS", 10)
    monkeypatch.setattr(bulk_writers, "LOCK_WAIT", "100ms")
    dropped: list[list[str]] = []
    original = bulk_writers.PostgresBulkWriter._drop_indexes

    def spy(self: bulk_writers.PostgresBulkWriter) -> list[str]:
        dropped.append(original(self))
        return dropped[-1]

    monkeypatch.setattr(bulk_writers.PostgresBulkWriter, "_drop_indexes", spy)
    settings = connection.settings_dict
    reader = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
    )
    try:
        reader.execute(f"LOCK TABLE {Event._meta.db_table} IN ACCESS SHARE MODE")
        rows = [GENERIC_HEADER, *(generic_row(f"A{i}") for i in range(30))]
        run = _import(_source("boa"), write_csv(tmp_path / "a.csv", rows))
    finally:
        reader.close()
    assert run.created == 30
    assert dropped == [[]]  # tried, but the lock was not free: the indexes stayed
