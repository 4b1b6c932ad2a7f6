"""Imports into the database: counts, idempotency, areas, pseudonyms, failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from veilig.events.importing import pipeline, writers
from veilig.events.importing import reasons as R
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.pseudonyms import address_key, person_key
from veilig.events.models import Event, EventSource, ImportRun, ImportStatus
from veilig.events.services import event_source_create, import_run_create, import_run_execute
from veilig.registry.crypto import pseudonym_for
from veilig.registry.keys import address_key_of_parts

from .conftest import (
    GENERIC_HEADER,
    GENERIC_MAPPING,
    IN_BUURT,
    IN_WIJK_ONLY,
    OUTSIDE,
    generic_row,
    write_csv,
    write_xlsx,
)
from .test_parsing import POLICE_HEADER, _uk_row

pytestmark = pytest.mark.django_db


def _source(code: str = "boa", fmt: str = "generic", mapping=None) -> EventSource:
    return event_source_create(
        code=code,
        name=code.upper(),
        format=fmt,
        mapping=GENERIC_MAPPING if mapping is None else mapping,
    )


def _import(source: EventSource, path: Path, **kwargs) -> ImportRun:
    run = import_run_create(source=source, file_name=path.name)
    import_run_execute(run=run, path=path, **kwargs)
    run.refresh_from_db()
    return run


def _counts(run: ImportRun) -> tuple[int, int, int, int, int]:
    return (run.rows_total, run.created, run.updated, run.unchanged, run.rejected)


def test_generic_csv_with_every_kind_of_row(areas, tmp_path) -> None:
    rows = [
        GENERIC_HEADER,
        generic_row("A1"),
        generic_row("A2", point=IN_WIJK_ONLY),
        generic_row("A3", point=OUTSIDE, persoon="", adres=""),
        generic_row("", begin="morgen"),
        generic_row("A1"),  # the same id again
        [],  # a blank line is not a record
        generic_row("A5", end="2024-03-05 10:00"),
    ]
    run = _import(_source(), write_csv(tmp_path / "boa.csv", rows, delimiter=";"))
    assert run.status == ImportStatus.DONE
    assert _counts(run) == (6, 3, 0, 0, 3)
    assert run.outside_area == 2
    assert run.rejections == [
        {
            "row": 5,
            "external_id": "",
            "reasons": [R.MISSING_ID, R.UNPARSEABLE_DATE],
            "columns": ["id", "begin"],
        },
        {"row": 6, "external_id": "A1", "reasons": [R.DUPLICATE_ID], "columns": [""]},
        {"row": 8, "external_id": "A5", "reasons": [R.BEGIN_AFTER_END], "columns": ["end"]},
    ]
    events = {e.external_id: e for e in Event.objects.all()}
    assert (events["A1"].buurt_code, events["A1"].wijk_code) == ("BU09990001", "WK099900")
    assert (events["A2"].buurt_code, events["A2"].wijk_code) == ("", "WK099900")
    assert (events["A3"].buurt_code, events["A3"].wijk_code) == ("", "")
    a1 = events["A1"]
    assert a1.theme == "woninginbraak"
    assert (a1.rd_x, a1.rd_y) == IN_BUURT
    assert 52.0 < a1.lat < 52.2 and 5.3 < a1.lon < 5.5
    assert a1.begin_at.isoformat() == "2024-03-05T13:30:00+00:00"
    assert a1.attributes == {"team": "Noord"}
    assert a1.import_run_id == run.pk


def test_persons_and_addresses_are_stored_only_as_keyed_pseudonyms(areas, tmp_path) -> None:
    _import(_source(), write_csv(tmp_path / "p.csv", [GENERIC_HEADER, generic_row("A1")]))
    event = Event.objects.get()
    assert (
        event.person_key
        == pseudonym_for("event-person:jan de vries")
        == person_key("JAN  de Vries")
    )
    # A postcode address gets the signals' key of that address (see test_keys.py).
    assert event.address_key == address_key_of_parts("1234AB", 5) == address_key("1234ab 5")
    stored = " ".join(str(v) for v in Event.objects.values_list().get())
    assert "Vries" not in stored and "1234 AB" not in stored


def test_reimport_changes_nothing_and_a_changed_row_is_updated(areas, tmp_path) -> None:
    source = _source()
    rows = [GENERIC_HEADER, *(generic_row(f"A{i}") for i in range(25))]
    path = write_csv(tmp_path / "one.csv", rows)
    first = _import(source, path)
    assert _counts(first) == (25, 25, 0, 0, 0)
    again = _import(source, path)
    assert _counts(again) == (25, 0, 0, 25, 0)
    assert set(Event.objects.values_list("import_run_id", flat=True)) == {first.pk}

    rows[3] = generic_row("A2", soort="Vernieling")
    rows.append(generic_row("NEW"))
    changed = _import(source, write_csv(tmp_path / "two.csv", rows))
    assert _counts(changed) == (26, 1, 1, 24, 0)
    assert Event.objects.get(external_id="A2").theme == "vernieling"
    assert Event.objects.get(external_id="A2").import_run_id == changed.pk
    assert Event.objects.count() == 26


def test_the_same_id_in_another_source_is_another_event(areas, tmp_path) -> None:
    path = write_csv(tmp_path / "x.csv", [GENERIC_HEADER, generic_row("A1")])
    _import(_source("boa"), path)
    _import(_source("wijkteam"), path)
    assert Event.objects.count() == 2


def test_generic_xlsx_with_typed_cells(areas, tmp_path) -> None:
    import datetime as dt

    rows = [
        GENERIC_HEADER,
        generic_row("7", begin=dt.datetime(2024, 3, 5, 14, 30), end=dt.datetime(2024, 3, 5, 16, 0)),
        generic_row(8.0, x=None, y=None),
    ]
    run = _import(_source(), write_xlsx(tmp_path / "boa.xlsx", rows))
    assert _counts(run) == (2, 1, 0, 0, 1)
    assert run.rejections[0]["external_id"] == "8"
    assert run.rejections[0]["reasons"] == [R.MISSING_COORDINATES]
    assert Event.objects.get().begin_at.isoformat() == "2024-03-05T13:30:00+00:00"


def test_police_uk_file(areas, tmp_path) -> None:
    rows = [POLICE_HEADER, _uk_row("abc"), _uk_row(), _uk_row(), _uk_row("d", Longitude="")]
    source = _source("uk", fmt="police_uk", mapping={})
    path = write_csv(tmp_path / "2024-01-avon-street.csv", rows)
    run = _import(source, path)
    assert _counts(run) == (4, 3, 0, 0, 1)
    assert run.outside_area == 3
    event = Event.objects.get(external_id="abc")
    assert event.begin_at.isoformat() == "2024-01-01T00:00:00+00:00"
    assert event.end_at is not None and event.end_at.isoformat() == "2024-01-31T23:59:59+00:00"
    assert round(event.lat, 2) == 51.45 and event.lon == -2.5
    assert _counts(_import(source, path)) == (4, 0, 0, 3, 1)


def test_a_file_error_fails_the_run_and_imports_nothing(areas, tmp_path) -> None:
    source = _source(mapping={**GENERIC_MAPPING, "x": "oost"})
    run = import_run_create(source=source, file_name="bad.csv")
    with pytest.raises(ImportFileError):
        import_run_execute(
            run=run, path=write_csv(tmp_path / "bad.csv", [GENERIC_HEADER, generic_row("A1")])
        )
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "oost" in run.message
    assert not Event.objects.exists()


def test_a_failure_half_way_leaves_nothing_of_the_file(areas, tmp_path, monkeypatch) -> None:
    source = _source()
    rows = [GENERIC_HEADER, *(generic_row(f"A{i}") for i in range(30))]
    calls = {"n": 0}
    # The writer of this database (PostgreSQL has its own, with COPY).
    writer_class = type(writers.writer_for(connection))
    original = writer_class.insert

    def flaky(self, batch):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        original(self, batch)

    monkeypatch.setattr(writer_class, "insert", flaky)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 10)
    run = import_run_create(source=source, file_name="big.csv")
    with pytest.raises(RuntimeError):
        import_run_execute(run=run, path=write_csv(tmp_path / "big.csv", rows))
    assert calls["n"] == 3
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "disk full" in run.message
    assert not Event.objects.exists()
