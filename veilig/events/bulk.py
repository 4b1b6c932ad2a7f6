"""Plain rows into one table, the fastest way each database offers: the one bulk writer of the
event import and of the demo city.

Django's ``bulk_create`` builds a model instance per row and, on SQLite, one statement per 999
parameters (83 addresses); at a million rows that costs more than everything else together.
Callers that already hold plain values write them directly: ``executemany`` of one prepared
statement on SQLite (many rows per statement while the indexes are dropped) and
``COPY ... FROM STDIN`` on PostgreSQL. Like ``bulk_create`` no model signals are sent and
``auto_now_add`` stamps nothing (the given times stay); the database still checks every
constraint, so a bad row aborts the transaction.

A large first write into a table drops its non-unique indexes and builds them again at the end
of ``BulkWriter.session``, inside the same transaction (sorting once is about twice as fast as
a million inserts into each index). The module lives in ``events``, the lowest app that writes
this much; the demo (above every app) uses it for its other tables too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import DatabaseError, transaction
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

from veilig.events.importing.times import NO_TIME, US, texts

Row = Sequence[Any]
# Rebuild the indexes after a first write from this many new rows on (see BulkWriter.session).
REBUILD_MIN_ROWS = 50_000
ROWS_PER_INSERT = 500  # SQLite without indexes: rows per INSERT statement (parameter limit)
EXECUTEMANY_BATCH = 10_000  # SQLite: rows per executemany, so an iterator is never a list
LOCK_WAIT = "2s"  # PostgreSQL: how long a large first write waits for the table's lock
SQLITE_CACHE_KIB = 262_144  # SQLite: the page cache while writing into many-indexed tables


class BulkWriter:
    """SQLite (and the generic fallback): ``executemany`` of prepared statements.

    ``fields`` are field names or attnames (``source`` or ``source_id``); rows hold values of
    the database's types (text, numbers, None; times as ``time_texts`` gives them), or Python
    values when written with ``values_insert``.
    """

    # Appended to a naive UTC time's isoformat(" "): on SQLite that is what Django stores.
    time_suffix = ""

    def __init__(
        self,
        model: type[Model],
        fields: Sequence[str],
        *,
        connection: BaseDatabaseWrapper | None = None,
        copy_types: Sequence[str] | None = None,
    ) -> None:
        self.connection = connection or default_connection
        self.model = model
        self.fields = [_concrete(model, name) for name in fields]
        self.copy_types = list(copy_types) if copy_types is not None else None
        quote = self.connection.ops.quote_name
        self.db_table = str(model._meta.db_table)
        self.table = quote(self.db_table)
        self.names = ", ".join(quote(str(field.column)) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.insert_sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({marks})"  # noqa: S608
        limit = self.connection.features.max_query_params or 999
        self.rows_per_insert = max(1, min(ROWS_PER_INSERT, limit // len(self.fields)))
        self._multi_insert_sql = self._values_sql(self.rows_per_insert)
        self._many_per_statement = False

    def _values_sql(self, rows: int) -> str:
        """INSERT … VALUES (?, …), (?, …), … for SQLite's driver (qmark style)."""
        values = ", ".join([f"({', '.join(['?'] * len(self.fields))})"] * rows)
        return f"INSERT INTO {self.table} ({self.names}) VALUES {values}"  # noqa: S608

    def time_texts(
        self, seconds: npt.NDArray[np.int64], *, missing: int | None = None
    ) -> list[str | None]:
        """Seconds since the epoch (UTC) as the text this database's datetime column takes;
        values equal to ``missing`` become NULL. Vectorised (``importing.times.texts``)."""
        values = np.asarray(seconds, dtype=np.int64) * US
        if missing is not None:
            values[np.asarray(seconds) == missing] = NO_TIME
        return texts(values, suffix=self.time_suffix)

    @contextmanager
    def session(self, *, new_rows: int = 0) -> Iterator[None]:
        """SQLite: a 256 MB page cache while writing (with the default 2 MB cache, inserts into
        large indexes wait for page reads).

        When about ``new_rows`` rows will be inserted and that is many, and at least as many as
        the table holds, the table's non-unique indexes are dropped and built again at the end,
        inside the same transaction. Readers are not affected: until the commit they see the
        table as it was, indexes included; an error rolls the drop back with everything else.
        """
        with sqlite_cache(self.connection):
            rebuild = self._drop_indexes() if self._worth_rebuilding(new_rows) else []
            self._many_per_statement = bool(rebuild)
            try:
                yield
            finally:
                self._many_per_statement = False
            with self.connection.cursor() as cursor:
                for statement in rebuild:
                    cursor.execute(statement)

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
                [self.db_table],
            )
            indexes = [
                (name, sql)
                for name, sql in cursor.fetchall()
                if not sql.lstrip().upper().startswith("CREATE UNIQUE")
            ]
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
        return [sql for _name, sql in indexes]

    def insert(self, rows: Iterable[Row]) -> None:
        """Without the secondary indexes (see :meth:`session`): many rows per INSERT statement.
        The database module releases the GIL only while a statement runs; with one row per
        statement a writer thread waits for the GIL after every row and barely overlaps with
        the main thread. With the indexes in place SQLite inserts row by row faster."""
        if not self._many_per_statement:
            with self.connection.cursor() as cursor:
                for part in _parts(rows, EXECUTEMANY_BATCH):
                    cursor.executemany(self.insert_sql, part)
            return
        per = self.rows_per_insert
        self.connection.ensure_connection()
        # The driver's own execute with ? marks: Django's cursor would rewrite the %s marks of
        # this long statement with a regular expression each time (a millisecond each).
        execute = self.connection.connection.execute
        with self.connection.wrap_database_errors:
            for part in _parts(rows, per):
                sql = self._multi_insert_sql if len(part) == per else self._values_sql(len(part))
                execute(sql, list(chain.from_iterable(part)))

    def values_insert(self, rows: Iterable[Row]) -> None:
        """Insert rows of Python values (dates, aware datetimes, ...), converted per field as
        ``save()`` converts them. For the few thousand rows whose values are not plain yet."""
        prep = [field.get_db_prep_save for field in self.fields]
        self.insert(
            [convert(value, self.connection) for convert, value in zip(prep, row, strict=True)]
            for row in rows
        )


