"""A stand-in for ``veilig.intel.aggregates`` with its planned API, until the lead's engine is
merged: numpy columns sorted by (theme, day), a delta of newer rows that ``refresh`` reads after
an id watermark, tallies by ``np.bincount``. The bench uses the real engine when it imports
(``dashboard_queries.engine_load``); this one only lets the bench run and shows what such an
engine costs here. Also the columns DuckDB gets (``columns_read``).

Days are local (Europe/Amsterdam) days counted from 1970-01-01; PostgreSQL computes them, the
hour and the weekday in the ``COPY ... TO STDOUT (FORMAT binary)`` that reads the columns, so the
bench's three engines start from the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

EPOCH = dt.date(1970, 1, 1)
FIELDS = ("theme", "day", "hour", "weekday", "buurt", "kind")
KINDS = ("events", "signals")
LOCAL = "AT TIME ZONE 'Europe/Amsterdam'"
COLUMNS_SQL = f"""
SELECT * FROM (
  SELECT array_position(%(themes)s::text[], e.theme::text)::int4 - 1 AS theme,
         ((e.begin_at {LOCAL})::date - DATE '1970-01-01')::int4,
         extract(hour FROM e.begin_at {LOCAL})::int4,
         (extract(isodow FROM e.begin_at {LOCAL}) - 1)::int4,
         array_position(%(buurten)s::text[], e.buurt_code::text)::int4 - 1 AS buurt, 0::int4
  FROM events_event e WHERE e.id > %(event_id)s AND e.id <= %(event_to)s
  UNION ALL
  SELECT array_position(%(themes)s::text[], c.event_themes->>0)::int4 - 1,
         ((s.occurred_at {LOCAL})::date - DATE '1970-01-01')::int4,
         extract(hour FROM s.occurred_at {LOCAL})::int4,
         (extract(isodow FROM s.occurred_at {LOCAL}) - 1)::int4,
         array_position(%(buurten)s::text[], s.buurt_code::text)::int4 - 1, 1
  FROM signals_signal s JOIN signals_category c ON c.id = s.category_id
  WHERE s.id > %(signal_id)s AND s.id <= %(signal_to)s
) q WHERE theme IS NOT NULL AND buurt IS NOT NULL
"""
RECORD = np.dtype([("n", ">i2")] + [(f, x) for name in FIELDS for f, x in
                                     ((f"l_{name}", ">i4"), (name, ">i4"))])


@dataclass(frozen=True)
class Selection:
    raw_themes: tuple[str, ...]
    sources: tuple[str, ...] = KINDS
    day_from: dt.date | None = None
    day_to: dt.date | None = None  # exclusive


@dataclass(frozen=True)
class Tally:
    areas: list[str]
    buckets: list[dt.date | None]
    counts: np.ndarray  # [areas x buckets]


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
    cursor: Any, *, themes: list[str], buurten: list[str], after: tuple[int, int],
    upto: tuple[int, int],
) -> dict[str, np.ndarray]:
    """The rows with ids in (after, upto] as int32 columns (theme and buurt as indexes)."""
    params = {"themes": themes, "buurten": buurten, "event_id": after[0], "signal_id": after[1],
              "event_to": upto[0], "signal_to": upto[1]}
    data = bytearray()
    sql = f"COPY ({COLUMNS_SQL}) TO STDOUT (FORMAT binary)"
    with cursor.copy(sql, params) as copy:
        for block in copy:
            data += block
    header = 19  # signature, flags, header extension length
    n = (len(data) - header - 2) // RECORD.itemsize
    records = np.frombuffer(bytes(data), RECORD, count=n, offset=header)
    return {name: records[name].astype(np.int32) for name in FIELDS}


def _ordinal(kind: str | None, days: np.ndarray) -> np.ndarray:
    """A bucket number per day, rising with time (month: year*12+month, week: Monday-based)."""
    if kind is None:
        return np.zeros_like(days)
    if kind == "week":
        return (days + 3) // 7  # 1970-01-01 was a Thursday
    dates = days.astype("datetime64[D]")
    if kind == "month":
        return dates.astype("datetime64[M]").astype(np.int64)
    if kind == "year":
        return dates.astype("datetime64[Y]").astype(np.int64)
    if kind == "day":
        return days.copy()
    raise ValueError(kind)


def _bucket_start(kind: str | None, ordinal: int) -> dt.date | None:
    if kind is None:
        return None
    if kind == "week":
        return EPOCH + dt.timedelta(days=ordinal * 7 - 3)
    unit = {"month": "M", "year": "Y", "day": "D"}[kind]
    return np.datetime64(ordinal, unit).astype("datetime64[D]").astype(dt.date)  # type: ignore[no-any-return]


class StandInEngine:
    def __init__(self, cursor_factory: Any) -> None:
        self._cursor = cursor_factory
        with self._cursor() as cursor:
            raw = cursor.cursor
            self.geography = geography_read(raw)
            raw.execute("SELECT DISTINCT theme FROM events_event")
            self.themes = sorted(row[0] for row in raw.fetchall())
            self.marks = watermarks(raw)
            cols = columns_read(raw, themes=self.themes, buurten=self.geography.buurten,
                                after=(0, 0), upto=self.marks)
        order = np.lexsort((cols["day"], cols["theme"]))
        self.day = cols["day"][order]
        self.hour = cols["hour"][order].astype(np.int8)
        self.weekday = cols["weekday"][order].astype(np.int8)
        self.buurt = cols["buurt"][order].astype(np.int16)
        self.kind = cols["kind"][order].astype(np.int8)
        self.offsets = np.searchsorted(cols["theme"][order], np.arange(len(self.themes) + 1))
        self.rows = len(self.day)
        self.delta: dict[str, np.ndarray] = {name: np.empty(0, np.int32) for name in FIELDS}

    def refresh(self) -> int:
        """Read the rows imported since the last look; the number of them."""
        with self._cursor() as cursor:
            upto = watermarks(cursor.cursor)
            if upto == self.marks:
                return 0
            new = columns_read(cursor.cursor, themes=self.themes, buurten=self.geography.buurten,
                               after=self.marks, upto=upto)
        self.marks = upto
        self.delta = {name: np.concatenate([self.delta[name], new[name]]) for name in FIELDS}
        return len(new["day"])

    def _slices(self, sel: Selection) -> list[tuple[slice, bool]]:
        lo_day = (sel.day_from - EPOCH).days if sel.day_from else -(2**31)
        hi_day = (sel.day_to - EPOCH).days if sel.day_to else 2**31 - 1
        found = []
        for theme in sel.raw_themes:
            if theme not in self.themes:
                continue
            i = self.themes.index(theme)
            lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
            days = self.day[lo:hi]
            a, b = np.searchsorted(days, [lo_day, hi_day])
            found.append(slice(lo + int(a), lo + int(b)))
        return [(s, False) for s in found]

    def _rows(self, sel: Selection) -> dict[str, np.ndarray]:
        """The selection's rows (copies) of the sorted columns and of the delta."""
        parts: dict[str, list[np.ndarray]] = {n: [] for n in ("day", "hour", "weekday", "buurt")}
        one_kind = None if set(KINDS) <= set(sel.sources) else KINDS.index(sel.sources[0])
        for s, _delta in self._slices(sel):
            keep = None if one_kind is None else self.kind[s] == one_kind
            for name in parts:
                column = getattr(self, name)[s]
                parts[name].append(column if keep is None else column[keep])
        if len(self.delta["day"]):
            d = self.delta
            codes = [self.themes.index(t) for t in sel.raw_themes if t in self.themes]
            keep = np.isin(d["theme"], codes)
            if sel.day_from:
                keep &= d["day"] >= (sel.day_from - EPOCH).days
            if sel.day_to:
                keep &= d["day"] < (sel.day_to - EPOCH).days
            if one_kind is not None:
                keep &= d["kind"] == one_kind
            for name in parts:
                parts[name].append(d[name][keep])
        return {n: np.concatenate(p) if p else np.empty(0, np.int32) for n, p in parts.items()}

    def tally(self, sel: Selection, *, area_level: str, bucket: str | None) -> Tally:
        codes, of_buurt = self.geography.levels[area_level]
        rows = self._rows(sel)
        first = sel.day_from or EPOCH + dt.timedelta(days=int(rows["day"].min(initial=0)))
        last = (sel.day_to - dt.timedelta(days=1)) if sel.day_to else EPOCH + dt.timedelta(
            days=int(rows["day"].max(initial=0)))
        span = _ordinal(bucket, np.array([(first - EPOCH).days, (last - EPOCH).days]))
        nb = int(span[1] - span[0] + 1)
        key = of_buurt[rows["buurt"]] * nb + (_ordinal(bucket, rows["day"]) - span[0])
        counts = np.bincount(key, minlength=len(codes) * nb).reshape(len(codes), nb)
        buckets = [_bucket_start(bucket, int(span[0]) + j) for j in range(nb)]
        return Tally(list(codes), buckets, counts)

    def heatmap(self, sel: Selection, *, area_code: str) -> np.ndarray:
        for codes, of_buurt in self.geography.levels.values():
            if area_code in codes:
                break
        else:
            raise KeyError(area_code)
        rows = self._rows(sel)
        inside = of_buurt[rows["buurt"]] == codes.index(area_code)
        key = rows["weekday"][inside].astype(np.int32) * 24 + rows["hour"][inside]
        return np.bincount(key, minlength=168).reshape(7, 24)
