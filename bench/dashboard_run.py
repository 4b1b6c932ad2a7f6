"""The measuring part of bench/dashboard_queries.py: load the engines, answer and time every
query three ways, the freshness after an import, and the figures beside their targets."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

import dashboard_cases as cases
from dashboard_data import END, THEME_CODES
from dashboard_standin import columns_read, geography_read, watermarks
from harness import percentiles

P50_TARGET_MS = 20.0
P95_TARGET_MS = 100.0
RATIO_TARGET = 30.0
FRESH_TARGET_S = 10.0
FRESH_ROWS = 100_000
FRESH_THEME = "woninginbraak"
WARMUP = 2


def engine_load() -> tuple[str, Any, Any]:
    """The lead's engine when it is there, else the bench's stand-in with its planned API."""
    from django.db import connection

    try:
        from veilig.intel.aggregates import Selection, engine  # type: ignore[import-not-found]
    except ImportError:
        from dashboard_standin import Selection as StandInSelection
        from dashboard_standin import StandInEngine

        return "stand-in (bench/dashboard_standin.py)", StandInEngine(connection.cursor), \
            StandInSelection
    found = engine()
    found.refresh()
    return "veilig.intel.aggregates", found, Selection


def duck_load(cursor: Any) -> tuple[Any, dict[str, int]]:
    """DuckDB in memory: the same columns (sorted by theme and day) and the area map."""
    import duckdb

    geography = geography_read(cursor)
    themes = list(THEME_CODES)
    cols = columns_read(cursor, themes=themes, buurten=geography.buurten, after=(0, 0),
                        upto=watermarks(cursor))
    con = duckdb.connect()
    # bi: the buurt's index (what the columns hold); the area map names it by code as buurt.
    con.execute(
        "CREATE TABLE ev AS SELECT theme::SMALLINT AS theme, (DATE '1970-01-01' + day) AS day, "
        "hour::TINYINT AS hour, weekday::TINYINT AS weekday, buurt::SMALLINT AS bi, "
        "kind::TINYINT AS kind FROM cols ORDER BY theme, day"
    )
    cursor.execute("SELECT buurt, wijk, stadsdeel, gemeente FROM bench_area_map")
    rows = cursor.fetchall()
    index = {code: i for i, code in enumerate(geography.buurten)}
    areas = {
        "bi": np.array([index[r[0]] for r in rows], np.int16),
        "buurt": np.array([r[0] for r in rows]),
        "wijk": np.array([r[1] for r in rows]),
        "stadsdeel": np.array([r[2] for r in rows]),
        "gemeente": np.array([r[3] for r in rows]),
    }
    con.execute("CREATE TABLE amap AS SELECT * FROM areas")
    return con, {code: i for i, code in enumerate(themes)}


def _parents(cursor: Any) -> Any:
    cursor.execute("SELECT buurt, wijk, stadsdeel FROM bench_area_map")
    up: dict[tuple[str, str], str] = {}
    for buurt, wijk, stadsdeel in cursor.fetchall():
        up[(buurt, "wijk")] = wijk
        up[(buurt, "stadsdeel")] = stadsdeel
        up[(wijk, "stadsdeel")] = stadsdeel

    def parent_of(code: str, level: str) -> str:
        return up.get((code, level), "")

    return parent_of


def _time(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(args: argparse.Namespace, cursor: Any, engine: Any, selection: Any, con: Any,
            theme_index: dict[str, int]) -> list[dict[str, Any]]:
    cursor.execute("SELECT DISTINCT wijk FROM bench_area_map ORDER BY 1")
    wijken = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT DISTINCT stadsdeel FROM bench_area_map ORDER BY 1")
    stadsdelen = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT buurt, gemeente FROM bench_area_map ORDER BY 1")
    rows = cursor.fetchall()
    parent_of = _parents(cursor)
    results = []
    specs = cases.specs(wijken=wijken, stadsdelen=stadsdelen, buurten=[r[0] for r in rows],
                        gemeente=rows[0][1])
    for number, spec in enumerate(specs, start=1):
        run_engine = lambda s=spec: cases.engine_answer(engine, selection, s, parent_of)  # noqa: E731
        run_duck = lambda s=spec: cases.duck_answer(con, s, theme_index)  # noqa: E731
        run_pg = lambda s=spec: cases.pg_answer(cursor, s)  # noqa: E731
        answers = {"engine": run_engine(), "duckdb": run_duck(), "postgres": run_pg()}
        assert answers["engine"] == answers["duckdb"] == answers["postgres"], (
            f"{spec.label}: the answers differ",
            {name: _sample(answer) for name, answer in answers.items()},
        )
        for _ in range(WARMUP - 1):
            run_engine()
            run_duck()
        samples: dict[str, list[float]] = {"engine": [], "duckdb": [], "postgres": []}
        for _ in range(args.repeats):  # alternating: both see the same machine
            samples["engine"].append(_time(run_engine))
            samples["duckdb"].append(_time(run_duck))
        for _ in range(args.pg_repeats):
            samples["postgres"].append(_time(run_pg))
        size = len(answers["engine"])
        results.append({"spec": spec, "samples": samples, "size": size})
        e50 = percentiles(samples["engine"])[0]
        p50 = percentiles(samples["postgres"])[0]
        d50 = percentiles(samples["duckdb"])[0]
        print(f"  {number:2d}. {spec.kind:<13} {spec.label:<58} engine {e50:7.2f}  duckdb "
              f"{d50:7.2f}  pg {p50:8.1f} ms  (×{p50 / e50:,.0f}; {size} values, equal)",
              flush=True)
    return results


def _sample(answer: Any) -> Any:
    if isinstance(answer, dict):
        return dict(sorted(answer.items())[:5]), len(answer)
    return answer[:3], len(answer)


# --- Freshness ----------------------------------------------------------------------------------


def freshness(cursor: Any, engine: Any, selection: Any) -> dict[str, Any]:
    """Import FRESH_ROWS rows through the real import service; how long until the engine's
    tally shows them. The rows are deleted again afterwards (the cached data stay as built)."""
    from django.db import connection

    import dashboard_data
    from import_events import MAPPING
    from veilig.events.models import EventSource, ImportRun
    from veilig.events.services import (
        event_source_create,
        import_run_create,
        import_run_execute,
    )

    city = dashboard_data.city_read(seed=15)
    source = EventSource.objects.filter(code="bench-fresh").first() or event_source_create(
        code="bench-fresh", name="Bench (verse import)", format="generic", mapping=MAPPING
    )
    lo = dt.date(2026, 11, 1)
    sel = selection(raw_themes=(FRESH_THEME,), sources=("events",), day_from=lo, day_to=END)

    def total() -> int:
        return int(engine.tally(sel, area_level="gemeente", bucket=None).counts.sum())

    before = total()
    folder = Path(tempfile.mkdtemp(prefix="veilig-bench-fresh-"))
    path = folder / "fresh.csv"
    rng = np.random.default_rng(int(time.time()))
    points = city.points.reshape(-1, 4)
    pick = rng.integers(0, len(points), FRESH_ROWS)
    seconds = rng.integers(0, (END - lo).days * 86_400 - 7200, FRESH_ROWS)
    stamp = int(time.time())
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "x", "y", "begin", "end", "reported", "theme", "category",
                         "person", "address", "unit"])
        start = dt.datetime(lo.year, lo.month, lo.day)
        for i in range(FRESH_ROWS):
            begin = start + dt.timedelta(seconds=int(seconds[i]))
            text = begin.strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow([f"F{stamp}-{i:06d}", f"{points[pick[i], 0]:.1f}",
                             f"{points[pick[i], 1]:.1f}", text, "", "", FRESH_THEME, "melding",
                             "", "", "wijkteam"])
    run = import_run_create(source=source, file_name=path.name)
    started = time.perf_counter()
    summary = import_run_execute(run=run, path=path)
    imported = time.perf_counter()
    cursor.execute(
        f"SELECT count(*) FROM events_event WHERE import_run_id = %s AND buurt_code <> '' AND "
        f"begin_at >= %s AND begin_at < %s",
        [run.pk, cases.local_midnight(lo), cases.local_midnight(END)],
    )
    expected = before + int(cursor.fetchone()[0])
    refreshes = 0
    seen = total()
    while seen != expected and time.perf_counter() - imported < 120:
        if hasattr(engine, "refresh"):
            engine.refresh()
            refreshes += 1
        seen = total()
    shown = time.perf_counter()
    with connection.cursor() as clean:
        clean.execute("DELETE FROM events_event WHERE import_run_id = %s", [run.pk])
    ImportRun.objects.filter(pk=run.pk).delete()
    path.unlink()
    folder.rmdir()
    return {
        "import_s": imported - started,
        "lag_s": shown - imported,
        "created": summary.created,
        "outside": summary.outside_area,
        "reflected": seen == expected,
        "refreshes": refreshes,
    }


# --- The report ---------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def report(results: list[dict[str, Any]], fresh: dict[str, Any] | None, engine_name: str) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        by_kind[result["spec"].kind].append(result)
    print(f"\nDashboard queries ({len(results)}), ms; engine = {engine_name}:")
    print(f"  {'kind':<14} {'n':>3}  {'engine p50':>10} {'p95':>7}  {'duckdb p50':>10} {'p95':>7}"
          f"  {'pg p50':>8} {'p95':>8}  {'pg/engine':>9}")
    for kind, group in [*by_kind.items(), ("overall", results)]:
        pooled = {name: [x for r in group for x in r["samples"][name]]
                  for name in ("engine", "duckdb", "postgres")}
        e50, e95 = percentiles(pooled["engine"])
        d50, d95 = percentiles(pooled["duckdb"])
        p50, p95 = percentiles(pooled["postgres"])
        print(f"  {kind:<14} {len(group):>3}  {e50:10.2f} {e95:7.2f}  {d50:10.2f} {d95:7.2f}  "
              f"{p50:8.1f} {p95:8.1f}  {p50 / e50:8.0f}×")
    pooled_engine = [x for r in results for x in r["samples"]["engine"]]
    e50, e95 = percentiles(pooled_engine)
    ratios = [percentiles(r["samples"]["postgres"])[0] / percentiles(r["samples"]["engine"])[0]
              for r in results]
    duck_ratios = [percentiles(r["samples"]["duckdb"])[0] / percentiles(r["samples"]["engine"])[0]
                   for r in results]
    ratio = statistics.median(ratios)
    print("\nTargets (engine):")
    print(f"  p50 ≤ {P50_TARGET_MS:.0f} ms: {e50:.2f} ms  {verdict(e50 <= P50_TARGET_MS)}")
    print(f"  p95 ≤ {P95_TARGET_MS:.0f} ms: {e95:.2f} ms  {verdict(e95 <= P95_TARGET_MS)}")
    print(f"  ≥ {RATIO_TARGET:.0f}× faster than PG GROUP BY (median over the queries of PG p50 / "
          f"engine p50): ×{ratio:,.0f} (lowest ×{min(ratios):,.1f})  "
          f"{verdict(ratio >= RATIO_TARGET)}")
    print(f"  (DuckDB p50 / engine p50, median over the queries: ×{statistics.median(duck_ratios):.1f})")
    if fresh is not None:
        lag = fresh["lag_s"]
        print(f"  freshness ≤ {FRESH_TARGET_S:.0f} s: {lag:.2f} s after the import committed "
              f"({fresh['created']:,} rows created, {fresh['outside']} outside every buurt, "
              f"import {fresh['import_s']:.1f} s, {fresh['refreshes']} refresh call(s)"
              f"{'' if fresh['reflected'] else '; NEVER REFLECTED'})  "
              f"{verdict(fresh['reflected'] and lag <= FRESH_TARGET_S)}")
    print(f"  load now {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(args: argparse.Namespace) -> None:
    from django.db import connection

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        started = time.perf_counter()
        engine_name, engine, selection = engine_load()
        print(f"  engine: {engine_name}, loaded in {time.perf_counter() - started:.1f} s",
              flush=True)
        started = time.perf_counter()
        con, theme_index = duck_load(cursor)
        print(f"  duckdb: loaded in {time.perf_counter() - started:.1f} s", flush=True)
        results = measure(args, cursor, engine, selection, con, theme_index)
        fresh = None if args.skip_freshness else freshness(cursor, engine, selection)
    print(f"\n{args.repeats} timed runs per query for the engine and DuckDB (alternating, after "
          f"{WARMUP} warm-up runs), {args.pg_repeats} for PostgreSQL (after one)")
    report(results, fresh, engine_name)
