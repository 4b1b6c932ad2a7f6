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
from functools import partial
from pathlib import Path
from typing import Any

import dashboard_cases as cases
import numpy as np
from dashboard_columns import columns_read, geography_read, watermarks
from dashboard_draw import END, THEME_CODES
from dashboard_set import specs as query_set
from harness import percentiles

P50_TARGET_MS = 20.0
P95_TARGET_MS = 100.0
RATIO_TARGET = 30.0
FRESH_TARGET_S = 10.0
FRESH_ROWS = 100_000
FRESH_THEME = "woninginbraak"
WARMUP = 2


def engine_load() -> Any:
    """The dashboards' engine, read in full from the database."""
    from veilig.intel.aggregates import engine

    found = engine()
    found.refresh(force=True)
    return found


def duck_load(cursor: Any) -> tuple[Any, dict[str, int]]:
    """DuckDB in memory: the same columns (sorted by theme and day) and the area map."""
    import duckdb

    geography = geography_read(cursor)
    cursor.execute("SELECT 'signal:' || code FROM signals_category ORDER BY code")
    themes = list(THEME_CODES) + [row[0] for row in cursor.fetchall()]
    # DuckDB reads cols and areas by their names (replacement scans).
    cols = columns_read(  # noqa: F841
        cursor, themes=themes, buurten=geography.buurten, after=(0, 0), upto=watermarks(cursor)
    )
    con = duckdb.connect()
    # bi: the buurt's index (what the columns hold); the area map names it by code as buurt.
    con.execute(
        "CREATE TABLE ev AS SELECT theme::SMALLINT AS theme, (DATE '1970-01-01' + day) AS day, "
        "hour::TINYINT AS hour, weekday::TINYINT AS weekday, buurt::SMALLINT AS bi, "
        "kind::TINYINT AS kind, source FROM cols ORDER BY theme, day"
    )
    cursor.execute("SELECT buurt, wijk, stadsdeel, gemeente FROM bench_area_map")
    rows = cursor.fetchall()
    index = {code: i for i, code in enumerate(geography.buurten)}
    areas = {  # noqa: F841
        "bi": np.array([index[r[0]] for r in rows], np.int16),
        "buurt": np.array([r[0] for r in rows]),
        "wijk": np.array([r[1] for r in rows]),
        "stadsdeel": np.array([r[2] for r in rows]),
        "gemeente": np.array([r[3] for r in rows]),
    }
    con.execute("CREATE TABLE amap AS SELECT * FROM areas")
    # The summary-table variant: one count per theme, day, buurt, kind and source.
    con.execute(
        "CREATE TABLE evd AS SELECT theme, day, bi, kind, source, count(*) AS n FROM ev "
        "GROUP BY ALL ORDER BY theme, day"
    )
    return con, {code: i for i, code in enumerate(themes)}


