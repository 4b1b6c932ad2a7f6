"""Where a dashboard's numbers come from: the engine directly, or the protected cube.

Both answer the same two questions, so the figures are computed by one code path whoever asks:
``matrix(areas, periods)`` (a float array, NaN where a cell is suppressed) and ``heat``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol

import numpy as np
import numpy.typing as npt

from veilig.intel.aggregates import Bucket, Engine, Selection
from veilig.intel.dashboards.periods import BUCKET_OF, Period, PeriodKind
from veilig.intel.themes import DashboardTheme, raw_themes

Matrix = npt.NDArray[np.float64]


class Counts(Protocol):
    suppressed: bool

    def matrix(self, *, areas: list[str], periods: list[Period]) -> Matrix: ...

    def heat(self, *, area: str, period: Period) -> Matrix | None: ...


class EngineCounts:
    """Unsuppressed counts straight from the engine (analysts)."""

    suppressed = False

    def __init__(self, engine: Engine, theme: DashboardTheme, kinds: frozenset[str]) -> None:
        self.engine, self.kinds = engine, kinds
        self.raw = raw_themes(theme)
        self.tree = engine.areas()

    def _selection(self, start: Period | None, end: Period | None) -> Selection:
        assert start is not None and end is not None
        return Selection(self.raw, start.start, end.end, kinds=self.kinds)

    def matrix(self, *, areas: list[str], periods: list[Period]) -> Matrix:
        out = np.zeros((len(areas), len(periods)), dtype=np.float64)
        if not areas or not periods:
            return out
        by_level: dict[str, list[int]] = defaultdict(list)
        for row, code in enumerate(areas):
            if code in self.tree.nodes:
                by_level[self.tree.nodes[code].level].append(row)
        uniform = len({p.kind for p in periods}) == 1 and periods[0].kind is not PeriodKind.CUSTOM
        for level, rows in by_level.items():
            if uniform:
                self._uniform(out, level, rows, areas, periods)
            else:
                for column, period in enumerate(periods):
                    result = self.engine.tally(self._selection(period, period), level=level)
                    position = {a: i for i, a in enumerate(result.areas)}
                    for row in rows:
                        out[row, column] = result.counts[position[areas[row]], 0]
        return out

    def _uniform(
        self, out: Matrix, level: str, rows: list[int], areas: list[str], periods: list[Period]
    ) -> None:
        """One tally over the whole span, in buckets of the periods' kind."""
        first = min(periods, key=lambda p: p.start)
        last = max(periods, key=lambda p: p.end)
        bucket: Bucket = BUCKET_OF[periods[0].kind]
        result = self.engine.tally(self._selection(first, last), level=level, bucket=bucket)
        position = {a: i for i, a in enumerate(result.areas)}
        column_of = {start: i for i, start in enumerate(result.starts)}
        for column, period in enumerate(periods):
            source = column_of.get(period.start)
            for row in rows:
                out[row, column] = (
                    0 if source is None else result.counts[position[areas[row]], source]
                )

    def heat(self, *, area: str, period: Period) -> Matrix | None:
        counts = self.engine.heatmap(self._selection(period, period), area_code=area)
        return counts.astype(np.float64)
