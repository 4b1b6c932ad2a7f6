"""The one bulk writer (``veilig.events.bulk``) that the import and the demo share: times as the
column takes them, rows from an iterator in several batches, Python values converted per field,
and a session that gives the indexes back — on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection

from veilig.events import bulk
from veilig.events.models import Event, EventSource

pytestmark = pytest.mark.django_db

FIELDS = (
    "source", "external_id", "theme", "category", "incident_code", "begin_at", "reported_at",
    "rd_x", "rd_y", "lat", "lon", "buurt_code", "wijk_code", "person_key", "address_key",
    "attributes", "content_hash",
)  # fmt: skip


def _row(
    source: EventSource, external_id: str, at: object, attributes: object = "{}"
) -> tuple[object, ...]:
    return (source.pk, external_id, "geweld", "", "", at, at, 150_000.0, 570_000.0, 53.2, 6.5,
            "", "", "", "", attributes, "")  # fmt: skip


def _source() -> EventSource:
    return EventSource.objects.create(code="bulk", name="bulk", format="generic")


def test_time_texts_are_what_the_column_stores_and_missing_is_null() -> None:
    writer = bulk.bulk_writer(Event, FIELDS)
    seconds = np.asarray([0, 1_709_649_000, -1], dtype=np.int64)
    suffix = "+00:00" if connection.vendor == "postgresql" else ""
    assert writer.time_texts(seconds, missing=-1) == [
        f"1970-01-01 00:00:00{suffix}",
        f"2024-03-05 14:30:00{suffix}",
        None,
    ]


def test_rows_from_an_iterator_go_in_over_several_batches(monkeypatch) -> None:
    monkeypatch.setattr(bulk, "EXECUTEMANY_BATCH", 3)
    source = _source()
    writer = bulk.bulk_writer(Event, FIELDS)
    times = writer.time_texts(np.asarray([1_709_649_000] * 7, dtype=np.int64))
    writer.insert(_row(source, f"E{i}", at) for i, at in enumerate(times))
    stored = Event.objects.order_by("external_id")
    assert [e.external_id for e in stored] == [f"E{i}" for i in range(7)]
    assert stored[0].begin_at == dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.UTC)


def test_python_values_are_converted_per_field() -> None:
    source = _source()
    at = dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    writer = bulk.bulk_writer(Event, FIELDS)
    writer.values_insert([_row(source, "P1", at, attributes={"Poging": "J"})])
    stored = Event.objects.get(external_id="P1")
    assert (stored.reported_at, stored.attributes) == (at, {"Poging": "J"})


def test_a_session_that_rebuilds_gives_the_indexes_back(monkeypatch) -> None:
    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 2)
    monkeypatch.setattr(bulk, "ROWS_PER_INSERT", 2)  # SQLite: full and partial statements
    with connection.cursor() as cursor:
        before = connection.introspection.get_constraints(cursor, Event._meta.db_table)
    source = _source()
    writer = bulk.bulk_writer(Event, FIELDS)
    times = writer.time_texts(np.asarray([1_709_649_000] * 5, dtype=np.int64))
    with writer.session(new_rows=5):
        writer.insert(_row(source, f"S{i}", t) for i, t in enumerate(times))
    with connection.cursor() as cursor:
        after = connection.introspection.get_constraints(cursor, Event._meta.db_table)
    assert set(after) == set(before)
    assert Event.objects.count() == 5
