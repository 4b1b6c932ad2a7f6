"""Batched SQL for the events table, one implementation per database.

New rows go through the one bulk writer (``veilig.events.bulk``: ``executemany`` on SQLite,
500 rows per statement while the indexes are dropped, ``COPY ... FROM STDIN`` on PostgreSQL);
a large first import drops the table's non-unique indexes and builds them again at its end
(``Writer.session``). This module adds what only an import needs: the lookup of the rows a
source already holds and the updates of changed rows by primary key.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from veilig.events.bulk import bulk_writer
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
# How PostgreSQL's COPY receives each column (the client side's dumpers; see bulk).
COPY_TYPES = [
    "float8"
    if c in ("rd_x", "rd_y", "lat", "lon")
    else "int8"
    if c in ("source_id", "import_run_id")
    else "text"
    for c in COLUMNS
]
LOOKUP_CHUNK = 5_000  # SQLite: external ids per lookup query


class Writer:
    """The events table: new rows through the one bulk writer (``veilig.events.bulk``), the
    lookup of stored rows and the updates of changed ones. SQLite and the generic fallback."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.rows = bulk_writer(Event, COLUMNS, connection=connection, copy_types=COPY_TYPES)
        self.time_suffix = self.rows.time_suffix
        self.table = self.rows.table
        sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in COLUMNS[1:])
        self.update_sql = f"UPDATE {self.table} SET {sets} WHERE id = %s"  # noqa: S608

    def session(self, *, new_rows: int = 0) -> AbstractContextManager[None]:
        """The bulk writer's session: a large first import rebuilds the indexes at its end."""
        return self.rows.session(new_rows=new_rows)

    def insert(self, rows: list[Row]) -> None:
        if rows:
            self.rows.insert(rows)

    def existing(self, source_id: int, external_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """external id -> (event id, content hash) for the ids that are already stored."""
        found: dict[str, tuple[int, str]] = {}
        with self.connection.cursor() as cursor:
            for start in range(0, len(external_ids), LOOKUP_CHUNK):
                chunk = list(external_ids[start : start + LOOKUP_CHUNK])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT external_id, id, content_hash FROM {self.table} "  # noqa: S608
                    f"WHERE source_id = %s AND external_id IN ({marks})",
                    [source_id, *chunk],
                )
                for external_id, pk, digest in cursor.fetchall():
                    found[external_id] = (pk, digest)
        return found

    def update(self, rows: list[Row]) -> None:
        """Rows are (*COLUMNS[1:], id)."""
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.update_sql, rows)


class PostgresWriter(Writer):
    """PostgreSQL: COPY for new rows (the bulk writer's), ``LATERAL`` lookups."""

    def existing(self, source_id: int, external_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """One index lookup per id (LATERAL … LIMIT 1): with ``external_id = ANY(array)`` the
        planner, right after a large import and before autovacuum has analysed the table,
        scans every event of the source for each batch instead."""
        sql = (
            "SELECT k.external_id, e.id, e.content_hash "  # noqa: S608 (the table's own name)
            "FROM unnest(%s::text[]) AS k(external_id) CROSS JOIN LATERAL ("
            f"SELECT id, content_hash FROM {self.table} "
            "WHERE source_id = %s AND external_id = k.external_id LIMIT 1) AS e"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [list(external_ids), source_id])
            return {external_id: (pk, digest) for external_id, pk, digest in cursor.fetchall()}


def writer_for(connection: BaseDatabaseWrapper) -> Writer:
    return PostgresWriter(connection) if connection.vendor == "postgresql" else Writer(connection)
