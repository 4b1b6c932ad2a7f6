"""Evaluation of ranked cells: exact-k selection with a seeded random tie-break, hits, PAI, PEI*.

For a window with N area cells and coverage c, exactly k = floor(N * c) cells are flagged: the
cells are ordered by score (highest first) and equal scores are ordered by a random key drawn
from a seeded generator, so the choice among tied cells is fair and reproducible.

* hit rate = sum of hits / sum of test events (pooled over windows)
* PAI = hit rate / (k / N), the flagged share of the area (k / N equals c up to the rounding
  down of k)
* PEI* = sum of hits / sum of the most events any k cells could have caught in each window
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

STANDARD_COVERAGES: tuple[float, ...] = (0.01, 0.03, 0.05, 0.10, 0.20)
CURVE_COVERAGES: tuple[float, ...] = tuple(
    sorted({*STANDARD_COVERAGES, *(i / 100 for i in range(1, 31)), 0.005, 0.4, 0.5})
)


def n_flagged(n_cells: int, coverage: float) -> int:
    """Exactly floor(N * coverage) cells (with a tolerance for binary fractions like 0.07*100)."""
    return min(n_cells, math.floor(n_cells * coverage + 1e-9))


def rank_cells(scores: FloatArray, rng: np.random.Generator) -> IntArray:
    """Cell indices ordered best first; ties ordered by a random key from ``rng``."""
    s = np.asarray(scores, dtype=np.float64)
    s = np.where(np.isfinite(s), s, -np.inf)
    key = rng.random(s.shape[0])
    return np.lexsort(np.vstack([key, -s])).astype(np.int64)


def select_top(scores: FloatArray, coverage: float, rng: np.random.Generator) -> IntArray:
    """The indices of exactly floor(N * coverage) flagged cells."""
    k = n_flagged(int(np.asarray(scores).shape[0]), coverage)
    return rank_cells(scores, rng)[:k]


@dataclass(frozen=True)
class WindowResult:
    """Hits and best-possible hits of one window at each coverage of ``coverages``."""

    events: int
    hits: IntArray
    best: IntArray


def evaluate_window(
    scores: FloatArray,
    counts: IntArray,
    coverages: Sequence[float],
    rng: np.random.Generator,
) -> WindowResult:
    """Rank by ``scores`` and count test events (``counts`` per cell) caught at each coverage."""
    n = int(counts.shape[0])
    order = rank_cells(scores, rng)
    caught = np.concatenate([[0], np.cumsum(counts[order])])
    possible = np.concatenate([[0], np.cumsum(np.sort(counts)[::-1])])
    ks = np.array([n_flagged(n, c) for c in coverages], dtype=np.int64)
    return WindowResult(
        int(counts.sum()), caught[ks].astype(np.int64), possible[ks].astype(np.int64)
    )


@dataclass(frozen=True)
class Summary:
    hit_rate: dict[float, float]
    pai: dict[float, float]
    pei: dict[float, float]


def summarise(results: Sequence[WindowResult], coverages: Sequence[float], n_cells: int) -> Summary:
    """Pooled hit rate, PAI and PEI* over windows."""
    events = sum(r.events for r in results)
    hit_rate: dict[float, float] = {}
    pai: dict[float, float] = {}
    pei: dict[float, float] = {}
    for i, c in enumerate(coverages):
        hits = sum(int(r.hits[i]) for r in results)
        best = sum(int(r.best[i]) for r in results)
        k = n_flagged(n_cells, c)
        hr = hits / events if events else 0.0
        hit_rate[c] = hr
        pai[c] = hr / (k / n_cells) if k else 0.0
        pei[c] = hits / best if best else 0.0
    return Summary(hit_rate, pai, pei)


def bootstrap_pai(
    hits: IntArray,
    events: IntArray,
    area_share: float,
    *,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the pooled PAI, resampling whole windows."""
    h = np.asarray(hits, dtype=np.float64)
    e = np.asarray(events, dtype=np.float64)
    if h.shape[0] == 0 or area_share <= 0 or e.sum() == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, h.shape[0], size=(n_boot, h.shape[0]))
    num = h[idx].sum(axis=1)
    den = e[idx].sum(axis=1)
    ok = den > 0
    pai = num[ok] / den[ok] / area_share
    alpha = (1 - level) / 2
    lo, hi = np.quantile(pai, [alpha, 1 - alpha])
    return (float(lo), float(hi))