def _time(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def source_ids(cursor: Any) -> dict[str, int]:
    cursor.execute("SELECT code, id FROM events_eventsource")
    return {code: int(pk) for code, pk in cursor.fetchall()}


def measure(
    args: argparse.Namespace, cursor: Any, engine: Any, con: Any, theme_index: dict[str, int]
) -> list[dict[str, Any]]:
    cursor.execute("SELECT DISTINCT wijk FROM bench_area_map ORDER BY 1")
    wijken = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT DISTINCT stadsdeel FROM bench_area_map ORDER BY 1")
    stadsdelen = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT buurt, gemeente FROM bench_area_map ORDER BY 1")
    rows = cursor.fetchall()
    sources = source_ids(cursor)
    results = []
    specs = query_set(
        wijken=wijken, stadsdelen=stadsdelen, buurten=[r[0] for r in rows], gemeente=rows[0][1]
    )
    for number, plain in enumerate(specs, start=1):
        spec = cases.resolved(plain)
        run_engine = partial(cases.engine_answer, engine, spec, sources)
        run_duck = partial(cases.duck_answer, con, spec, theme_index, sources)
        run_summary = partial(cases.duck_answer, con, spec, theme_index, sources, summary=True)
        run_pg = partial(cases.pg_answer, cursor, spec)
        answers = {
            "engine": run_engine(),
            "duckdb": run_duck(),
            "summary": run_summary(),
            "postgres": run_pg(),
        }
        assert all(answer == answers["postgres"] for answer in answers.values()), (
            f"{spec.label}: the answers differ",
            {name: _sample(answer) for name, answer in answers.items()},
        )
        for _ in range(WARMUP - 1):
            run_engine()
            run_duck()
            run_summary()
        samples: dict[str, list[float]] = {
            "engine": [],
            "duckdb": [],
            "summary": [],
            "postgres": [],
        }
        for _ in range(args.repeats):  # alternating: both see the same machine
            samples["engine"].append(_time(run_engine))
            samples["duckdb"].append(_time(run_duck))
            samples["summary"].append(_time(run_summary))
        for _ in range(args.pg_repeats):
            samples["postgres"].append(_time(run_pg))
        size = len(answers["engine"])
        results.append({"spec": spec, "samples": samples, "size": size})
        e50 = percentiles(samples["engine"])[0]
        p50 = percentiles(samples["postgres"])[0]
        d50 = percentiles(samples["duckdb"])[0]
        s50 = percentiles(samples["summary"])[0]
        print(
            f"  {number:2d}. {spec.kind:<13} {spec.label:<58} engine {e50:7.2f}  duckdb "
            f"{d50:7.2f}  summary {s50:7.2f}  pg {p50:8.1f} ms  (×{p50 / e50:,.0f}; {size} "
            "values, equal)",
            flush=True,
        )
    return results


def _sample(answer: Any) -> Any:
    if isinstance(answer, dict):
        return dict(sorted(answer.items())[:5]), len(answer)
    return answer[:3], len(answer)


# --- Freshness ----------------------------------------------------------------------------------


def freshness(cursor: Any, engine: Any) -> dict[str, Any]:
    """Import FRESH_ROWS rows through the real import service; how long until the engine's
    tally shows them. The rows are deleted again afterwards (the cached data stay as built)."""
    import dashboard_data
    from django.db import connection
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
    from veilig.intel.aggregates import EVENTS, Selection

    sel = Selection(raw_themes=(FRESH_THEME,), day_from=lo, day_to=END, kinds=frozenset({EVENTS}))

    def total() -> int:
        return int(engine.tally(sel, level="gemeente", bucket="none").counts.sum())

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
        writer.writerow(
            [
                "id",
                "x",
                "y",
                "begin",
                "end",
                "reported",
                "theme",
                "category",
                "person",
                "address",
                "unit",
            ]
        )
        start = dt.datetime(lo.year, lo.month, lo.day)
        for i in range(FRESH_ROWS):
            begin = start + dt.timedelta(seconds=int(seconds[i]))
            text = begin.strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow(
                [
                    f"F{stamp}-{i:06d}",
                    f"{points[pick[i], 0]:.1f}",
                    f"{points[pick[i], 1]:.1f}",
                    text,
                    "",
                    "",
                    FRESH_THEME,
                    "melding",
                    "",
                    "",
                    "wijkteam",
                ]
            )
    run = import_run_create(source=source, file_name=path.name)
    started = time.perf_counter()
    summary = import_run_execute(run=run, path=path)
    imported = time.perf_counter()
    cursor.execute(
        "SELECT count(*) FROM events_event WHERE import_run_id = %s AND buurt_code <> '' AND "
        "begin_at >= %s AND begin_at < %s",
        [run.pk, cases.local_midnight(lo), cases.local_midnight(END)],
    )
    expected = before + int(cursor.fetchone()[0])
    # The engine keeps itself in step (it looks at the database before answering, at most once
    # a second): ask as a dashboard would, every 50 ms, without calling refresh.
    polls = 1
    seen = total()
    while seen != expected and time.perf_counter() - imported < 120:
        time.sleep(0.05)
        seen = total()
        polls += 1
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
        "polls": polls,
    }


