"""Benchmark: point-in-area lookups over the demo city's buurten.

Target: at least 100,000 points/s for a batch of 100,000 random points inside the gemeente's
bounding box. Builds Voorbeeldstad (``demo_city --seed 1``) in a temporary SQLite database; when
that command is missing or fails, it falls back to the real Groningen buurten in
``../shared/data`` and says so. Prints the median of several repeats beside the target, the bulk
``STRtree.query(points, predicate=...)`` variant and a naive baseline (one ``contains`` per
polygon, in a Python loop) over a sample, with the ratios.

Run: ``uv run python bench/point_in_area.py`` (add ``--groningen`` to measure the real
Groningen buurten instead of the demo city).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
TARGET = 100_000  # points per second
POINTS = 100_000
REPEATS = 7
NAIVE_SAMPLE = 2_000
SEED = 42


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["VEILIG_DEMO"] = "true"
    os.environ["DJANGO_SETTINGS_MODULE"] = "veilig.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load_areas(*, groningen: bool) -> str:
    """Fill the database; returns where the buurten came from."""
    from django.core.management import call_command

    from veilig.geo.models import Area

    call_command("migrate", verbosity=0, interactive=False)
    if groningen:
        return load_groningen()
    try:
        call_command("demo_city", seed=1, verbosity=0)
    except Exception as exc:  # the demo generator is optional for this benchmark
        print(f"demo_city is not available ({type(exc).__name__}: {exc}); falling back.")
    else:
        if Area.objects.filter(level="buurt").exists():
            return "Voorbeeldstad (demo_city --seed 1)"
        print("demo_city made no buurten; falling back.")
    return load_groningen()


def load_groningen() -> str:
    from veilig.geo.services import areas_import

    path = ROOT.parent / "shared" / "data" / "groningen" / "buurt2017.zip"
    if not path.is_file():
        sys.exit(f"No demo city and no fallback data at {path}: nothing to measure.")
    areas_import(path=path)
    return f"Groningen CBS buurten 2017 ({path.name}, fallback)"


def timed(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """The median wall time of ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def predicate_query(index: Any, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> Any:
    """The bulk ``STRtree.query(points, predicate="intersects")`` variant, lowest code wins."""
    import shapely

    point_idx, area_idx = index.tree.query(shapely.points(x, y), predicate="intersects")
    result = np.full(x.shape, len(index.codes), dtype=np.int64)
    np.minimum.at(result, point_idx, area_idx)
    result[result == len(index.codes)] = -1
    return result


def naive(index: Any, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> list[int]:
    """One ``polygon.contains(point)`` after the other, without a tree (first hit wins)."""
    import shapely

    polygons = [shapely.from_wkb(shapely.to_wkb(g)) for g in index.geometries]  # unprepared
    found = []
    for px, py in zip(x, y, strict=True):
        point = shapely.Point(px, py)
        found.append(next((i for i, p in enumerate(polygons) if p.contains(point)), -1))
    return found


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="veilig-bench-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        source = load_areas(groningen="--groningen" in sys.argv[1:])

        import shapely

        from veilig.geo.index import area_index

        build_time, index = timed(area_index, 1)
        min_x, min_y, max_x, max_y = shapely.total_bounds(index.geometries)
        rng = np.random.default_rng(SEED)
        x = rng.uniform(min_x, max_x, POINTS)
        y = rng.uniform(min_y, max_y, POINTS)

        index_time, positions = timed(lambda: index.positions_rd(x, y), REPEATS)
        predicate_time, by_predicate = timed(lambda: predicate_query(index, x, y), REPEATS)
        naive_time, by_naive = timed(lambda: naive(index, x[:NAIVE_SAMPLE], y[:NAIVE_SAMPLE]), 1)

        rate = POINTS / index_time
        predicate_rate = POINTS / predicate_time
        naive_rate = NAIVE_SAMPLE / naive_time
        inside = float((positions >= 0).mean())
        disagree = int((positions != by_predicate).sum())
        disagree_naive = int((positions[:NAIVE_SAMPLE] != np.asarray(by_naive)).sum())

        print(f"Point in area — {source}")
        print(
            f"  {len(index)} buurten (boundary year {index.boundary_year}); index built in "
            f"{build_time * 1000:.0f} ms"
        )
        print(f"  {POINTS:,} random points in the bounding box, {inside:.0%} inside a buurt")
        verdict = "OK" if rate >= TARGET else "BELOW TARGET"
        print(
            f"  AreaIndex.locate:        {rate:>12,.0f} points/s (median of {REPEATS})  "
            f"target >= {TARGET:,} points/s: {verdict}"
        )
        print(
            f"  STRtree predicate query: {predicate_rate:>12,.0f} points/s (median of {REPEATS})  "
            f"ratio index/this {rate / predicate_rate:.2f}; {disagree} answers differ"
        )
        print(
            f"  naive loop (sample {NAIVE_SAMPLE:,}): {naive_rate:>8,.0f} points/s  "
            f"ratio index/this {rate / naive_rate:,.0f}; {disagree_naive} answers differ"
        )
        if rate < TARGET:
            sys.exit(1)


if __name__ == "__main__":
    main()
