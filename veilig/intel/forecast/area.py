"""The masked forecast grid: the cells of :class:`veilig.geo.grid.Grid` inside an area.

A cell belongs to the area when its **centre** lies inside (or on the border of) the boundary
polygon. Methods work on a padded rectangular raster around the masked cells, so that events just
outside the area still inform smoothing near the border; only masked cells are scored and ranked.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import MultiPoint, shape

from veilig.geo.grid import Grid

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_PAD_METRES = 1000.0


class BoundaryError(ValueError):
    """The boundary file cannot be used."""


@dataclass(frozen=True)
class GridFrame:
    """A padded raster of ``nrows`` x ``ncols`` cells whose lower-left cell is (col0, row0)."""

    grid: Grid
    col0: int
    row0: int
    ncols: int
    nrows: int
    mask: BoolArray  # (nrows, ncols): True for cells of the area

    @property
    def size(self) -> float:
        return self.grid.size

    @property
    def shape(self) -> tuple[int, int]:
        return (self.nrows, self.ncols)

    @property
    def flat_cells(self) -> IntArray:
        """Flat raster indices of the area's cells, in row-major order (the cell order)."""
        return np.flatnonzero(self.mask.ravel()).astype(np.int64)

    @property
    def n_cells(self) -> int:
        return int(self.mask.sum())

    def raster_index(self, x: FloatArray, y: FloatArray) -> IntArray:
        """Flat raster index of each point, -1 outside the raster."""
        cols, rows = self.grid.column_row(x, y)
        c, r = cols - self.col0, rows - self.row0
        inside = (c >= 0) & (c < self.ncols) & (r >= 0) & (r < self.nrows)
        return np.where(inside, r * self.ncols + c, -1).astype(np.int64)

    def cell_index(self, x: FloatArray, y: FloatArray) -> IntArray:
        """Index (0..n_cells-1) of the area cell of each point, -1 outside the area."""
        lookup = np.full(self.nrows * self.ncols, -1, dtype=np.int64)
        lookup[self.flat_cells] = np.arange(self.n_cells, dtype=np.int64)
        flat = self.raster_index(x, y)
        return np.where(flat >= 0, lookup[np.maximum(flat, 0)], -1)

    def to_cells(self, raster: FloatArray) -> FloatArray:
        """The values of the area's cells from a (nrows, ncols) raster."""
        return np.asarray(raster, dtype=np.float64).ravel()[self.flat_cells]

    def cell_ids(self) -> list[str]:
        flat = self.flat_cells
        rows, cols = np.divmod(flat, self.ncols)
        return [
            self.grid.cell_id(int(c) + self.col0, int(r) + self.row0)
            for c, r in zip(cols, rows, strict=True)
        ]


def frame_for_polygon(
    polygon: Any, cell: float, *, pad_metres: float = DEFAULT_PAD_METRES
) -> GridFrame:
    """The grid frame of the cells whose centre lies inside ``polygon`` (a shapely geometry)."""
    grid = Grid(cell)
    if polygon.is_empty or polygon.area <= 0:
        raise BoundaryError("the area has no surface (empty boundary or fewer than 3 events)")
    minx, miny, maxx, maxy = polygon.bounds
    c_lo, r_lo = math.floor(minx / cell), math.floor(miny / cell)
    c_hi, r_hi = math.floor(maxx / cell), math.floor(maxy / cell)
    cols = np.arange(c_lo, c_hi + 1, dtype=np.int64)
    rows = np.arange(r_lo, r_hi + 1, dtype=np.int64)
    cc, rr = np.meshgrid(cols, rows)
    cx, cy = grid.cell_centres(cc.ravel(), rr.ravel())
    shapely.prepare(polygon)
    inside = shapely.intersects_xy(polygon, cx, cy).reshape(cc.shape)
    if not inside.any():
        raise BoundaryError("no cell centre lies inside the area; is the cell size too large?")
    pad = math.ceil(pad_metres / cell)
    rws, cls = np.nonzero(inside)
    r0, r1 = int(rws.min()) - pad, int(rws.max()) + pad
    k0, k1 = int(cls.min()) - pad, int(cls.max()) + pad
    nrows, ncols = r1 - r0 + 1, k1 - k0 + 1
    mask = np.zeros((nrows, ncols), dtype=bool)
    mask[rws - r0, cls - k0] = True
    return GridFrame(grid, c_lo + k0, r_lo + r0, ncols, nrows, mask)


def convex_hull(x: FloatArray, y: FloatArray) -> Any:
    return MultiPoint(np.column_stack([x, y])).convex_hull


def read_boundary(path: str | Path) -> Any:
    """The union of all (multi)polygons of a GeoJSON file, as a shapely geometry."""
    p = Path(path)
    if not p.is_file():
        raise BoundaryError(f"boundary file not found: {p}")
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise BoundaryError(f"boundary file is not valid JSON: {p} ({exc})") from exc
    geoms: list[Any] = []

    def collect(obj: Any) -> None:
        if not isinstance(obj, dict):
            return
        kind = obj.get("type")
        if kind == "FeatureCollection":
            for feat in obj.get("features") or []:
                collect(feat)
        elif kind == "Feature":
            collect(obj.get("geometry"))
        elif kind == "GeometryCollection":
            for g in obj.get("geometries") or []:
                collect(g)
        elif kind in ("Polygon", "MultiPolygon"):
            try:
                geoms.append(shapely.make_valid(shape(obj)))
            except (ValueError, TypeError, AttributeError, IndexError) as exc:
                raise BoundaryError(f"invalid polygon in {p.name}: {exc}") from exc

    collect(data)
    if not geoms:
        raise BoundaryError(f"no Polygon or MultiPolygon in {p.name}")
    return shapely.union_all(geoms)
