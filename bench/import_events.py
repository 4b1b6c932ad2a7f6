"""Benchmark: the event import pipeline on a generated 1,000,000-row CSV, on SQLite and
PostgreSQL, beside PostgreSQL's own COPY of the same file in the same run.

Target (issue 3): at least 20,000 rows/s for the whole pipeline (read, validate, RD → WGS84,
point-in-area for buurt and wijk, pseudonymise person and address, hash, write), measured as
wall time of ``import_run_execute`` from the file on disk to the committed transaction.

The CSV has the generic format (RD x/y inside the real Groningen buurten of
``../shared/data/groningen``, or the demo city when that folder is absent), ISO date-times, a
theme column, a person for one row in five and an address for three in five. Each database
round runs in a fresh process (Django reads its settings once) on a fresh database: a temporary
SQLite file, and a PostgreSQL database ``veilig_bench_events`` that is created and dropped here.
The baseline is ``COPY plain_table FROM STDIN (FORMAT csv)`` of the same file into a table with
typed columns and no indexes: the fastest way into PostgreSQL, with none of the pipeline's work.

Run: ``uv run python bench/import_events.py [--rows 1000000] [--db sqlite,postgres] [--reimport]``
(``--reimport`` also times a second import of the same file, which must change nothing).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "groningen"
TARGET = 20_000  # rows per second
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "veilig_bench_events"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
SEED = 20_240_601
THEMES = ("woninginbraak", "fietsdiefstal", "geweld", "drugsoverlast", "verward-gedrag")
MAPPING = {
    "external_id": "id",
    "crs": "rd",
    "x": "x",
    "y": "y",
    "begin": "begin",
    "end": "end",
    "reported": "reported",
    "theme_column": "theme",
    "category": "category",
    "person": "person",
    "address": "address",
    "attributes": ["unit"],
}


# --- The file ---------------------------------------------------------------------------------


def _groningen_polygons() -> Any | None:
    """The union of the Groningen buurten in RD, or None without the shared data."""
    if not (SHARED / "buurt2017.zip").is_file():
        return None
    import pyogrio
    import shapely
    from pyproj import Transformer

    _meta, _fids, wkb, _fields = pyogrio.raw.read(SHARED / "buurt2017.zip", columns=[])
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)

    def transform(coords: Any) -> Any:
        x, y = to_rd.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(shapely.union_all(shapely.from_wkb(wkb)), transform)


def sample_points(rows: int, rng: np.random.Generator) -> tuple[Any, Any, str]:
    import shapely

    area = _groningen_polygons()
    if area is None:
        # No shared data: the demo city's box (Voorbeeldstad is generated around it).
        x = rng.uniform(150_000, 160_000, rows)
        y = rng.uniform(450_000, 460_000, rows)
        return x, y, "a 10 × 10 km box (no Groningen data; demo city areas are loaded)"
    minx, miny, maxx, maxy = area.bounds
    shapely.prepare(area)
    xs, ys = [], []
    have = 0
    while have < rows:
        x = rng.uniform(minx, maxx, rows)
        y = rng.uniform(miny, maxy, rows)
        inside = shapely.contains_xy(area, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        have += int(inside.sum())
    return (
        np.concatenate(xs)[:rows],
        np.concatenate(ys)[:rows],
        "inside the Groningen CBS 2017 buurten",
    )


def generate(path: Path, rows: int) -> str:
    rng = np.random.default_rng(SEED)
    x, y, where = sample_points(rows, rng)
    start = dt.datetime(2013, 1, 1).timestamp()
    span = 5 * 365 * 86_400
    begin = start + rng.integers(0, span, rows)
    end = begin + rng.integers(0, 12 * 3600, rows)
    reported = end + rng.integers(0, 3 * 86_400, rows)
    theme = rng.integers(0, len(THEMES), rows)
    person = rng.integers(0, 40_000, rows)
    has_person = rng.random(rows) < 0.2
    address = rng.integers(0, 120_000, rows)
    has_address = rng.random(rows) < 0.6
    fmt = "%Y-%m-%d %H:%M:%S"
    amsterdam = ZoneInfo("Europe/Amsterdam")  # real local times: none in the DST gap

    def stamp(seconds: Any) -> dt.datetime:
        return dt.datetime.fromtimestamp(float(seconds), tz=amsterdam)

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
        for i in range(rows):
            writer.writerow(
                (
                    f"EV{i:08d}",
                    f"{x[i]:.1f}",
                    f"{y[i]:.1f}",
                    stamp(begin[i]).strftime(fmt),
                    stamp(end[i]).strftime(fmt),
                    stamp(reported[i]).strftime(fmt),
                    THEMES[theme[i]],
                    "melding",
                    f"persoon-{person[i]}" if has_person[i] else "",
                    f"adres-{address[i]}" if has_address[i] else "",
                    "wijkteam",
                )
            )
    return where


# --- One database round (in its own process) ---------------------------------------------------


def setup_django(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["VEILIG_DEMO"] = "true"
    os.environ["VEILIG_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "veilig.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load_areas() -> str:
    from django.core.management import call_command

    if (SHARED / "buurt2017.zip").is_file():
        from veilig.geo.services import areas_import

        areas_import(path=SHARED / "buurt2017.zip")
        areas_import(path=SHARED / "wijk2017.zip")
        return "Groningen CBS 2017"
    call_command("demo_city", seed=1, verbosity=0)
    return "Voorbeeldstad (demo_city --seed 1)"


def run_round(database_url: str, csv_path: Path, var_dir: str, reimport: bool) -> None:
    setup_django(database_url, var_dir)
    from django.core.management import call_command

    from veilig.events.services import event_source_create, import_run_create, import_run_execute

    call_command("migrate", verbosity=0, interactive=False)
    load_areas()
    source = event_source_create(code="bench", name="Bench", format="generic", mapping=MAPPING)
    results: dict[str, Any] = {}
    for label in ("first", "again") if reimport else ("first",):
        run = import_run_create(source=source, file_name=csv_path.name)
        started = time.perf_counter()
        cpu = time.process_time()
        summary = import_run_execute(run=run, path=csv_path)
        results[label] = {
            "seconds": time.perf_counter() - started,
            "cpu": time.process_time() - cpu,
            "rows": summary.rows_total,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
            "outside": summary.outside_area,
        }
    print("RESULT " + json.dumps(results), flush=True)


# --- PostgreSQL ------------------------------------------------------------------------------


def postgres_create() -> str | None:
    try:
        import psycopg
    except ImportError:
        print("PostgreSQL round skipped: psycopg is not installed.")
        return None
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    except psycopg.Error as exc:
        print(f"PostgreSQL round skipped: not reachable at 127.0.0.1:5432 ({exc}).")
        return None
    return PG_BENCH_URL


def postgres_drop() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")


def postgres_copy(csv_path: Path) -> tuple[float, int]:
    """PostgreSQL's own COPY of the same file into a plain typed table (the baseline)."""
    import psycopg

    with psycopg.connect(PG_BENCH_URL, connect_timeout=3) as conn:
        conn.execute(
            "CREATE TABLE bench_copy (id text, x double precision, y double precision, "
            "begin_at timestamp, end_at timestamp, reported_at timestamp, theme text, "
            "category text, person text, address text, unit text)"
        )
        conn.commit()
        started = time.perf_counter()
        sql = "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        with conn.cursor() as cursor, cursor.copy(sql) as copy, csv_path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        seconds = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM bench_copy").fetchone()
    return seconds, int(count[0]) if count else 0


