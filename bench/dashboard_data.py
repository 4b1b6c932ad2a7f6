"""The synthetic data of the dashboard benchmark: a city, 10M events and some signals in a
PostgreSQL database of its own, kept between runs (``bench_dashboard_meta`` names the seed and
the size it was built with).

The areas come from the demo's geography generator (Voorbeeldstad: about 100 buurten in 25
wijken and 6 stadsdelen). Events are drawn in numpy, one million at a time: a theme with the
skew of the demo's yearly volumes (overlast jeugd about six times woninginbraak), a local day
over six years weighted by season, weekday and trend, an hour from the theme's daily rhythm, a
buurt from the theme's own spatial weights and a point from a pool inside that buurt. DuckDB
turns each million into CSV (formatting ten million times in Python would take minutes) and
``COPY`` writes it; the table's indexes and constraints are dropped for the load and built again
after it, once. Times are written as local times with the session in Europe/Amsterdam, so
PostgreSQL does the DST conversion.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from dashboard_draw import (
    POINTS_PER_BUURT,
    SIGNAL_THEMES,
    SOURCES,
    START,
    THEME_CODES,
    THEMES,
    draw,
)

VERSION = 1  # bump when the generated data change for a seed and size
CHUNK = 1_000_000
SIGNAL_SHARE = 0.02  # signals: 2 % of the events' number
TZ = "Europe/Amsterdam"


@dataclass(frozen=True)
class City:
    """The areas as the bench uses them: buurt codes with their wijk, stadsdeel and gemeente,
    and a pool of points inside each buurt (RD and WGS84)."""

    buurten: list[str]
    wijk_of: dict[str, str]
    stadsdeel_of: dict[str, str]
    gemeente: str
    points: np.ndarray  # [buurt, point, (x, y, lat, lon)]


# --- The cache --------------------------------------------------------------------------------


def cached(cursor: Any, *, seed: int, events: int) -> bool:
    """Whether the database holds a finished build with this seed and size."""
    cursor.execute("SELECT to_regclass('bench_dashboard_meta') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SELECT seed, events, version FROM bench_dashboard_meta")
    return bool(cursor.fetchone() == (seed, events, VERSION))


# --- The city ---------------------------------------------------------------------------------


def city_write(*, seed: int) -> None:
    """The demo geography's areas, the two event sources and the signal categories."""
    from veilig.demo import constants
    from veilig.demo.generator.geography import geography_build
    from veilig.demo.generator.geojson import rd_bounds, rd_geometry_to_geojson
    from veilig.events.models import EventSource
    from veilig.geo.models import Area
    from veilig.signals.models import Category

    geography = geography_build(seed=seed)
    written: dict[str, Area] = {}
    for level in (geography.gemeente,), geography.stadsdelen, geography.wijken, geography.buurten:
        rows = []
        for plan in level:
            min_x, min_y, max_x, max_y = rd_bounds(plan.polygon)
            rows.append(
                Area(
                    code=plan.code,
                    name=plan.name,
                    level=plan.level,
                    parent=written[plan.parent_code] if plan.parent_code else None,
                    boundary_year=constants.BOUNDARY_YEAR,
                    geometry=rd_geometry_to_geojson(plan.polygon),
                    rd_min_x=min_x,
                    rd_min_y=min_y,
                    rd_max_x=max_x,
                    rd_max_y=max_y,
                )
            )
        for created in Area.objects.bulk_create(rows):
            written[created.code] = created
    for code, name, fmt in SOURCES:
        EventSource.objects.create(code=code, name=name, format=fmt)
    for position, theme in enumerate(SIGNAL_THEMES):
        Category.objects.create(
            code=f"bench-{theme}", name=theme, event_themes=[theme], position=position
        )
    Category.objects.create(code="bench-overig", name="overig", event_themes=[], position=99)


def city_read(*, seed: int) -> City:
    """The city as written (the point pools are drawn again: they depend only on the seed)."""
    from pyproj import Transformer

    from veilig.demo.generator.geography import geography_build, points_inside
    from veilig.geo.models import Area, AreaLevel

    geography = geography_build(seed=seed)
    rng = np.random.default_rng(seed + 1)
    to_wgs = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    pools = []
    for plan in geography.buurten:
        xy = points_inside(rng=rng, polygon=plan.polygon, count=POINTS_PER_BUURT)
        lon, lat = to_wgs.transform(xy[:, 0], xy[:, 1])
        pools.append(np.column_stack([xy[:, 0], xy[:, 1], lat, lon]))
    areas = {a.code: a for a in Area.objects.select_related("parent")}
    buurten = [plan.code for plan in geography.buurten]
    wijk_of = {code: areas[code].parent.code for code in buurten}  # type: ignore[union-attr]
    stadsdeel_of = {
        code: areas[wijk].parent.code  # type: ignore[union-attr]
        for code, wijk in wijk_of.items()
    }
    gemeente = next(a.code for a in areas.values() if a.level == AreaLevel.GEMEENTE)
    return City(buurten, wijk_of, stadsdeel_of, gemeente, np.stack(pools))


