"""Reading the records the engine counts, straight from the database in chunks.

Raw SQL with a plain cursor: building a model instance (or even a tuple of Python datetimes)
per row costs ten times what the counting does. Times come back as epoch seconds; the local
day and hour are computed for the whole chunk at once (``calendar``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connection

from veilig.events.models import Event, ImportRun, ImportStatus
from veilig.intel.aggregates.calendar import local_day_and_hour
from veilig.signals.models import Category, Signal

CHUNK = 200_000
FINISHED = (ImportStatus.DONE.value, ImportStatus.FAILED.value)
SIGNAL_SOURCE = 0  # the source column of a street signal; event sources keep their own id


@dataclass
class Rows:
    """Columns of a set of records; ``theme`` and ``buurt`` are codes, indexed later."""

    ident: npt.NDArray[np.int64]
    theme: list[str]
    buurt: list[str]
    source: npt.NDArray[np.int32]
    day: npt.NDArray[np.int32]
    hour: npt.NDArray[np.int8]

    @classmethod
    def empty(cls) -> Rows:
        return cls(
            np.zeros(0, np.int64), [], [], np.zeros(0, np.int32), np.zeros(0, np.int32),
            np.zeros(0, np.int8),
        )  # fmt: skip

    def __len__(self) -> int:
        return int(self.ident.size)


def _epoch(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"


def _read(sql: str, params: Sequence[Any]) -> Iterator[Rows]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            ident, theme, buurt, source, seconds = zip(*chunk, strict=True)
            day, hour = local_day_and_hour(
                np.asarray(seconds, dtype=np.int64), zone_name=settings.TIME_ZONE
            )
            yield Rows(
                np.asarray(ident, dtype=np.int64), list(theme), list(buurt),
                np.asarray(source, dtype=np.int32), day, hour,
            )  # fmt: skip


def events_read(*, where: str = "", params: Sequence[Any] = ()) -> Iterator[Rows]:
    table = Event._meta.db_table
    sql = (
        f"SELECT id, theme, buurt_code, source_id, {_epoch('begin_at')} "  # noqa: S608
        f"FROM {table} {('WHERE ' + where) if where else ''}"
    )
    return _read(sql, params)


def signal_theme_codes() -> dict[int, str]:
    """Category id -> the engine's theme code of its signals; restricted categories absent.

    A signal keeps its own category (``signal:<code>``); which signal categories count for a
    dashboard theme is the theme catalogue's business (``veilig.intel.themes``).
    """
    rows = Category.objects.values_list("pk", "code", "restricted")
    return {pk: f"signal:{code}" for pk, code, restricted in rows if not restricted}


def signals_read() -> Iterator[Rows]:
    themes = signal_theme_codes()
    if not themes:
        return iter(())
    table = Signal._meta.db_table
    marks = ", ".join(["%s"] * len(themes))
    sql = (
        f"SELECT id, category_id, buurt_code, {SIGNAL_SOURCE}, {_epoch('occurred_at')} "  # noqa: S608
        f"FROM {table} WHERE category_id IN ({marks})"
    )

    def named() -> Iterator[Rows]:
        for rows in _read(sql, list(themes)):
            rows.theme = [themes[int(c)] for c in rows.theme]
            yield rows

    return named()


@dataclass(frozen=True)
class EventsMark:
    """What the engine has seen of the events table: a change of it asks for a catch-up."""

    min_id: int
    max_id: int
    finished_runs: frozenset[int]


def events_mark() -> EventsMark:
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table}")  # noqa: S608
        low, high = cursor.fetchone() or (None, None)
    runs = ImportRun.objects.filter(status__in=FINISHED).values_list("pk", flat=True)
    return EventsMark(int(low or 0), int(high or 0), frozenset(runs))


def events_since(*, seen: EventsMark, now: EventsMark) -> Iterator[Rows]:
    """Rows written since ``seen``: those of runs that finished since (created or updated)
    and new rows that no run wrote (the demo, scripts)."""
    new_runs = sorted(now.finished_runs - seen.finished_runs)
    clauses, params = ["(id > %s AND import_run_id IS NULL)"], [seen.max_id]
    if new_runs:
        clauses.append(f"import_run_id IN ({', '.join(['%s'] * len(new_runs))})")
        params.extend(new_runs)
    return events_read(where=" OR ".join(clauses), params=params)


def signals_mark() -> tuple[int, int]:
    table = Signal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {table}")  # noqa: S608
        count, high = cursor.fetchone() or (0, 0)
    return int(count or 0), int(high or 0)
