"""Done when: no suppressed cell can be recovered from what a policy officer can see.

A generated city (gemeente → 2 stadsdelen → 2 wijken each → 2 buurten each) gets sparse
synthetic events of the high-impact-crime themes and of one other theme over two years. Every
dashboard a policy officer can ask for is built through the real code path (the form's
lattice: every level, every area, every month, quarter and year, every theme); every figure it
shows is collected. Then:

1. every shown count equals its cell of the protected cube, and every suppressed cell shows
   nothing — nor any rate or change made from it;
2. the exact integer audit (``veilig.intel.disclosure.audit``) over everything the cube
   publishes — a superset of what was shown — finds more than one consistent value for every
   suppressed cell: 0 recovered.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.db import connection
from django.test import override_settings

from veilig.events.models import Event, EventSource
from veilig.geo.models import Area, AreaLevel
from veilig.intel.aggregates import engine
from veilig.intel.aggregates.calendar import Bucket
from veilig.intel.dashboards.figures import Dashboard, dashboard_build
from veilig.intel.dashboards.params import DashboardQuery
from veilig.intel.dashboards.periods import Period, PeriodKind, period_of
from veilig.intel.dashboards.suppression import ProtectedCounts, cubes_forget, theme_group
from veilig.intel.disclosure.audit import recovered
from veilig.intel.themes import BY_CODE

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
YEARS = (2023, 2024)
THEMES = ("hic", "woninginbraak", "geweld", "straatroof", "overval", "drugs")
# Expected events per buurt and month (sparse: most cells fall below the threshold).
RATES = {"woninginbraak": 1.2, "geweld": 0.9, "straatroof": 0.25, "overval": 0.1, "drugs": 0.7}


def _city() -> list[str]:
    def add(code: str, level: AreaLevel, parent: Area | None) -> Area:
        return Area.objects.create(
            code=code, name=code, level=level, parent=parent, boundary_year=2024,
            inhabitants=1000, households=450,
        )  # fmt: skip

    city = add("GM0001", AreaLevel.GEMEENTE, None)
    buurten = []
    for s in (1, 2):
        sd = add(f"SD000{s}", AreaLevel.STADSDEEL, city)
        for w in (1, 2):
            wk = add(f"WK000{s}{w}", AreaLevel.WIJK, sd)
            buurten += [add(f"BU000{s}{w}{b}", AreaLevel.BUURT, wk).code for b in (1, 2)]
    return buurten


def _events(buurten: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    source = EventSource.objects.create(code="s", name="Synthetisch", format="generic")
    rows, n = [], 0
    for theme, rate in RATES.items():
        for buurt, year, month in itertools.product(buurten, YEARS, range(1, 13)):
            for _ in range(int(rng.poisson(rate))):
                n += 1
                day, hour = int(rng.integers(1, 29)), int(rng.integers(0, 24))
                when = dt.datetime(year, month, day, hour, tzinfo=AMS)
                rows.append(Event(source=source, external_id=str(n), theme=theme, begin_at=when,
                                  rd_x=0, rd_y=0, lat=0, lon=0, buurt_code=buurt))  # fmt: skip
    Event.objects.bulk_create(rows)


def _periods() -> list[Period]:
    found: list[Period | None] = []
    for year in YEARS:
        found.append(period_of(PeriodKind.YEAR, str(year)))
        found += [period_of(PeriodKind.QUARTER, f"{year}-Q{q}") for q in range(1, 5)]
        found += [period_of(PeriodKind.MONTH, f"{year}-{m:02d}") for m in range(1, 13)]
    return [p for p in found if p is not None]


def _shown(dash: Dashboard) -> list[tuple[str, Period, int | None, float | None]]:
    """(area, period, count, rate) of every row the dashboard shows for its own period."""
    rows = [dash.total, *dash.rows, *dash.map_rows]
    return [(r.code, dash.query.period, r.count, r.rate) for r in rows]


@override_settings(DISCLOSURE_THRESHOLD=5)
@pytest.mark.parametrize("seed", [1, 2])
def test_no_suppressed_cell_is_recovered(seed: int) -> None:
    if connection.vendor != "sqlite":
        # The audit is the same on every database; the engine's reads on PostgreSQL are
        # tested in test_aggregates.py. This keeps `make test` within its time.
        pytest.skip("database-independent: runs in the SQLite round")
    cubes_forget()
    buurten = _city()
    _events(buurten, seed)
    eng = engine()
    tree = eng.areas()
    span = eng.day_range()
    shown_cells = 0
    for code in THEMES:
        theme = BY_CODE[code]
        counts = ProtectedCounts(eng, theme, 5)
        cube = counts.cube
        t = cube.theme_index[code]
        for level, area, period in itertools.product(
            ("stadsdeel", "wijk"), ("GM0001", "SD0001", "SD0002"), _periods()
        ):
            if level == "stadsdeel" and area != "GM0001":
                continue
            query = DashboardQuery(theme, level, area, period, "all", Bucket.MONTH, suppressed=True)
            dash = dashboard_build(
                query=query, counts=counts, tree=tree, first_day=span[0] if span else None
            )
            for area_code, p, count, rate in _shown(dash):
                cell = (cube.area_index[area_code], cube.time_index[p.value()], t)
                if cube.protection.suppressed[cell]:
                    assert count is None and rate is None, (code, area_code, p.value())
                else:
                    assert count == int(cube.protection.values[cell]), (code, area_code, p.value())
                    shown_cells += 1
            for point in dash.trend:
                label = f"{point.start.year}-{point.start.month:02d}"
                if label in cube.time_index:
                    cell = (cube.area_index[area], cube.time_index[label], t)
                    assert (point.count is None) == bool(cube.protection.suppressed[cell])
                    if point.earlier:  # a baseline only from published cells
                        assert all(v is not None for v in point.earlier)
        assert cube.protection.suppressed.any(), "the test city must have suppressed cells"
        hidden = recovered(dims=cube.dims, atoms=cube.atoms, suppressed=cube.protection.suppressed)
        assert not hidden.any(), f"{int(hidden.sum())} suppressed cells of {code} recovered"
        if code == "hic":  # the audit has teeth here: primary suppression alone gives cells away
            naive = recovered(dims=cube.dims, atoms=cube.atoms, suppressed=cube.protection.primary)
            assert naive.any()
        assert theme_group(theme).code in {"hic", code}
    assert shown_cells > 100