def area_map_write(cursor: Any, city: City) -> None:
    """``bench_area_map``: each buurt with its wijk, stadsdeel and gemeente (what the plain SQL
    joins to count by a level the events do not store)."""
    cursor.execute("DROP TABLE IF EXISTS bench_area_map")
    cursor.execute(
        "CREATE TABLE bench_area_map (buurt text PRIMARY KEY, wijk text, stadsdeel text, "
        "gemeente text)"
    )
    cursor.executemany(
        "INSERT INTO bench_area_map VALUES (%s, %s, %s, %s)",
        [(b, city.wijk_of[b], city.stadsdeel_of[b], city.gemeente) for b in city.buurten],
    )


def _lookups(duck: Any, city: City, source_ids: list[int]) -> None:
    pts = city.points.reshape(-1, 4)
    # DuckDB reads the dict by its name (a replacement scan).
    pools = {  # noqa: F841
        "buurt": np.repeat(np.arange(len(city.buurten)), POINTS_PER_BUURT).astype(np.int16),
        "point": np.tile(np.arange(POINTS_PER_BUURT), len(city.buurten)).astype(np.int32),
        "x": pts[:, 0],
        "y": pts[:, 1],
        "lat": pts[:, 2],
        "lon": pts[:, 3],
    }
    duck.execute("CREATE OR REPLACE TABLE pts AS SELECT * FROM pools")
    # DuckDB reads the dict by its name (a replacement scan).
    buurten = {  # noqa: F841
        "buurt": np.arange(len(city.buurten)).astype(np.int16),
        "bcode": np.array(city.buurten),
        "wcode": np.array([city.wijk_of[b] for b in city.buurten]),
        "scode": np.array([city.stadsdeel_of[b] for b in city.buurten]),
    }
    duck.execute("CREATE OR REPLACE TABLE bu AS SELECT * FROM buurten")
    # DuckDB reads the dict by its name (a replacement scan).
    themes = {  # noqa: F841
        "theme": np.arange(len(THEMES)).astype(np.int16),
        "tcode": np.array(THEME_CODES),
        "cat": np.array([t.category for t in THEMES]),
        "inc": np.array([t.incident_code for t in THEMES]),
    }
    duck.execute("CREATE OR REPLACE TABLE th AS SELECT * FROM themes")
    # DuckDB reads the dict by its name (a replacement scan).
    ids = {"source": np.array([0, 1], np.int8), "sid": np.array(source_ids, np.int64)}  # noqa: F841
    duck.execute("CREATE OR REPLACE TABLE so AS SELECT * FROM ids")


EVENT_COLUMNS = (
    "source_id, external_id, theme, category, incident_code, begin_at, rd_x, rd_y, lat, lon, "
    "buurt_code, wijk_code, person_key, address_key, attributes, content_hash"
)
EVENT_SELECT = """
SELECT so.sid, 'B' || lpad((c.first + c.seq)::VARCHAR, 9, '0'), th.tcode, th.cat, th.inc,
       (DATE '{start}' + c.day)::TIMESTAMP + to_seconds(c.second), pts.x, pts.y, pts.lat, pts.lon,
       bu.bcode, bu.wcode, '', '', '{{}}', ''
FROM chunk c JOIN th USING (theme) JOIN so USING (source) JOIN bu USING (buurt)
JOIN pts ON pts.buurt = c.buurt AND pts.point = c.point
"""
SIGNAL_COLUMNS = (
    "occurred_at, reported_at, source, description, rd_x, rd_y, lat, lon, location_method, "
    "buurt_code, wijk_code, stadsdeel_code, gemeente_code, status, routed_rule_name, priority, "
    "category_id"
)
SIGNAL_SELECT = """
SELECT (DATE '{start}' + c.day)::TIMESTAMP + to_seconds(c.second),
       (DATE '{start}' + c.day)::TIMESTAMP + to_seconds(c.second + 600), 'wijkteam',
       'Synthetisch signaal', pts.x, pts.y, pts.lat, pts.lon, 'kaart', bu.bcode, bu.wcode,
       bu.scode, '{gemeente}', 'afgehandeld', '', 2, cat.cid
FROM chunk c JOIN bu USING (buurt) JOIN cat ON cat.k = c.theme % {categories}
JOIN pts ON pts.buurt = c.buurt AND pts.point = c.point
"""


