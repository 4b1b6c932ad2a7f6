"""The rolling-origin protocol: what a method may see at an origin, and what it is tested on.

At an origin T with lookback L and horizon H:

* **training** events are those complete before the origin (``t_known < T``) whose reference
  time lies in the lookback (``t_ref >= T - L``); :func:`history_at` hands a method *only* these,
  so no method can use an event at or after the origin;
* **test** events are those with ``T <= t_ref < T + H`` whose cell is in the area mask (the last
  window is cut at the end of the test period).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from veilig.intel.forecast.area import GridFrame
from veilig.intel.forecast.events import Events, aoristic_pieces

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Prepared:
    """Events placed on a grid frame once, so that each origin only slices arrays."""

    frame: GridFrame
    events: Events
    raster: IntArray  # flat raster index per event (-1 outside the padded raster)
    area_cell: IntArray  # area cell index per event (-1 outside the area)
    piece_event: IntArray
    piece_time: FloatArray
    piece_weight: FloatArray


def prepare(frame: GridFrame, events: Events) -> Prepared:
    raster = frame.raster_index(events.x, events.y)
    area_cell = frame.cell_index(events.x, events.y)
    pieces = aoristic_pieces(events)
    return Prepared(frame, events, raster, area_cell, pieces.event, pieces.time, pieces.weight)


@dataclass(frozen=True)
class History:
    """Everything a method may use at one origin. Times are ages in days before the origin."""

    frame: GridFrame
    origin: float
    horizon: float
    lookback: float
    span: float  # length of the observed training period (shorter than lookback near data start)
    piece_cell: IntArray  # flat raster index of each aoristic piece
    piece_age: FloatArray  # origin - time of the piece (> 0)
    piece_weight: FloatArray
    event_cell: IntArray  # flat raster index of each training event
    event_age: FloatArray  # origin - t_ref (> 0)

    def raster(self, weights: FloatArray | None = None) -> FloatArray:
        """Sum of piece weights (times ``weights`` if given) per raster cell, (nrows, ncols)."""
        w = self.piece_weight if weights is None else self.piece_weight * weights
        n = self.frame.nrows * self.frame.ncols
        counts = np.bincount(self.piece_cell, weights=w, minlength=n)
        return np.asarray(counts, dtype=np.float64).reshape(self.frame.shape)


def history_at(prep: Prepared, origin: float, lookback: float, horizon: float) -> History:
    ev = prep.events
    train = (ev.t_known < origin) & (ev.t_ref >= origin - lookback) & (prep.raster >= 0)
    pmask = train[prep.piece_event]
    pe = prep.piece_event[pmask]
    t_train = ev.t_ref[train]
    first = float(t_train.min()) if t_train.size else origin
    span = max(origin - max(origin - lookback, first), 1.0)
    return History(
        frame=prep.frame,
        origin=origin,
        horizon=horizon,
        lookback=lookback,
        span=span,
        piece_cell=prep.raster[pe],
        piece_age=origin - prep.piece_time[pmask],
        piece_weight=prep.piece_weight[pmask],
        event_cell=prep.raster[train],
        event_age=origin - t_train,
    )


def test_counts(prep: Prepared, origin: float, until: float) -> IntArray:
    """Number of test events per area cell with ``origin <= t_ref < until``."""
    t = prep.events.t_ref
    sel = (t >= origin) & (t < until) & (prep.area_cell >= 0)
    return np.bincount(prep.area_cell[sel], minlength=prep.frame.n_cells).astype(np.int64)


def windows_between(start: float, end: float, horizon: float) -> list[tuple[float, float]]:
    """Test windows ``[origin, until)`` from ``start`` stepping by the horizon until ``end``.

    ``end`` is exclusive (pass the day after the last test day); the last window is cut at it.
    """
    out: list[tuple[float, float]] = []
    i = 0
    while start + i * horizon < end:
        t = start + i * horizon
        out.append((t, min(t + horizon, end)))
        i += 1
    return out
