"""Progress of a running import, kept on its ``ImportRun`` row so that any process can read it.

An import writes all its rows in one transaction (all or nothing), and progress written inside
that transaction would stay invisible until the end. So the job writes its progress over a
second connection of its own, in autocommit: each update is committed at once and the web
process (or a worker on another machine) reads it from the run's row.

On PostgreSQL that connection writes while the import's transaction is open. On SQLite it
cannot: the import holds the database's single write lock until it commits, and a second
writer would wait for it. So on SQLite (one machine: development, the demo, tests) the job
writes its progress only outside its transaction: the phase and a heartbeat when it starts,
the counts when it ends; the run page shows "running" without a count in between, and the
stall check allows for that (``selectors.import_run_state``).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import DatabaseError, load_backend
from django.utils import timezone

from veilig.events.models import ImportPhase, ImportRun, ImportStatus
from veilig.events.selectors import live_progress_supported

logger = logging.getLogger(__name__)

# At most one progress write a second: an import of millions of rows stays cheap.
MIN_INTERVAL = 1.0


def progress_mark(*, run_id: int, phase: str, **fields: Any) -> None:
    """Write the phase (and counts) on the job's own connection, outside its transaction."""
    ImportRun.objects.filter(pk=run_id).update(phase=phase, progress_at=timezone.now(), **fields)


class LiveProgress:
    """Publishes a running import's counts over a second, autocommit connection."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self._last = 0.0
        self._side: BaseDatabaseWrapper | None = None
        if live_progress_supported():
            self._side = _side_connection()

    def publish(self, *, rows_done: int, rows_total: int, rejected: int, phase: str) -> None:
        now = time.monotonic()
        if self._side is None or (now - self._last < MIN_INTERVAL and phase == ImportPhase.READING):
            return
        self._last = now
        _update(self._side, self.run_id, rows_done, rows_total, rejected, phase, timezone.now())

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def _side_connection() -> BaseDatabaseWrapper:
    """A new connection with the settings of the default database (not shared, not pooled)."""
    settings_dict = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    backend = load_backend(settings_dict["ENGINE"])
    wrapper: BaseDatabaseWrapper = backend.DatabaseWrapper(settings_dict, "import-progress")
    return wrapper


def _update(
    db: BaseDatabaseWrapper,
    run_id: int,
    rows_done: int,
    rows_total: int,
    rejected: int,
    phase: str,
    at: datetime,
) -> None:
    """One UPDATE of the run's progress columns, committed at once. Only a running run is
    touched, and a failed write is skipped: progress never stops an import."""
    table = db.ops.quote_name(ImportRun._meta.db_table)
    sql = (
        f"UPDATE {table} SET rows_done = %s, rows_total = %s, rejected = %s, phase = %s, "  # noqa: S608
        "progress_at = %s WHERE id = %s AND status = %s"
    )
    try:
        with db.cursor() as cursor:
            cursor.execute(
                sql, [rows_done, rows_total, rejected, phase, at, run_id, ImportStatus.RUNNING]
            )
    except DatabaseError as exc:
        logger.warning("Import %s: progress not written (%s)", run_id, type(exc).__name__)