class PostgresBulkWriter(BulkWriter):
    """PostgreSQL: one COPY per insert; a large first write drops the indexes under a lock."""

    time_suffix = "+00:00"  # an explicit offset: COPY parses the text into timestamptz

    @contextmanager
    def session(self, *, new_rows: int = 0) -> Iterator[None]:
        """The table's foreign keys (Django declares them DEFERRABLE INITIALLY DEFERRED) are
        checked at the end of each COPY instead of all at the commit: the server then checks
        batch N while the client prepares batch N+1, instead of after the last batch. They are
        deferred again afterwards (not after an error: the transaction is then rolled back).

        As on SQLite, a large first write drops the non-unique indexes and builds them again at
        its end. On PostgreSQL that locks the table against readers until the commit, so it is
        only done when the lock is free within LOCK_WAIT (else the indexes stay and block
        nobody); see docs/events.md, Speed."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype = 'f' AND condeferred ORDER BY conname",
                [self.db_table],
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
        database role may not drop them (it does not own the table)."""
        try:
            with transaction.atomic(using=self.connection.alias), self.connection.cursor() as c:
                c.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
                c.execute(f"LOCK TABLE {self.table} IN ACCESS EXCLUSIVE MODE")
                c.execute("SET LOCAL lock_timeout TO DEFAULT")
                c.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                    "FROM pg_index i WHERE i.indrelid = %s::regclass "
                    "AND NOT i.indisunique AND NOT i.indisprimary ORDER BY 1",
                    [self.db_table],
                )
                indexes = c.fetchall()
                for name, _statement in indexes:
                    c.execute(f"DROP INDEX {name}")
        except DatabaseError:  # rolled back to the savepoint: nothing dropped, nothing locked
            return []
        return [statement for _name, statement in indexes]

    def insert(self, rows: Iterable[Row]) -> None:
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {self.table} ({self.names}) FROM STDIN") as copy:
                if self.copy_types is not None:
                    # Fixed dumpers per column instead of one looked up per value.
                    copy.set_types(self.copy_types)
                for row in rows:
                    copy.write_row(row)


def bulk_writer(
    model: type[Model],
    fields: Sequence[str],
    *,
    connection: BaseDatabaseWrapper | None = None,
    copy_types: Sequence[str] | None = None,
) -> BulkWriter:
    """The writer of this database for ``fields`` of ``model`` (default: the default one)."""
    db = connection or default_connection
    kind = PostgresBulkWriter if db.vendor == "postgresql" else BulkWriter
    return kind(model, fields, connection=db, copy_types=copy_types)


def rows_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Row]) -> None:
    """Insert plain rows once, without a session (small tables, or indexes worth keeping)."""
    bulk_writer(model, fields).insert(rows)


@contextmanager
def sqlite_cache(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """SQLite: a 256 MB page cache while inserting into big, many-indexed tables."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def _parts(rows: Iterable[Row], size: int) -> Iterator[Sequence[Row]]:
    """Consecutive parts of at most ``size`` rows: slices of a list (an import's batch), else
    taken from the iterator (the demo's columns), which is never held whole."""
    if isinstance(rows, list):
        for start in range(0, len(rows), size):
            yield rows[start : start + size]
        return
    iterator = iter(rows)
    while part := list(islice(iterator, size)):
        yield part


def _concrete(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field
