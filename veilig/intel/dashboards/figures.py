"""The figures of one dashboard view, computed by one code path for every role.

Counts come from a ``Counts`` (the engine for analysts, the protected cube for roles whose
cells are suppressed); everything derived here — rates, changes, baselines, bands, the top
list — is left empty when any number it is made of is suppressed, so a derived figure never
gives away a suppressed one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from veilig.geo.models import AreaLevel
from veilig.intel.aggregates.areas import AreaTree
from veilig.intel.aggregates.calendar import Bucket
from veilig.intel.charts.data import percent_change
from veilig.intel.dashboards.counts import Counts, Matrix
from veilig.intel.dashboards.params import DashboardQuery
from veilig.intel.dashboards.periods import Period, PeriodKind, period_containing
from veilig.intel.themes import Per

BASELINE_YEARS = 5
TREND_MONTHS = 24
TREND_WEEKS = 52
TOP = 10


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    level: str
    count: int | None  # None: suppressed
    previous: int | None  # the same period a year earlier
    population: int | None  # inhabitants, or households for burglary
    rate: float | None  # per 1,000 of ``population``
    change: float | None  # percent against ``previous``

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class TrendPoint:
    start: date
    count: int | None  # None: suppressed
    # The same period 1, 2, … years back, oldest first, for the seasonal baseline; empty when
    # any of them is suppressed (a baseline must not give one away) or there is none.
    earlier: tuple[int, ...]


@dataclass(frozen=True)
class Comparison:
    """The period's total against a year earlier and against the earlier years' band."""

    current: int | None
    previous: int | None
    earlier: list[int | None]  # the same period 1, 2, … years back (as far as data go)

    @property
    def change(self) -> float | None:
        return _change(self.current, self.previous)

    @property
    def earlier_known(self) -> tuple[int, ...]:
        """The earlier years, oldest first; empty when any of them is suppressed."""
        if any(v is None for v in self.earlier):
            return ()
        return tuple(int(v) for v in reversed(self.earlier) if v is not None)


@dataclass
class Dashboard:
    query: DashboardQuery
    area_name: str
    total: AreaRow
    rows: list[AreaRow]
    comparison: Comparison
    trend: list[TrendPoint]
    multiples: dict[str, list[TrendPoint]]
    map_rows: list[AreaRow]  # the finest level the role may see (buurten, or wijken)
    top: list[AreaRow]
    heat: Matrix | None
    baseline_years: int
    first_day: date | None
    notes: list[str] = field(default_factory=list)


def _int(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


def _change(current: int | None, previous: int | None) -> float | None:
    if current is None or previous is None:
        return None
    return percent_change(current, previous)


def population(tree: AreaTree, code: str, per: Per) -> int | None:
    """The area's own CBS figure, else the sum of its parts (stadsdelen have none of their own)."""
    node = tree.nodes.get(code)
    if node is None:
        return None
    own = node.households if per is Per.HOUSEHOLDS else node.inhabitants
    if own is not None:
        return own
    parts = [population(tree, child, per) for child in tree.children(code)]
    known = [p for p in parts if p is not None]
    return sum(known) if known and len(known) == len(parts) else None


def _rows(tree: AreaTree, query: DashboardQuery, codes: list[str], values: Matrix) -> list[AreaRow]:
    rows = []
    for i, code in enumerate(codes):
        count, previous = _int(values[i, 0]), _int(values[i, 1])
        people = population(tree, code, query.theme.per)
        rate = None if count is None or not people else 1000.0 * count / people
        node = tree.nodes[code]
        rows.append(
            AreaRow(
                code, node.name, node.level, count, previous, people, rate, _change(count, previous)
            )
        )
    return rows


def _earlier(period: Period, first_day: date | None) -> list[Period]:
    """The same period 1…5 years back, as far as the records go back (whole periods only)."""
    if first_day is None:
        return []
    found = []
    for years in range(1, BASELINE_YEARS + 1):
        back = period.years_back(years)
        if back.start < first_day:
            break
        found.append(back)
    return found


def _trend_periods(last_day: date, bucket: Bucket) -> list[Period]:
    """The 24 months (or 52 weeks) up to and including the one that holds ``last_day``."""
    kind = PeriodKind.WEEK if bucket is Bucket.WEEK else PeriodKind.MONTH
    periods = [period_containing(kind, last_day)]
    while len(periods) < (TREND_WEEKS if kind is PeriodKind.WEEK else TREND_MONTHS):
        periods.append(period_containing(kind, periods[-1].start - timedelta(days=1)))
    return list(reversed(periods))


def _trend(
    counts: Counts, area: str, periods: list[Period], first_day: date | None
) -> list[TrendPoint]:
    earlier = [_earlier(p, first_day) for p in periods]
    columns = list(periods) + [e for es in earlier for e in es]
    values = counts.matrix(areas=[area], periods=columns)[0] if columns else np.zeros(0)
    points, offset = [], len(periods)
    for i, period in enumerate(periods):
        back = values[offset : offset + len(earlier[i])]
        offset += len(earlier[i])
        whole = not np.isnan(back).any()
        earlier_counts = tuple(int(v) for v in back[::-1]) if whole else ()
        points.append(TrendPoint(period.start, _int(values[i]), earlier_counts))
    return points


def dashboard_build(
    *, query: DashboardQuery, counts: Counts, tree: AreaTree, first_day: date | None
) -> Dashboard:
    period = query.period
    codes = tree.within(query.area, query.level) if query.area in tree.nodes else []
    previous = period.years_back(1)
    earlier = _earlier(period, first_day)
    values = counts.matrix(areas=[query.area, *codes], periods=[period, previous, *earlier])
    total, *rows = _rows(tree, query, [query.area, *codes], values)
    comparison = Comparison(total.count, total.previous, [_int(v) for v in values[0, 2:]])
    trend = _trend(counts, query.area, _trend_periods(period.last_day, query.trend), first_day)
    months = _trend_periods(period.last_day, Bucket.MONTH)
    multiples = {
        tree.nodes[code].name: _trend(counts, code, months, first_day)
        for code in tree.by_level.get(AreaLevel.STADSDEEL.value, [])
    }
    map_codes = tree.within(query.area, query.map_level) if query.area in tree.nodes else []
    map_values = counts.matrix(areas=map_codes, periods=[period, previous])
    map_rows = _rows(tree, query, map_codes, map_values)
    top = sorted((r for r in rows if r.count is not None), key=lambda r: (-(r.count or 0), r.name))[
        :TOP
    ]
    return Dashboard(
        query=query,
        area_name=tree.nodes[query.area].name if query.area in tree.nodes else "",
        total=total,
        rows=rows,
        comparison=comparison,
        trend=trend,
        multiples=multiples,
        map_rows=map_rows,
        top=top,
        heat=counts.heat(area=query.area, period=period),
        baseline_years=len(earlier),
        first_day=first_day,
    )
