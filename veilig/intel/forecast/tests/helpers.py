"""Small synthetic inputs shared by the tests."""

import numpy as np
from shapely.geometry import box

from veilig.intel.forecast.area import frame_for_polygon
from veilig.intel.forecast.events import make_events
from veilig.intel.forecast.protocol import history_at, prepare


def square_frame(n: int = 10, cell: float = 100.0, pad: float = 0.0):
    return frame_for_polygon(box(0, 0, n * cell, n * cell), cell, pad_metres=pad)


def centre(col: int, row: int, cell: float = 100.0) -> tuple[float, float]:
    return (col + 0.5) * cell, (row + 0.5) * cell


def history(frame, xs, ys, times, origin, *, ends=None, lookback=365.0, horizon=14.0):
    ev = make_events(
        np.array(xs, float),
        np.array(ys, float),
        np.array(times, float),
        None if ends is None else np.array(ends, float),
    )
    return history_at(prepare(frame, ev), origin, lookback, horizon)


def cell_of(frame, col: int, row: int) -> int:
    x, y = centre(col, row, frame.size)
    return int(frame.cell_index(np.array([x]), np.array([y]))[0])
