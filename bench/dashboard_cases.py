"""The dashboard queries of the benchmark, each answered three ways: the engine, DuckDB and
plain SQL ``GROUP BY`` on PostgreSQL. Every answer is brought to one plain form (a dict of
(area, bucket) → count, a 7 × 24 tuple, a list of rows) so the three can be compared with ==;
what a dashboard computes on top of a tally (the seasonal baseline, the top areas with their
change) is the same Python function for all three and is timed with them.

Periods end at ``END`` (the last generated day + 1), so the figures do not move between runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from dashboard_draw import END, START

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOCAL = "AT TIME ZONE 'Europe/Amsterdam'"
BOTH = ("events", "signals")
# High Impact Crime as far as the bench's themes go (no straatroof/overval themes here).
HIC = ("woninginbraak", "geweld", "diefstal_uit_auto")
PERIODS = {
    "28 days": (END - dt.timedelta(days=28), END),
    "quarter": (dt.date(2026, 9, 1), END),
    "year": (dt.date(2025, 12, 1), END),
    "all years": (START, END),
}
TOP = 10

Counts = dict[tuple[str, Any], int]


@dataclass(frozen=True)
class Spec:
    """One query: what to count and how the dashboard shows it."""

    kind: str
    label: str
    themes: tuple[str, ...]
    period: str
    level: str = "gemeente"
    bucket: str | None = None
    sources: tuple[str, ...] = BOTH
    within: tuple[str, str] | None = None  # (level, code): only the areas inside it
    event_sources: tuple[str, ...] = ()  # codes: only these event sources (and no signals)
    # The engine's raw themes: the event themes and signal:<category> of the categories that
    # count for them (veilig.intel.themes.signal_categories_for); filled in by ``resolved``.
    raw: tuple[str, ...] = ()
    heat_area: str | None = None  # a heat map of this area
    show: str = "tally"  # tally | trend | top | heatmap
    extra: dict[str, Any] = field(default_factory=dict)


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)


def _previous_year(period: str) -> tuple[dt.date, dt.date]:
    lo, hi = PERIODS[period]
    return lo.replace(year=lo.year - 1), hi.replace(year=hi.year - 1)


# --- What a dashboard computes on a tally (shared by the three engines) ----------------------


def seasonal(counts: Counts, bucket: str) -> list[tuple[str, dt.date, int, float]]:
    """Each bucket's count beside its seasonal baseline: the mean of the same month (or ISO
    week) in the earlier years since the data begin."""

    def season(day: dt.date) -> tuple[int, int]:
        if bucket == "week":
            iso = day.isocalendar()
            return iso.year, iso.week
        return day.year, day.month

    by_season = {(area, season(day)): n for (area, day), n in counts.items()}
    rows = []
    for (area, day), n in sorted(counts.items()):
        year, part = season(day)
        earlier = [by_season.get((area, (y, part)), 0) for y in range(START.year, year)]
        rows.append((area, day, n, round(sum(earlier) / len(earlier), 6) if earlier else 0.0))
    return rows


def top_change(now: dict[str, int], before: dict[str, int]) -> list[tuple[str, int, int, int]]:
    """The areas with the largest rise against the same period a year earlier."""
    areas = {a for a in now if now[a]} | {a for a in before if before[a]}
    rows = [(a, now.get(a, 0), before.get(a, 0), now.get(a, 0) - before.get(a, 0)) for a in areas]
    return sorted(rows, key=lambda row: (-row[3], row[0]))[:TOP]


def calendar_start(day: dt.date, bucket: str | None) -> dt.date | None:
    """The calendar start of ``day``'s bucket (the engine starts a partial first bucket at the
    period's first day; SQL's date_trunc at the calendar's)."""
    if bucket is None:
        return None
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    return day


# --- The engine ---------------------------------------------------------------------------------


def resolved(spec: Spec) -> Spec:
    """``spec`` with its raw themes (read once, outside the timing)."""
    from veilig.intel.themes import signal_categories_for

    categories = tuple(f"signal:{code}" for code in signal_categories_for(spec.themes))
    return replace(spec, raw=spec.themes + categories)


def _categories(spec: Spec) -> list[str]:
    return [t.removeprefix("signal:") for t in spec.raw if t.startswith("signal:")]