def _copy(cursor: Any, table: str, columns: str, path: Path) -> None:
    sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with cursor.copy(sql) as copy, path.open("rb") as handle:
        while block := handle.read(1 << 22):
            copy.write(block)


def _indexes_drop(cursor: Any, table: str) -> list[str]:
    """Drop the table's indexes and constraints but its primary key; the statements that make
    them again."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ]


def build(*, seed: int, events: int) -> dict[str, float]:
    """Fill the (migrated, empty) database; returns seconds per step."""
    import duckdb
    from django.db import connection, transaction

    from veilig.events.models import EventSource
    from veilig.signals.models import Category

    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        city_write(seed=seed)
    city = city_read(seed=seed)
    timings["city"] = time.perf_counter() - started
    source_ids = [EventSource.objects.get(code=code).pk for code, _n, _f in SOURCES]
    categories = list(Category.objects.order_by("position").values_list("pk", flat=True))
    duck = duckdb.connect()
    _lookups(duck, city, source_ids)
    # DuckDB reads the dict by its name (a replacement scan).
    category_ids = {  # noqa: F841
        "k": np.arange(len(categories)).astype(np.int16),
        "cid": np.array(categories, np.int64),
    }
    duck.execute("CREATE TABLE cat AS SELECT * FROM category_ids")
    rng = np.random.default_rng(seed)
    folder = Path(tempfile.mkdtemp(prefix="veilig-bench-dashboard-"))
    csv_path = folder / "chunk.csv"
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own, for COPY
        cursor.execute(f"SET TIME ZONE '{TZ}'")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        started = time.perf_counter()
        rebuild = _indexes_drop(cursor, "events_event")
        for first in range(0, events, CHUNK):
            fresh = draw(rng, min(CHUNK, events - first), len(city.buurten))
            fresh["first"] = np.full(len(fresh["day"]), first, np.int64)
            fresh["seq"] = np.arange(len(fresh["day"]), dtype=np.int64)
            # (a Python name DuckDB scans: a table of that name would win over it)
            duck.execute("CREATE OR REPLACE TABLE chunk AS SELECT * FROM fresh")
            duck.execute(
                f"COPY ({EVENT_SELECT.format(start=START)}) TO '{csv_path}' (HEADER false)"
            )
            _copy(cursor, "events_event", EVENT_COLUMNS, csv_path)
            print(
                f"  events: {first + len(fresh['day']):,} copied "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        timings["events copy"] = time.perf_counter() - started
        started = time.perf_counter()
        for statement in rebuild:
            cursor.execute(statement)
        timings["events indexes"] = time.perf_counter() - started
        started = time.perf_counter()
        fresh = draw(rng, max(1, int(events * SIGNAL_SHARE)), len(city.buurten))
        duck.execute("CREATE OR REPLACE TABLE chunk AS SELECT * FROM fresh")
        select = SIGNAL_SELECT.format(
            start=START, gemeente=city.gemeente, categories=len(categories)
        )
        duck.execute(f"COPY ({select}) TO '{csv_path}' (HEADER false)")
        _copy(cursor, "signals_signal", SIGNAL_COLUMNS, csv_path)
        timings["signals copy"] = time.perf_counter() - started
        area_map_write(cursor, city)
        cursor.execute(
            "CREATE TABLE bench_dashboard_meta (seed int, events bigint, version int, "
            "built_at timestamptz DEFAULT now())"
        )
        cursor.execute(
            "INSERT INTO bench_dashboard_meta (seed, events, version) VALUES (%s, %s, %s)",
            [seed, events, VERSION],
        )
    csv_path.unlink(missing_ok=True)
    folder.rmdir()
    return timings


def describe(cursor: Any) -> str:
    cursor.execute("SELECT count(*) FROM events_event")
    events = cursor.fetchone()[0]
    cursor.execute("SELECT count(*) FROM signals_signal")
    signals = cursor.fetchone()[0]
    cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('events_event'))")
    size = cursor.fetchone()[0]
    return f"{events:,} events ({size} with indexes), {signals:,} signals"


def meta_json(cursor: Any) -> str:
    cursor.execute("SELECT seed, events, version, built_at FROM bench_dashboard_meta")
    seed, events, version, built = cursor.fetchone()
    return json.dumps({"seed": seed, "events": events, "version": version, "built": str(built)})
