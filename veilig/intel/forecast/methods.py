"""Forecast methods on the grid: one interface, several baselines.

Every method turns a :class:`~veilig.intel.forecast.protocol.History` (the training events of
one origin) into a score per area cell; higher means more expected events in the horizon. Only
the ranking matters for the evaluation.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from veilig.intel.forecast.protocol import History, Prepared

FloatArray = npt.NDArray[np.float64]


class Method:
    """Base class. Subclasses set ``name`` and implement :meth:`score`."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def tune(self, prep: Prepared, *, before: float, lookback: float, horizon: float) -> None:
        """Choose settings using only events complete before ``before`` (default: nothing)."""

    def score(self, h: History) -> FloatArray:
        raise NotImplementedError

    def params(self) -> dict[str, float | str]:
        return {}


def gaussian_smooth(raster: FloatArray, sigma_cells: float) -> FloatArray:
    """Direct (not FFT) Gaussian convolution, so empty far-away cells stay exactly zero."""
    if sigma_cells <= 0:
        return raster
    return np.asarray(
        ndimage.gaussian_filter(raster, sigma=sigma_cells, mode="constant", truncate=4.0),
        dtype=np.float64,
    )


class Naive(Method):
    """The number of events in each cell over the lookback (aoristic events count once)."""

    name = "naive"
    description = "aantal incidenten per cel in de terugkijkperiode"

    def score(self, h: History) -> FloatArray:
        return h.frame.to_cells(h.raster())


class KDE(Method):
    """Gaussian kernel density of the lookback events, evaluated at the cell centres.

    Events are first binned to their cell centre (an error of at most half a cell) and the raster
    is convolved with a Gaussian of standard deviation ``bandwidth`` metres.
    """

    name = "kde"
    description = "Gaussische kerndichte van de terugkijkperiode"

    def __init__(self, bandwidth: float = 200.0) -> None:
        if not bandwidth > 0:
            raise ValueError("the KDE bandwidth must be positive")
        self.bandwidth = bandwidth

    def score(self, h: History) -> FloatArray:
        return h.frame.to_cells(gaussian_smooth(h.raster(), self.bandwidth / h.frame.size))

    def params(self) -> dict[str, float | str]:
        return {"bandwidth_m": self.bandwidth}


def prospective_kernel(cell: float, radius: float) -> FloatArray:
    """Weights 1/(1+d), d the distance between cell centres in cell widths, up to ``radius`` m."""
    r = math.floor(radius / cell + 1e-9)
    off = np.arange(-r, r + 1, dtype=np.float64)
    dx, dy = np.meshgrid(off, off)
    d = np.hypot(dx, dy)
    return np.where(d * cell <= radius + 1e-9, 1.0 / (1.0 + d), 0.0)


class Prospective(Method):
    """Prospective hotspotting (Bowers, Johnson & Pease 2004).

    Score of a cell = sum over events within ``radius`` metres (400) and ``weeks`` weeks (8) of
    1/(1+d) * 1/(1+w), where d is the distance between the centres of the event's cell and the
    scored cell in cell widths (0 for the same cell, 1 for an edge neighbour, sqrt 2 diagonally)
    and w the event's age in completed weeks (0 for the last 7 days, ..., 7 for 49-56 days).
    An aoristic event contributes each of its day pieces with the piece's weight.
    """

    name = "prospective"
    description = "prospectieve hotspots: 400 m, 8 weken, gewicht 1/(1+d)·1/(1+w)"

    def __init__(self, radius: float = 400.0, weeks: int = 8) -> None:
        self.radius = radius
        self.weeks = weeks

    def score(self, h: History) -> FloatArray:
        week = np.floor(h.piece_age / 7.0)
        tw = np.where(week < self.weeks, 1.0 / (1.0 + week), 0.0)
        kernel = prospective_kernel(h.frame.size, self.radius)
        out = ndimage.convolve(h.raster(tw), kernel, mode="constant", cval=0.0)
        return h.frame.to_cells(np.asarray(out, dtype=np.float64))

    def params(self) -> dict[str, float | str]:
        return {"radius_m": self.radius, "weeks": self.weeks}
