"""What the request benchmarks share: Django on a given database, the settling after a bulk load,
the percentiles, and a fresh PostgreSQL database for a round."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["VEILIG_DEMO"] = "true"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "veilig.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def settle() -> None:
    """On PostgreSQL, VACUUM ANALYZE after the bulk load, as autovacuum would within minutes.

    Measured straight after loading, the planner has no statistics for the new rows (it then
    sorts a million audit rows instead of walking the seq index) and autovacuum competes for
    the two cores: neither is the steady state a user meets.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def percentiles(samples: list[float]) -> tuple[float, float]:
    """The median and the p95 of ``samples``."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def postgres_url(database: str, *, recreate: bool = True) -> str | None:
    """The URL of the bench's own PostgreSQL database (made afresh unless ``recreate`` is off and
    it exists), or None when no server answers."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if recreate or not exists:
                conn.execute(f"DROP DATABASE IF EXISTS {database}")
                conn.execute(f"CREATE DATABASE {database}")
    except psycopg.Error as exc:
        print(f"PostgreSQL round skipped: {exc}")
        return None
    return f"postgres://postgres@127.0.0.1:5432/{database}"