def _selection(spec: Spec, lo: dt.date, hi: dt.date, source_ids: dict[str, int]) -> Any:
    from veilig.intel.aggregates import Selection

    return Selection(
        raw_themes=spec.raw,
        day_from=lo,
        day_to=hi,
        kinds=frozenset(spec.sources),
        event_sources=tuple(source_ids[code] for code in spec.event_sources),
        within=spec.within[1] if spec.within else None,
    )


def engine_counts(
    engine: Any, spec: Spec, lo: dt.date, hi: dt.date, source_ids: dict[str, int]
) -> Counts:
    sel = _selection(spec, lo, hi, source_ids)
    tally = engine.tally(sel, level=spec.level, bucket=spec.bucket or "none")
    counts = tally.counts
    found: Counts = {}
    for i, j in zip(*counts.nonzero(), strict=True):
        key = (tally.areas[i], calendar_start(tally.starts[j], spec.bucket))
        found[key] = found.get(key, 0) + int(counts[i, j])
    return found


def engine_answer(engine: Any, spec: Spec, source_ids: dict[str, int]) -> Any:
    lo, hi = PERIODS[spec.period]
    if spec.show == "heatmap":
        grid = engine.heatmap(_selection(spec, lo, hi, source_ids), area_code=spec.heat_area)
        return tuple(tuple(int(n) for n in row) for row in grid)
    if spec.show == "top":
        now = engine_counts(engine, spec, lo, hi, source_ids)
        before = engine_counts(engine, spec, *_previous_year(spec.period), source_ids)
        return top_change(
            {a: n for (a, _b), n in now.items()}, {a: n for (a, _b), n in before.items()}
        )
    counts = engine_counts(engine, spec, lo, hi, source_ids)
    return seasonal(counts, spec.bucket or "") if spec.show == "trend" else counts


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_rows(spec: Spec, lo: dt.date, hi: dt.date, tag: int = 0) -> tuple[str, list[Any]]:
    """The selection's rows of both tables: (at, buurt, tag)."""
    parts, params = [], []
    bounds = [local_midnight(lo), local_midnight(hi)]
    if "events" in spec.sources:
        by_source = ""
        if spec.event_sources:
            by_source = (
                " AND e.source_id IN (SELECT id FROM events_eventsource WHERE code = ANY(%s))"
            )
        parts.append(
            f"SELECT e.begin_at AS at, e.buurt_code AS buurt, {tag} AS tag FROM events_event e "
            f"WHERE e.theme = ANY(%s) AND e.begin_at >= %s AND e.begin_at < %s{by_source}"
        )
        params += [list(spec.themes), *bounds]
        if spec.event_sources:
            params.append(list(spec.event_sources))
    if "signals" in spec.sources and not spec.event_sources and _categories(spec):
        parts.append(
            f"SELECT s.occurred_at AS at, s.buurt_code AS buurt, {tag} AS tag "
            "FROM signals_signal s JOIN signals_category c ON c.id = s.category_id "
            "WHERE c.code = ANY(%s) "
            "AND s.occurred_at >= %s AND s.occurred_at < %s"
        )
        params += [_categories(spec), *bounds]
    return " UNION ALL ".join(parts), params


def pg_answer(cursor: Any, spec: Spec) -> Any:
    lo, hi = PERIODS[spec.period]
    if spec.show == "heatmap":
        rows, params = _pg_rows(spec, lo, hi)
        level = _level_of(spec.heat_area or "")
        cursor.execute(
            f"SELECT (extract(isodow FROM u.at {LOCAL}) - 1)::int, extract(hour FROM u.at "
            f"{LOCAL})::int, count(*) FROM ({rows}) u JOIN bench_area_map m ON m.buurt = u.buurt "
            f"WHERE m.{level} = %s GROUP BY 1, 2",
            [*params, spec.heat_area],
        )
        grid = [[0] * 24 for _ in range(7)]
        for weekday, hour, n in cursor.fetchall():
            grid[weekday][hour] = n
        return tuple(tuple(row) for row in grid)
    if spec.show == "top":
        now_sql, now_params = _pg_rows(spec, lo, hi, 0)
        before_sql, before_params = _pg_rows(spec, *_previous_year(spec.period), 1)
        cursor.execute(
            f"SELECT m.{spec.level}, count(*) FILTER (WHERE u.tag = 0), count(*) FILTER "
            f"(WHERE u.tag = 1) FROM ({now_sql} UNION ALL {before_sql}) u "
            "JOIN bench_area_map m ON m.buurt = u.buurt GROUP BY 1",
            [*now_params, *before_params],
        )
        result = cursor.fetchall()
        return top_change({a: now for a, now, _b in result}, {a: b for a, _n, b in result})
    rows, params = _pg_rows(spec, lo, hi)
    bucket = f"date_trunc('{spec.bucket}', u.at {LOCAL})::date" if spec.bucket else "NULL::date"
    where = ""
    if spec.within:
        where = f"WHERE m.{spec.within[0]} = %s"
        params.append(spec.within[1])
    cursor.execute(
        f"SELECT m.{spec.level}, {bucket}, count(*) FROM ({rows}) u "
        f"JOIN bench_area_map m ON m.buurt = u.buurt {where} GROUP BY 1, 2",
        params,
    )
    counts = {(area, day): n for area, day, n in cursor.fetchall()}
    return seasonal(counts, spec.bucket or "") if spec.show == "trend" else counts


