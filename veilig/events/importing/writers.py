"""Batched SQL for the events table, one implementation per database.

Django's ``bulk_create`` builds a model instance per row and one large statement per batch;
at a million rows that costs more than everything else together. The pipeline already has
plain tuples, so it writes them directly: ``executemany`` on SQLite (one prepared statement)
and ``COPY ... FROM STDIN`` on PostgreSQL. Updates of changed rows go by primary key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from veilig.events.models import Event

# The columns written for each event, in this order (the id is added for updates).
COLUMNS = (
    "source_id",
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
    "import_run_id",
)

Row = tuple[Any, ...]


class Writer:
    """SQLite (and the generic fallback): ``executemany`` of prepared statements."""

    lookup_chunk = 5_000

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.table = connection.ops.quote_name(Event._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
        marks = ", ".join(["%s"] * len(COLUMNS))
        self.insert_sql = f"INSERT INTO {self.table} ({names}) VALUES ({marks})"  # noqa: S608
        sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in COLUMNS[1:])
        self.update_sql = f"UPDATE {self.table} SET {sets} WHERE id = %s"  # noqa: S608

    @contextmanager
    def session(self) -> Iterator[None]:
        """SQLite: a 256 MB page cache while importing (the events table has nine indexes; with
        the default 2 MB cache, inserts into large indexes wait for page reads)."""
        if self.connection.vendor != "sqlite":
            yield
            return
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            previous = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")

    def moment(self, value: dt.datetime | None) -> str | None:
        """A naive UTC datetime as the column's text (what Django stores on SQLite)."""
        return None if value is None else value.isoformat(" ")

    def existing(self, source_id: int, external_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """external id -> (event id, content hash) for the ids that are already stored."""
        found: dict[str, tuple[int, str]] = {}
        with self.connection.cursor() as cursor:
            for start in range(0, len(external_ids), self.lookup_chunk):
                chunk = list(external_ids[start : start + self.lookup_chunk])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT external_id, id, content_hash FROM {self.table} "  # noqa: S608
                    f"WHERE source_id = %s AND external_id IN ({marks})",
                    [source_id, *chunk],
                )
                for external_id, pk, digest in cursor.fetchall():
                    found[external_id] = (pk, digest)
        return found

    def insert(self, rows: list[Row]) -> None:
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.insert_sql, rows)

    def update(self, rows: list[Row]) -> None:
        """Rows are (*COLUMNS[1:], id)."""
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.update_sql, rows)


class PostgresWriter(Writer):
    """PostgreSQL: COPY for new rows, ``= ANY(array)`` lookups, executemany for updates."""

    def moment(self, value: dt.datetime | None) -> str | None:
        """Text with an explicit UTC offset: COPY parses it into timestamptz."""
        return None if value is None else f"{value.isoformat(' ')}+00:00"

    def existing(self, source_id: int, external_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT external_id, id, content_hash FROM {self.table} "  # noqa: S608
                "WHERE source_id = %s AND external_id = ANY(%s)",
                [source_id, list(external_ids)],
            )
            return {external_id: (pk, digest) for external_id, pk, digest in cursor.fetchall()}

    def insert(self, rows: list[Row]) -> None:
        if not rows:
            return
        names = ", ".join(self.connection.ops.quote_name(c) for c in COLUMNS)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {self.table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def writer_for(connection: BaseDatabaseWrapper) -> Writer:
    return PostgresWriter(connection) if connection.vendor == "postgresql" else Writer(connection)
