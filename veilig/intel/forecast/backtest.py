"""The rolling-origin backtest of DESIGN.md ("Forecast evaluation protocol").

From ``start`` the origin steps by the horizon while it lies before ``end`` (exclusive). At each
origin every method sees only :func:`~veilig.intel.forecast.protocol.history_at` (events complete
before the origin, within the lookback), scores every area cell, and the cells are ranked with a
seeded random tie-break that is the same for every method in a window. Hits are pooled over
windows; the 95 % interval of PAI at 3 % resamples whole windows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from veilig.intel.forecast.area import GridFrame
from veilig.intel.forecast.events import Events
from veilig.intel.forecast.methods import Method
from veilig.intel.forecast.metrics import (
    CURVE_COVERAGES,
    STANDARD_COVERAGES,
    WindowResult,
    bootstrap_pai,
    evaluate_window,
    n_flagged,
    summarise,
)
from veilig.intel.forecast.protocol import (
    History,
    history_at,
    prepare,
    test_counts,
    windows_between,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CI_COVERAGE = 0.03


def coverage_key(c: float) -> str:
    """'1', '3', '5', '10', '20' for the standard coverages (percent, no trailing zeros)."""
    return f"{c * 100:g}"


@dataclass
class MethodResult:
    name: str
    hit_rate: dict[float, float]
    pai: dict[float, float]
    pei: dict[float, float]
    ci95_pai_3: tuple[float, float]
    seconds: float
    tune_seconds: float
    params: dict[str, float | str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        cov = STANDARD_COVERAGES
        return {
            "hit_rate": {coverage_key(c): self.hit_rate[c] for c in cov},
            "pai": {coverage_key(c): self.pai[c] for c in cov},
            "pei": {coverage_key(c): self.pei[c] for c in cov},
            "ci95_pai_3": [self.ci95_pai_3[0], self.ci95_pai_3[1]],
            "seconds": self.seconds,
        }


@dataclass
class BacktestResult:
    cells: int
    windows: int
    events_test: int
    methods: dict[str, MethodResult]

    def to_json(self) -> dict[str, Any]:
        return {
            "cells": self.cells,
            "windows": self.windows,
            "events_test": self.events_test,
            "methods": {k: v.to_json() for k, v in self.methods.items()},
        }


def window_rng(seed: int, window: int) -> np.random.Generator:
    """The tie-break generator of one window: identical for every method."""
    return np.random.default_rng([seed, window])


def run_backtest(
    events: Events,
    frame: GridFrame,
    methods: Sequence[Method],
    *,
    start: float,
    end: float,
    horizon: float,
    lookback: float,
    seed: int = 0,
    n_boot: int = 2000,
    log: Callable[[str], None] | None = None,
) -> BacktestResult:
    """Run the protocol; ``end`` is exclusive (the day after the last test day)."""
    if horizon <= 0 or lookback <= 0:
        raise ValueError("horizon and lookback must be positive")
    if end <= start:
        raise ValueError("the end of the test period must lie after its start")
    prep = prepare(frame, events)
    windows = windows_between(start, end, horizon)
    histories: list[History] = [history_at(prep, o, lookback, horizon) for o, _ in windows]
    counts = [test_counts(prep, o, until) for o, until in windows]
    n_cells = frame.n_cells
    events_test = int(sum(int(c.sum()) for c in counts))
    i3 = CURVE_COVERAGES.index(CI_COVERAGE)
    out: dict[str, MethodResult] = {}
    for method in methods:
        t0 = time.perf_counter()
        method.tune(prep, before=start, lookback=lookback, horizon=horizon)
        t_tuned = time.perf_counter()
        results: list[WindowResult] = []
        for w, (h, cnt) in enumerate(zip(histories, counts, strict=True)):
            scores = method.score(h)
            results.append(evaluate_window(scores, cnt, CURVE_COVERAGES, window_rng(seed, w)))
        seconds = time.perf_counter() - t0
        summ = summarise(results, CURVE_COVERAGES, n_cells)
        k3 = n_flagged(n_cells, CI_COVERAGE)
        ci = bootstrap_pai(
            np.array([r.hits[i3] for r in results], dtype=np.int64),
            np.array([r.events for r in results], dtype=np.int64),
            k3 / n_cells if n_cells else 0.0,
            n_boot=n_boot,
            seed=seed,
        )
        out[method.name] = MethodResult(
            method.name,
            summ.hit_rate,
            summ.pai,
            summ.pei,
            ci,
            seconds,
            t_tuned - t0,
            method.params(),
        )
        if log:
            log(
                f"{method.name:12s} PAI@3% {summ.pai[CI_COVERAGE]:6.2f} "
                f"[{ci[0]:.2f}, {ci[1]:.2f}]  {seconds:6.1f} s"
            )
    return BacktestResult(n_cells, len(windows), events_test, out)
