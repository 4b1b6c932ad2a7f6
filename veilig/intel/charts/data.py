"""The plain input of the chart builders: frozen dataclasses, no ORM objects.

A figure that disclosure control suppressed (fewer than the threshold, default 5) arrives with
``suppressed=True`` and ``value=None``: the builders mark it and never plot it at a value, and
no number of it ever enters a spec. ``value=None`` without ``suppressed`` means "no data" (a
gap, not a mark).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Granularity = Literal["week", "month"]

# The band of the seasonal baseline is the mean ± 2 standard deviations of the same period in
# earlier years (clipped at zero), not the min–max: min and max are single years' counts and
# could show a small, suppressed figure, and with five earlier years a min–max band is left by
# chance one period in three, far too often to call a change notable (docs/charts.md).
BAND_SD = 2.0
# A standard deviation needs two years; with fewer there is a mean but no band.
MIN_YEARS_FOR_BAND = 2


def _check_value(value: float | None, suppressed: bool) -> None:
    if suppressed and value is not None:
        raise ValueError("A suppressed figure carries no value.")
    if value is not None and (math.isnan(value) or value < 0):
        raise ValueError(f"A count is never negative or NaN, not {value!r}.")


@dataclass(frozen=True)
class Baseline:
    """The seasonal baseline of one period: the mean of the same period in earlier years."""

    mean: float
    low: float | None
    high: float | None
    years: int

    @classmethod
    def of(cls, earlier: Sequence[int]) -> Baseline | None:
        """The baseline of earlier years' counts; ``None`` without any earlier year."""
        if not earlier:
            return None
        mean = statistics.fmean(earlier)
        if len(earlier) < MIN_YEARS_FOR_BAND:
            return cls(mean=mean, low=None, high=None, years=len(earlier))
        spread = BAND_SD * statistics.stdev(earlier)
        return cls(mean=mean, low=max(0.0, mean - spread), high=mean + spread, years=len(earlier))

    def outside(self, value: float) -> Literal["above", "below"] | None:
        """Whether a value lies outside the band (never, when there is no band)."""
        if self.high is not None and value > self.high:
            return "above"
        if self.low is not None and value < self.low:
            return "below"
        return None


@dataclass(frozen=True)
class Period:
    """One week or month of a trend: its count and the same period's counts in earlier years.

    ``earlier`` holds the counts of the same period in earlier years (oldest first). Only the
    baseline computed from them enters a spec, never the counts themselves.
    """

    start: dt.date
    value: int | None
    suppressed: bool = False
    earlier: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _check_value(self.value, self.suppressed)
        for count in self.earlier:
            _check_value(count, False)

    @property
    def baseline(self) -> Baseline | None:
        return Baseline.of(self.earlier)


@dataclass(frozen=True)
class Trend:
    """A series of weeks or months of one theme in one area."""

    granularity: Granularity
    periods: tuple[Period, ...]
    area: str = ""


@dataclass(frozen=True)
class Comparison:
    """The input of a one-line summary: a period's total against the same period before.

    ``previous`` is the same period a year earlier (``None`` without ``previous_suppressed``:
    there is no such year). ``earlier`` holds the same period's totals in the years before,
    last year included; their band decides whether a change is notable.
    """

    theme: str
    area: str
    current: int | None
    previous: int | None
    granularity: Granularity = "month"
    periods: int = 1
    current_suppressed: bool = False
    previous_suppressed: bool = False
    earlier: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _check_value(self.current, self.current_suppressed)
        _check_value(self.previous, self.previous_suppressed)
        if self.current is None and not self.current_suppressed:
            raise ValueError("A summary needs the current figure or its suppression.")
        if self.periods < 1:
            raise ValueError("A period has at least one week or month.")

    @property
    def baseline(self) -> Baseline | None:
        return Baseline.of(self.earlier)


@dataclass(frozen=True)
class AreaFeature:
    """One buurt of a choropleth: a GeoJSON geometry (WGS84) and its value."""

    code: str
    name: str
    geometry: Mapping[str, Any]
    value: float | None
    suppressed: bool = False

    def __post_init__(self) -> None:
        _check_value(self.value, self.suppressed)


def percent_change(current: int, previous: int) -> float | None:
    """The change from ``previous`` to ``current`` in percent; ``None`` from zero."""
    if previous == 0:
        return None
    return (current - previous) / previous * 100


@dataclass(frozen=True)
class AreaChange:
    """One area of the top list: the current count and that of a year earlier."""

    code: str
    name: str
    current: int | None
    previous: int | None
    suppressed: bool = False

    def __post_init__(self) -> None:
        if self.suppressed and (self.current is not None or self.previous is not None):
            raise ValueError("A suppressed area carries no counts.")
        for count in (self.current, self.previous):
            _check_value(count, False)

    @property
    def change(self) -> float | None:
        """The change in percent; ``None`` when suppressed, unknown or from zero."""
        if self.current is None or self.previous is None:
            return None
        return percent_change(self.current, self.previous)


@dataclass(frozen=True)
class HeatCell:
    """One cell of the week heat map: weekday 0 (Monday) to 6 (Sunday), hour 0 to 23."""

    weekday: int
    hour: int
    value: int | None
    suppressed: bool = False

    def __post_init__(self) -> None:
        if not (0 <= self.weekday <= 6 and 0 <= self.hour <= 23):
            raise ValueError(f"No such cell: weekday {self.weekday}, hour {self.hour}.")
        _check_value(self.value, self.suppressed)


@dataclass(frozen=True)
class Table:
    """The text alternative of a chart: column headers and rows of display strings."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default=())