def _level_of(code: str) -> str:
    return {"BU": "buurt", "WK": "wijk", "SD": "stadsdeel", "GM": "gemeente"}[code[:2]]


# --- DuckDB -------------------------------------------------------------------------------------


def duck_answer(
    con: Any,
    spec: Spec,
    theme_index: dict[str, int],
    source_ids: dict[str, int],
    summary: bool = False,
) -> Any:
    """DuckDB over the rows (``ev``), or with ``summary`` over the daily summary table ``evd``
    (a count per theme, day, buurt, kind and source; heat maps need the hour: they stay on
    ``ev``)."""
    table, n = ("evd", "sum(n)") if summary else ("ev", "count(*)")
    themes = [theme_index[t] for t in spec.raw if t in theme_index] or [-1]
    kinds = [i for i, kind in enumerate(BOTH) if kind in spec.sources]
    by_source = ""
    if spec.event_sources:
        kinds = [0]
        ids = ", ".join(str(source_ids[code]) for code in spec.event_sources)
        by_source = f" AND source IN ({ids})"

    def where(lo: dt.date, hi: dt.date) -> tuple[str, list[Any]]:
        return (
            f"theme IN ({', '.join(map(str, themes))}) AND kind IN "
            f"({', '.join(map(str, kinds))}) AND day >= ? AND day < ?{by_source}",
            [lo, hi],
        )

    lo, hi = PERIODS[spec.period]
    if spec.show == "heatmap":
        condition, params = where(lo, hi)
        level = _level_of(spec.heat_area or "")
        found = con.execute(
            f"SELECT weekday, hour, count(*) FROM ev JOIN amap m USING (bi) WHERE {condition} "
            f"AND m.{level} = ? GROUP BY ALL",
            [*params, spec.heat_area],
        ).fetchall()
        grid = [[0] * 24 for _ in range(7)]
        for weekday, hour, n in found:
            grid[weekday][hour] = n
        return tuple(tuple(row) for row in grid)
    if spec.show == "top":
        now_where, now_params = where(lo, hi)
        before_where, before_params = where(*_previous_year(spec.period))
        found = con.execute(
            f"SELECT m.{spec.level}, {n} FILTER (WHERE {now_where}), {n} FILTER "
            f"(WHERE {before_where}) FROM {table} JOIN amap m USING (bi) WHERE ({now_where}) OR "
            f"({before_where}) GROUP BY ALL",
            [*now_params, *before_params, *now_params, *before_params],
        ).fetchall()
        # (a sum over no rows is NULL where a count is 0)
        return top_change(
            {a: int(k or 0) for a, k, _b in found}, {a: int(b or 0) for a, _k, b in found}
        )
    condition, params = where(lo, hi)
    bucket = f"date_trunc('{spec.bucket}', day)::DATE" if spec.bucket else "NULL::DATE"
    if spec.within:
        condition += f" AND m.{spec.within[0]} = ?"
        params.append(spec.within[1])
    found = con.execute(
        f"SELECT m.{spec.level}, {bucket}, {n} FROM {table} JOIN amap m USING (bi) "
        f"WHERE {condition} GROUP BY ALL",
        params,
    ).fetchall()
    counts = {(area, day): int(k) for area, day, k in found}
    return seasonal(counts, spec.bucket or "") if spec.show == "trend" else counts