# --- Main ------------------------------------------------------------------------------------


def _round(url: str, csv_path: Path, var_dir: str, reimport: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--round", url, "--csv", str(csv_path), "--var", var_dir]
    if reimport:
        cmd.append("--reimport")
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[7:])
            return result
    raise RuntimeError(f"the round failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")


def _line(label: str, result: dict[str, Any], copy_rate: float | None) -> str:
    rate = result["rows"] / result["seconds"]
    verdict = "OK" if rate >= TARGET else "MISSED"
    ratio = f"; {copy_rate / rate:.1f}× slower than COPY" if copy_rate else ""
    return (
        f"  {label:<28} {result['rows']:>9,} rows in {result['seconds']:6.1f} s = "
        f"{rate:>8,.0f} rows/s (target ≥ {TARGET:,} rows/s: {verdict}{ratio}; "
        f"CPU {result['cpu']:.1f} s) created {result['created']:,}, updated "
        f"{result['updated']:,}, unchanged {result['unchanged']:,}, rejected "
        f"{result['rejected']:,}, outside every buurt {result['outside']:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--reimport", action="store_true")
    parser.add_argument("--round", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--var", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.round:
        run_round(args.round, args.csv, args.var, args.reimport)
        return

    folder = Path(tempfile.mkdtemp(prefix="veilig-bench-events-"))
    try:
        csv_path = folder / "events.csv"
        started = time.perf_counter()
        where = generate(csv_path, args.rows)
        size = csv_path.stat().st_size / 1e6
        print(
            f"Generated {args.rows:,} rows ({size:.0f} MB, points {where}) in "
            f"{time.perf_counter() - started:.1f} s: {csv_path}",
            flush=True,
        )
        results: list[tuple[str, dict[str, Any]]] = []
        copy_rate: float | None = None
        for db in args.db.split(","):
            if db == "sqlite":
                url = f"sqlite:///{folder / 'bench.sqlite3'}"
            elif db == "postgres":
                maybe = postgres_create()
                if maybe is None:
                    continue
                url = maybe
            else:
                sys.exit(f"unknown database {db!r}: use sqlite and/or postgres")
            print(f"== {db}: migrate, load areas, import …", flush=True)
            try:
                outcome = _round(url, csv_path, str(folder / f"var-{db}"), args.reimport)
                for label, result in outcome.items():
                    results.append((f"{db} pipeline ({label})", result))
                if db == "postgres":
                    seconds, count = postgres_copy(csv_path)
                    copy_rate = count / seconds
                    print(
                        f"  PostgreSQL COPY of the same file: {count:,} rows in {seconds:.1f} s",
                        flush=True,
                    )
            finally:
                if db == "postgres":
                    postgres_drop()
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"\nEvent import, {args.rows:,} rows (target ≥ {TARGET:,} rows/s; load now {load}):")
        for label, result in results:
            print(_line(label, result, copy_rate))
        if copy_rate:
            print(f"  {'postgres COPY (baseline)':<28} {copy_rate:>34,.0f} rows/s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
