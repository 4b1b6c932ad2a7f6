"""Benchmark: the dashboard queries on 10,000,000 events (issue #15, item 5).

A mixed set of dashboard queries (theme × area level × period, source and area filters, the HIC
aggregate, heat maps, trends per week and month over all years with a seasonal baseline, top
areas with their change) is answered three ways in the same run, over the same events: the
aggregate engine (``veilig.intel.aggregates``), DuckDB in memory over the same columns read
from PostgreSQL (bench/dashboard_columns.py), and plain SQL ``GROUP BY`` on PostgreSQL. The
three answers of every query must be equal (asserted). Then the freshness: 100,000 new rows
through the real import service, and the time until the engine's tally shows them.

Targets: engine p50 ≤ 20 ms and p95 ≤ 100 ms over all queries, ≥ 30× faster than PostgreSQL's
GROUP BY (the median over the queries of PG p50 / engine p50), freshness ≤ 10 s.

The data (bench/dashboard_data.py) live in the PostgreSQL database ``veilig_bench_dashboard``
(``_<events>`` appended for other sizes), kept between runs: a run with the same seed and size
reuses them (``--regenerate`` builds again). The round runs in a fresh process (Django reads
its settings once).

Run: ``uv run python bench/dashboard_queries.py [--events 10000000] [--repeats 20]
[--pg-repeats 3] [--regenerate] [--skip-freshness]``; ``--events 200000`` for a quick check.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from harness import postgres_url, settle, setup_django

ROOT = Path(__file__).resolve().parent.parent
PG_BENCH_DB = "veilig_bench_dashboard"
SEED = 15


def database_name(events: int) -> str:
    """One database per size, so a quick run does not drop the 10M build."""
    return PG_BENCH_DB if events == 10_000_000 else f"{PG_BENCH_DB}_{events}"


def prepare(events: int, regenerate: bool) -> None:
    """The bench database with ``events`` events: reused when it was built with this seed and
    size, else built again (from an empty database)."""
    import dashboard_data
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        if not regenerate and dashboard_data.cached(cursor, seed=SEED, events=events):
            call_command("migrate", verbosity=0, interactive=False)  # code newer than the data
            print(f"  data: reused ({dashboard_data.describe(cursor)})", flush=True)
            return
    connection.close()
    postgres_url(database_name(events), recreate=True)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    timings = dashboard_data.build(seed=SEED, events=events)
    settle()
    timings["vacuum analyze"] = time.perf_counter() - started - sum(timings.values())
    with connection.cursor() as cursor:
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        print(f"  data: built {dashboard_data.describe(cursor)}: {steps}", flush=True)


def run_round(args: argparse.Namespace) -> None:
    setup_django(
        postgres_url(database_name(args.events), recreate=False) or sys.exit("no PostgreSQL")
    )
    prepare(args.events, args.regenerate)
    if args.build_only:
        return
    import dashboard_run

    dashboard_run.main(args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=20, help="timed runs per query (engines)")
    parser.add_argument("--pg-repeats", type=int, default=3, help="timed runs per query (PG)")
    parser.add_argument("--regenerate", action="store_true", help="build the data again")
    parser.add_argument("--skip-freshness", action="store_true")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.round:
        run_round(args)
        return
    sys.exit(
        subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--round", *sys.argv[1:]],
            cwd=ROOT,
            check=False,
        ).returncode
    )


if __name__ == "__main__":
    main()
