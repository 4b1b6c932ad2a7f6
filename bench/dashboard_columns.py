"""The columns DuckDB gets, read from PostgreSQL in one ``COPY ... TO STDOUT (FORMAT binary)``:
theme and buurt (as indexes), local day, hour and weekday, kind (0 event, 1 signal) and event
source id.

Days are local (Europe/Amsterdam) days counted from 1970-01-01; PostgreSQL computes them, the
hour and the weekday (the engine computes its own from epoch seconds: the answers are compared).
A signal's theme is its category as the engine names it (``signal:<code>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FIELDS = ("theme", "day", "hour", "weekday", "buurt", "kind", "source")
LOCAL = "AT TIME ZONE 'Europe/Amsterdam'"
COLUMNS_SQL = f"""
SELECT * FROM (
  SELECT array_position(%(themes)s::text[], e.theme::text)::int4 - 1 AS theme,
         ((e.begin_at {LOCAL})::date - DATE '1970-01-01')::int4,
         extract(hour FROM e.begin_at {LOCAL})::int4,
         (extract(isodow FROM e.begin_at {LOCAL}) - 1)::int4,
         array_position(%(buurten)s::text[], e.buurt_code::text)::int4 - 1 AS buurt, 0::int4,
         e.source_id::int4
  FROM events_event e WHERE e.id > %(event_id)s AND e.id <= %(event_to)s
  UNION ALL
  SELECT array_position(%(themes)s::text[], 'signal:' || c.code)::int4 - 1,
         ((s.occurred_at {LOCAL})::date - DATE '1970-01-01')::int4,
         extract(hour FROM s.occurred_at {LOCAL})::int4,
         (extract(isodow FROM s.occurred_at {LOCAL}) - 1)::int4,
         array_position(%(buurten)s::text[], s.buurt_code::text)::int4 - 1, 1, 0
  FROM signals_signal s JOIN signals_category c ON c.id = s.category_id
  WHERE s.id > %(signal_id)s AND s.id <= %(signal_to)s
) q WHERE theme IS NOT NULL AND buurt IS NOT NULL
"""
RECORD = np.dtype(
    [("n", ">i2")] + [(f, x) for name in FIELDS for f, x in ((f"l_{name}", ">i4"), (name, ">i4"))]
)


@dataclass(frozen=True)
class Geography:
    """The buurten (the columns' index) and, per level, each buurt's area at that level."""

    buurten: list[str]
    levels: dict[str, tuple[list[str], np.ndarray]]  # level -> (codes, buurt index -> code index)


def geography_read(cursor: Any) -> Geography:
    cursor.execute(
        "SELECT b.code, w.code, s.code, g.code FROM geo_area b JOIN geo_area w ON w.id = "
        "b.parent_id JOIN geo_area s ON s.id = w.parent_id JOIN geo_area g ON g.id = s.parent_id "
        "WHERE b.level = 'buurt' ORDER BY b.code"
    )
    rows = cursor.fetchall()
    buurten = [row[0] for row in rows]
    levels = {}
    for position, level in enumerate(("buurt", "wijk", "stadsdeel", "gemeente")):
        codes = sorted({row[position] for row in rows})
        index = {code: i for i, code in enumerate(codes)}
        levels[level] = (codes, np.array([index[row[position]] for row in rows], np.int32))
    return Geography(buurten, levels)


def watermarks(cursor: Any) -> tuple[int, int]:
    cursor.execute("SELECT coalesce(max(id), 0) FROM events_event")
    event_to = int(cursor.fetchone()[0])
    cursor.execute("SELECT coalesce(max(id), 0) FROM signals_signal")
    return event_to, int(cursor.fetchone()[0])


def columns_read(
    cursor: Any,
    *,
    themes: list[str],
    buurten: list[str],
    after: tuple[int, int],
    upto: tuple[int, int],
) -> dict[str, np.ndarray]:
    """The rows with ids in (after, upto] as int32 columns (theme and buurt as indexes)."""
    params = {
        "themes": themes,
        "buurten": buurten,
        "event_id": after[0],
        "signal_id": after[1],
        "event_to": upto[0],
        "signal_to": upto[1],
    }
    data = bytearray()
    sql = f"COPY ({COLUMNS_SQL}) TO STDOUT (FORMAT binary)"
    with cursor.copy(sql, params) as copy:
        for block in copy:
            data += block
    header = 19  # signature, flags, header extension length
    n = (len(data) - header - 2) // RECORD.itemsize
    records = np.frombuffer(bytes(data), RECORD, count=n, offset=header)
    return {name: records[name].astype(np.int32) for name in FIELDS}