# --- The report ---------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def report(results: list[dict[str, Any]], fresh: dict[str, Any] | None) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        by_kind[result["spec"].kind].append(result)
    print(f"\nDashboard queries ({len(results)}), ms; engine = veilig.intel.aggregates:")
    print(
        f"  {'kind':<14} {'n':>3}  {'engine p50':>10} {'p95':>7}  {'duckdb p50':>10} {'p95':>7}"
        f"  {'summary p50':>11} {'p95':>7}  {'pg p50':>8} {'p95':>8}  {'pg/engine':>9}"
    )
    for kind, group in [*by_kind.items(), ("overall", results)]:
        pooled = {
            name: [x for r in group for x in r["samples"][name]]
            for name in ("engine", "duckdb", "summary", "postgres")
        }
        e50, e95 = percentiles(pooled["engine"])
        d50, d95 = percentiles(pooled["duckdb"])
        s50, s95 = percentiles(pooled["summary"])
        p50, p95 = percentiles(pooled["postgres"])
        print(
            f"  {kind:<14} {len(group):>3}  {e50:10.2f} {e95:7.2f}  {d50:10.2f} {d95:7.2f}  "
            f"{s50:11.2f} {s95:7.2f}  {p50:8.1f} {p95:8.1f}  {p50 / e50:8.0f}×"
        )
    print("  (summary: DuckDB over a daily summary table; heat maps stay on the rows)")
    pooled_engine = [x for r in results for x in r["samples"]["engine"]]
    e50, e95 = percentiles(pooled_engine)
    ratios = [
        percentiles(r["samples"]["postgres"])[0] / percentiles(r["samples"]["engine"])[0]
        for r in results
    ]
    duck_ratios = [
        percentiles(r["samples"]["duckdb"])[0] / percentiles(r["samples"]["engine"])[0]
        for r in results
    ]
    ratio = statistics.median(ratios)
    print("\nTargets (engine):")
    print(f"  p50 ≤ {P50_TARGET_MS:.0f} ms: {e50:.2f} ms  {verdict(e50 <= P50_TARGET_MS)}")
    print(f"  p95 ≤ {P95_TARGET_MS:.0f} ms: {e95:.2f} ms  {verdict(e95 <= P95_TARGET_MS)}")
    print(
        f"  ≥ {RATIO_TARGET:.0f}× faster than PG GROUP BY (median over the queries of PG p50 / "
        f"engine p50): ×{ratio:,.0f} (lowest ×{min(ratios):,.1f})  "
        f"{verdict(ratio >= RATIO_TARGET)}"
    )
    print(
        "  (DuckDB p50 / engine p50, median over the queries: "
        f"×{statistics.median(duck_ratios):.1f})"
    )
    if fresh is not None:
        lag = fresh["lag_s"]
        print(
            f"  freshness ≤ {FRESH_TARGET_S:.0f} s: {lag:.2f} s after the import committed "
            f"({fresh['created']:,} rows created, {fresh['outside']} outside every buurt, "
            f"import {fresh['import_s']:.1f} s, {fresh['polls']} tallies asked"
            f"{'' if fresh['reflected'] else '; NEVER REFLECTED'})  "
            f"{verdict(fresh['reflected'] and lag <= FRESH_TARGET_S)}"
        )
    print(f"  load now {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(args: argparse.Namespace) -> None:
    from django.db import connection

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        started = time.perf_counter()
        engine = engine_load()
        print(
            f"  engine: veilig.intel.aggregates, loaded in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        started = time.perf_counter()
        con, theme_index = duck_load(cursor)
        print(f"  duckdb: loaded in {time.perf_counter() - started:.1f} s", flush=True)
        results = measure(args, cursor, engine, con, theme_index)
        fresh = None if args.skip_freshness else freshness(cursor, engine)
    print(
        f"\n{args.repeats} timed runs per query for the engine and DuckDB (alternating, after "
        f"{WARMUP} warm-up runs), {args.pg_repeats} for PostgreSQL (after one)"
    )
    report(results, fresh)
