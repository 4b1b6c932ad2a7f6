"""The square forecast grid on projected metric coordinates (RD New in the Netherlands).

Cells are anchored at the CRS origin, so a cell's id depends only on its size and position:
the same cell gets the same id in every dataset, every year and every run. The id names the
lower-left corner in metres, in the style of CBS's square statistics: ``125m-E233250-N582125``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Corners may be negative (RD New starts west of 0), so the sign is part of the number.
_CELL_ID = re.compile(
    r"(?P<size>\d+(?:\.\d+)?)m-E(?P<east>-?\d+(?:\.\d+)?)-N(?P<north>-?\d+(?:\.\d+)?)"
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Grid:
    """A square grid of ``size`` metres anchored at (0, 0)."""

    size: float = 125.0

    def __post_init__(self) -> None:
        if not (self.size > 0 and math.isfinite(self.size)):
            raise ValueError("cell size must be a positive number of metres")

    def column_row(self, x: FloatArray, y: FloatArray) -> tuple[IntArray, IntArray]:
        """The integer column and row of each point (points on a border go up/right)."""
        cols = np.floor(np.asarray(x, float) / self.size).astype(np.int64)
        rows = np.floor(np.asarray(y, float) / self.size).astype(np.int64)
        return cols, rows

    def cell_id(self, col: int, row: int) -> str:
        return f"{self.size:g}m-E{col * self.size:g}-N{row * self.size:g}"

    def cell_id_of_point(self, x: float, y: float) -> str:
        cols, rows = self.column_row(np.array([x]), np.array([y]))
        return self.cell_id(int(cols[0]), int(rows[0]))

    def parse_cell_id(self, cell_id: str) -> tuple[int, int]:
        """The column and row of an id made by :meth:`cell_id` for this grid's size."""
        match = _CELL_ID.fullmatch(cell_id)
        if match is None or match["size"] != f"{self.size:g}":
            raise ValueError(f"not a cell id of a {self.size:g} m grid: {cell_id!r}")
        col, row = float(match["east"]) / self.size, float(match["north"]) / self.size
        if not (col.is_integer() and row.is_integer()):
            raise ValueError(f"not a cell corner of a {self.size:g} m grid: {cell_id!r}")
        return int(col), int(row)

    def cell_bounds(self, col: int, row: int) -> tuple[float, float, float, float]:
        """(min_x, min_y, max_x, max_y) of a cell."""
        return (col * self.size, row * self.size, (col + 1) * self.size, (row + 1) * self.size)

    def cell_centres(self, cols: IntArray, rows: IntArray) -> tuple[FloatArray, FloatArray]:
        half = self.size / 2
        return (
            (cols * self.size + half).astype(np.float64),
            (rows * self.size + half).astype(np.float64),
        )
