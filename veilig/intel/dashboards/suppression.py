"""The counts of roles whose small cells are suppressed: one protected cube per theme group.

Every figure such a role can ask for is a cell of one cube: area (gemeente → stadsdeel → wijk;
no buurten, see ``params.finest_level``) × time (year → quarter → month, over every year with
records) × theme (high-impact crime and its four members as one tree; any other theme alone).
The suppression pattern is computed for the whole cube at once
(``veilig.intel.disclosure.protect``), so every view shows the same cells suppressed, and no
combination of views gives a suppressed cell away. It is kept per process until the engine's
data change.

The weekday × hour heat map is a second cube (theme × weekday × hour) for the gemeente and a
whole year only; its totals are cells of the first cube. When one of those totals is
suppressed, no heat map of that year is shown for the group.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from veilig.geo.models import AreaLevel
from veilig.intel.aggregates import Bucket, Engine, Selection
from veilig.intel.aggregates.areas import AreaTree
from veilig.intel.dashboards.counts import Matrix
from veilig.intel.dashboards.params import DEPTH, finest_level
from veilig.intel.dashboards.periods import Period, PeriodKind
from veilig.intel.disclosure import Dimension, Protection, protect
from veilig.intel.themes import BY_CODE, THEMES, DashboardTheme, raw_themes

ALL = "*"
SMALL_NODE = "small"
SMALL_MEMBERS = {"hic": ("straatroof", "overval")}


def theme_group(theme: DashboardTheme) -> DashboardTheme:
    """The theme whose cube holds ``theme``: an aggregate that counts it, or itself."""
    for candidate in THEMES:
        if candidate.is_aggregate and theme.code in candidate.members:
            return candidate
    return theme


def time_label(period: Period) -> str | None:
    if period.kind is PeriodKind.CUSTOM or period.kind is PeriodKind.WEEK:
        return None
    return period.value()


@dataclass
class Cube:
    dims: tuple[Dimension, ...]
    atoms: npt.NDArray[np.int64]
    protection: Protection
    area_index: dict[str, int]
    time_index: dict[str, int]
    theme_index: dict[str, int]
    years: range
    span: tuple[date, date]  # [first month with records, the month after the last)
    heat: dict[int, tuple[Protection, dict[str, int]] | None]


def data_months(span: tuple[date, date] | None) -> list[date]:
    """The first days of the months from the first to the last record (this month if none)."""
    first, last = span or (date.today(), date.today())
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _time_dimension(months: list[date]) -> Dimension:
    """Years → quarters → the months that hold records. Months before the first record or
    after the last are not cells: nothing was recorded in them anywhere, their 0 is public
    (``ProtectedCounts.matrix``), and as zero cells they would only force secondary
    suppressions onto the months beside them."""
    parents: dict[str, str | None] = {}
    for month in months:
        year, q = month.year, (month.month - 1) // 3 + 1
        parents[str(year)] = None
        parents[f"{year}-Q{q}"] = str(year)
        parents[f"{year}-{month.month:02d}"] = f"{year}-Q{q}"
    return Dimension.from_labels(parents)


def _area_dimension(tree: AreaTree) -> Dimension:
    """Gemeente → stadsdeel → wijk: buurten are not in the lattice (``finest_level``)."""
    finest = DEPTH[finest_level(suppressed=True)]
    return Dimension.from_labels(
        {
            code: node.parent if node.parent in tree.nodes else None
            for code, node in tree.nodes.items()
            if DEPTH[node.level] <= finest
        }
    )


def _theme_dimension(group: DashboardTheme) -> Dimension:
    """The group's theme tree. The smallest members of an aggregate (``SMALL_MEMBERS``: in
    HIC, straatroof and overval) hang under a node of their own: a small member is below the
    threshold almost everywhere, and each of its suppressed cells needs a suppressed sibling;
    with the other small member as that sibling, woninginbraak and geweld stay visible."""
    if not group.is_aggregate:
        return Dimension.from_labels({group.code: None})
    small = SMALL_MEMBERS.get(group.code, ())
    parents: dict[str, str | None] = {group.code: None}
    for member in group.members:
        parents[member] = f"{group.code}_{SMALL_NODE}" if member in small else group.code
    if small:
        parents[f"{group.code}_{SMALL_NODE}"] = group.code
    return Dimension.from_labels(parents)


def _leaf_theme_codes(group: DashboardTheme) -> list[str]:
    return list(group.members) if group.is_aggregate else [group.code]


class CubeBuilder:
    def __init__(self, engine: Engine, group: DashboardTheme, threshold: int) -> None:
        self.engine, self.group, self.threshold = engine, group, threshold
        self.tree = engine.areas()

    def build(self) -> Cube:
        months = data_months(self.engine.day_range())
        years = range(months[0].year, months[-1].year + 1)
        dims = (_area_dimension(self.tree), _time_dimension(months), _theme_dimension(self.group))
        atoms = np.zeros(tuple(d.n_leaves for d in dims), dtype=np.int64)
        leaf_pos = [{d.labels[node]: i for i, node in enumerate(d.leaves)} for d in dims]
        start = months[0]
        end = date(months[-1].year + months[-1].month // 12, months[-1].month % 12 + 1, 1)
        for code in _leaf_theme_codes(self.group):
            theme = BY_CODE[code]
            t = leaf_pos[2][code]
            result = self.engine.tally(
                Selection(raw_themes(theme), start, end),
                level=finest_level(suppressed=True),
                bucket=Bucket.MONTH,
            )
            rows = [leaf_pos[0].get(a, -1) for a in result.areas]
            cols = [leaf_pos[1].get(f"{s.year}-{s.month:02d}", -1) for s in result.starts]
            for i, r in enumerate(rows):
                if r >= 0:
                    atoms[r, [c for c in cols if c >= 0], t] += result.counts[
                        i, [j for j, c in enumerate(cols) if c >= 0]
                    ]
        protection = protect(dims=dims, atoms=atoms, threshold=self.threshold)
        index = [{label: node for node, label in enumerate(d.labels)} for d in dims]
        return Cube(dims, atoms, protection, index[0], index[1], index[2], years, (start, end), {})

    def heat(self, cube: Cube, year: int) -> tuple[Protection, dict[str, int]] | None:
        cities = self.tree.by_level.get(AreaLevel.GEMEENTE.value, [])
        if len(cities) != 1 or str(year) not in cube.time_index:
            return None
        a, y = cube.area_index[cities[0]], cube.time_index[str(year)]
        if any(cube.protection.suppressed[a, y, t] for t in cube.theme_index.values()):
            return None
        theme_dim = _theme_dimension(self.group)
        week = Dimension.from_labels({ALL: None, **{str(d): ALL for d in range(7)}})
        hours = Dimension.from_labels({ALL: None, **{f"{h:02d}": ALL for h in range(24)}})
        dims = (theme_dim, week, hours)
        atoms = np.zeros(tuple(d.n_leaves for d in dims), dtype=np.int64)
        theme_pos = {theme_dim.labels[n]: i for i, n in enumerate(theme_dim.leaves)}
        day_pos = {week.labels[n]: i for i, n in enumerate(week.leaves)}
        hour_pos = {hours.labels[n]: i for i, n in enumerate(hours.leaves)}
        for code in _leaf_theme_codes(self.group):
            sel = Selection(raw_themes(BY_CODE[code]), date(year, 1, 1), date(year + 1, 1, 1))
            counts = self.engine.heatmap(sel, area_code=cities[0])
            for d in range(7):
                for h in range(24):
                    atoms[theme_pos[code], day_pos[str(d)], hour_pos[f"{h:02d}"]] = counts[d, h]
        protection = protect(dims=dims, atoms=atoms, threshold=self.threshold)
        return protection, {label: node for node, label in enumerate(theme_dim.labels)}


_cubes: dict[tuple[str, int], tuple[tuple[int, int], Cube]] = {}
_lock = threading.Lock()


def cube_for(engine: Engine, group: DashboardTheme, threshold: int) -> Cube:
    key = (group.code, threshold)
    version = engine.version
    with _lock:
        found = _cubes.get(key)
        if found is not None and found[0] == version:
            return found[1]
    cube = CubeBuilder(engine, group, threshold).build()
    with _lock:
        _cubes[key] = (engine.version, cube)
    return cube


def cubes_forget() -> None:
    with _lock:
        _cubes.clear()


class ProtectedCounts:
    """Counts with small cells suppressed (NaN), read from the theme group's cube."""

    suppressed = True

    def __init__(self, engine: Engine, theme: DashboardTheme, threshold: int) -> None:
        self.engine, self.theme, self.threshold = engine, theme, threshold
        self.group = theme_group(theme)
        self.cube = cube_for(engine, self.group, threshold)

    def matrix(self, *, areas: list[str], periods: list[Period]) -> Matrix:
        out = np.full((len(areas), len(periods)), np.nan)
        cube, t = self.cube, self.cube.theme_index[self.theme.code]
        for j, period in enumerate(periods):
            label = time_label(period)
            y = cube.time_index.get(label) if label else None
            for i, code in enumerate(areas):
                a = cube.area_index.get(code)
                if a is None:
                    continue
                if y is None:  # before or after every record: nothing to count, nothing to hide
                    outside = period.end <= cube.span[0] or period.start >= cube.span[1]
                    out[i, j] = 0.0 if label and outside else np.nan
                    continue
                shown = cube.protection.shown((a, y, t))
                out[i, j] = np.nan if shown is None else float(shown)
        return out

    def heat(self, *, area: str, period: Period) -> Matrix | None:
        if period.kind is not PeriodKind.YEAR or self.engine.areas().nodes.get(area, None) is None:
            return None
        if self.engine.areas().nodes[area].level != AreaLevel.GEMEENTE.value:
            return None
        cube = self.cube
        if period.start.year not in cube.heat:
            cube.heat[period.start.year] = CubeBuilder(
                self.engine, self.group, self.threshold
            ).heat(cube, period.start.year)
        found = cube.heat[period.start.year]
        if found is None:
            return None
        protection, theme_index = found
        t = theme_index[self.theme.code]
        out = np.full((7, 24), np.nan)
        # Node order of the weekday and hour dimensions: "*" first, then the labels sorted.
        for d in range(7):
            for h in range(24):
                shown = protection.shown((t, 1 + d, 1 + h))
                out[d, h] = np.nan if shown is None else float(shown)
        return out
