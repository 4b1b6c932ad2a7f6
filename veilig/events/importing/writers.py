"""Batched SQL for the events table, one implementation per database.

Django's ``bulk_create`` builds a model instance per row and one large statement per batch;
at a million rows that costs more than everything else together. The pipeline already has
plain tuples, so it writes them directly: ``executemany`` on SQLite (one prepared statement;
500 rows per statement while the indexes are dropped) and ``COPY ... FROM STDIN`` on
PostgreSQL. Updates of changed rows go by primary key. A large first import drops the table's
non-unique indexes and builds them again at its end (see ``Writer.session``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any

from django.db import DatabaseError, transaction
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
# How PostgreSQL's COPY receives each column (the client side's dumpers; see PostgresWriter).
COPY_TYPES = [
    "float8"
    if c in ("rd_x", "rd_y", "lat", "lon")
    else "int8"
    if c in ("source_id", "import_run_id")
    else "text"
    for c in COLUMNS
]
# Rebuild the indexes after a first import from this many new rows on (see Writer.session).
REBUILD_MIN_ROWS = 50_000
ROWS_PER_INSERT = 500  # SQLite: rows per INSERT statement (within the parameter limit)
LOCK_WAIT = "2s"  # PostgreSQL: how long a large first import waits for the table's lock


class Writer:
    """SQLite (and the generic fallback): ``executemany`` of prepared statements."""

    lookup_chunk = 5_000
    # Appended to a naive UTC time's isoformat(" "): on SQLite that is what Django stores.
    time_suffix = ""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.table = connection.ops.quote_name(Event._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
        marks = ", ".join(["%s"] * len(COLUMNS))
        self.insert_sql = f"INSERT INTO {self.table} ({names}) VALUES ({marks})"  # noqa: S608
        sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in COLUMNS[1:])
        self.update_sql = f"UPDATE {self.table} SET {sets} WHERE id = %s"  # noqa: S608
        limit = connection.features.max_query_params or 999
        self.rows_per_insert = max(1, min(ROWS_PER_INSERT, limit // len(COLUMNS)))
        self._multi_insert_sql = self._values_sql(self.rows_per_insert)
        self._many_per_statement = False

    def _values_sql(self, rows: int) -> str:
        """INSERT … VALUES (?, …), (?, …), … for SQLite's driver (qmark style)."""
        values = ", ".join([f"({', '.join(['?'] * len(COLUMNS))})"] * rows)
        return self.insert_sql.partition(" VALUES ")[0] + f" VALUES {values}"

    @contextmanager
    def session(self, *, new_rows: int = 0) -> Iterator[None]:
        """SQLite: a 256 MB page cache while importing (the events table has many indexes;
        with the default 2 MB cache, inserts into large indexes wait for page reads).

        When about ``new_rows`` rows will be inserted and that is many, and at least as many as
        the table holds, the table's non-unique indexes are dropped for the import and built
        again at its end, inside the same transaction (sorting once is about twice as fast as
        a million inserts into each index). Readers are not affected: until the commit they see
        the table as it was, indexes included; an error rolls the drop back with everything else.
        """
        if self.connection.vendor != "sqlite":
            yield
            return
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            previous = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")
        try:
            rebuild = self._drop_indexes() if self._worth_rebuilding(new_rows) else []
            self._many_per_statement = bool(rebuild)
            yield
            with self.connection.cursor() as cursor:
                for statement in rebuild:
                    cursor.execute(statement)
        finally:
            self._many_per_statement = False
            with self.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")

    def _worth_rebuilding(self, new_rows: int) -> bool:
        if new_rows < REBUILD_MIN_ROWS:
            return False
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")  # noqa: S608
            largest_id = int(cursor.fetchone()[0])  # ≥ the number of rows, found in O(log n)
        return new_rows >= largest_id

    def _drop_indexes(self) -> list[str]:
        """Drop the table's non-unique indexes; returns the statements that create them."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL ORDER BY name",
                [Event._meta.db_table],
            )
            indexes = [
                (name, sql)
                for name, sql in cursor.fetchall()
                if not sql.lstrip().upper().startswith("CREATE UNIQUE")
            ]
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
        return [sql for _name, sql in indexes]

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
        """Without the secondary indexes (see :meth:`session`): many rows per INSERT statement.
        The database module releases the GIL only while a statement runs; with one row per
        statement the writer thread waits for the GIL after every row and barely overlaps
        with the main thread. With the indexes in place SQLite inserts row by row faster."""
        if not self._many_per_statement:
            if rows:
                with self.connection.cursor() as cursor:
                    cursor.executemany(self.insert_sql, rows)
            return
        per = self.rows_per_insert
        self.connection.ensure_connection()
        # The driver's own execute with ? marks: Django's cursor would rewrite the %s marks of
        # this long statement with a regular expression each time (a millisecond each).
        execute = self.connection.connection.execute
        with self.connection.wrap_database_errors:
            for start in range(0, len(rows), per):
                part = rows[start : start + per]
                sql = self._multi_insert_sql if len(part) == per else self._values_sql(len(part))
                execute(sql, list(chain.from_iterable(part)))

    def update(self, rows: list[Row]) -> None:
        """Rows are (*COLUMNS[1:], id)."""
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.update_sql, rows)


class PostgresWriter(Writer):
    """PostgreSQL: COPY for new rows, ``= ANY(array)`` lookups, executemany for updates."""

    time_suffix = "+00:00"  # an explicit offset: COPY parses the text into timestamptz

    @contextmanager
    def session(self, *, new_rows: int = 0) -> Iterator[None]:
        """The foreign keys of the events (Django declares them DEFERRABLE INITIALLY DEFERRED)
        are checked at the end of each COPY instead of all at the commit: the server then
        checks batch N while the client prepares batch N+1, instead of after the last batch.
        They are deferred again afterwards (not after an error: the transaction is then
        rolled back anyway).

        As on SQLite, a large first import drops the non-unique indexes and builds them again
        at its end. On PostgreSQL that locks the events table against readers until the
        commit, so it is only done when the lock is free within LOCK_WAIT (else the import
        keeps the indexes and blocks nobody); see docs/events.md, Speed."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype = 'f' AND condeferred ORDER BY conname",
                [Event._meta.db_table],
            )
            names = ", ".join(self.connection.ops.quote_name(row[0]) for row in cursor.fetchall())
            if names:
                cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
        rebuild = self._drop_indexes() if self._worth_rebuilding(new_rows) else []
        yield
        with self.connection.cursor() as cursor:
            for statement in rebuild:
                cursor.execute(statement)
            if rebuild:
                # The planner's statistics for the queries right after (autovacuum comes later).
                cursor.execute(f"ANALYZE {self.table}")
            if names:
                cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")

    def _drop_indexes(self) -> list[str]:
        """Lock the table (waiting at most LOCK_WAIT) and drop its non-unique indexes; returns
        the statements that create them. Nothing is dropped when the lock is not free or the
        database role may not drop them (it does not own the table): the import then simply
        keeps the indexes."""
        try:
            with transaction.atomic(using=self.connection.alias), self.connection.cursor() as c:
                c.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
                c.execute(f"LOCK TABLE {self.table} IN ACCESS EXCLUSIVE MODE")
                c.execute("SET LOCAL lock_timeout TO DEFAULT")
                c.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                    "FROM pg_index i WHERE i.indrelid = %s::regclass "
                    "AND NOT i.indisunique AND NOT i.indisprimary ORDER BY 1",
                    [Event._meta.db_table],
                )
                indexes = c.fetchall()
                for name, _statement in indexes:
                    c.execute(f"DROP INDEX {name}")
        except DatabaseError:  # rolled back to the savepoint: nothing dropped, nothing locked
            return []
        return [statement for _name, statement in indexes]

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

    def insert(self, rows: list[Row]) -> None:
        if not rows:
            return
        names = ", ".join(self.connection.ops.quote_name(c) for c in COLUMNS)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {self.table} ({names}) FROM STDIN") as copy:
                # Fixed dumpers per column instead of one looked up per value. Times and
                # attributes are already text; the server reads them into their types.
                copy.set_types(COPY_TYPES)
                for row in rows:
                    copy.write_row(row)


def writer_for(connection: BaseDatabaseWrapper) -> Writer:
    return PostgresWriter(connection) if connection.vendor == "postgresql" else Writer(connection)
