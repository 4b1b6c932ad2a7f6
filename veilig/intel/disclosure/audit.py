"""The exact audit: can an intruder pin down a suppressed cell from the published ones?

The intruder knows the dimensions, every published cell value and that atoms are non-negative
integers. A suppressed cell is *recovered* when its minimum and maximum over all such atom arrays
consistent with the publication coincide. Both are integer programs (HiGHS through
``scipy.optimize.milp``). Used by the tests and for one-off checks; not on a request path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .cube import cell_values, check_atoms
from .dimension import Dimension

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Audit:
    """Per suppressed cell (in ``cells`` order): the true value and the exact feasible range."""

    cells: tuple[tuple[int, ...], ...]
    value: tuple[int, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]

    @property
    def recovered(self) -> tuple[tuple[int, ...], ...]:
        return tuple(c for c, lo, hi in zip(self.cells, self.low, self.high, strict=True) if lo == hi)


class _Problem:
    def __init__(self, *, dims: Sequence[Dimension], atoms: npt.ArrayLike, suppressed: BoolArray):
        arr = check_atoms(dims=dims, atoms=atoms)
        values = cell_values(dims=dims, atoms=arr)
        if suppressed.shape != values.shape:
            raise ValueError("the suppression mask must cover every cell")
        matrix = sparse.csr_matrix(dims[0].aggregation())
        for dim in dims[1:]:
            matrix = sparse.kron(matrix, sparse.csr_matrix(dim.aggregation()), format="csr")
        flat = suppressed.ravel()
        self.rows = matrix
        self.values = values.ravel()
        self.hidden = np.flatnonzero(flat)
        published = np.flatnonzero(~flat)
        self.constraints = (
            [LinearConstraint(matrix[published], self.values[published], self.values[published])]
            if len(published)
            else []
        )
        n = matrix.shape[1]
        # A finite box far above any consistent value: an unbounded cell hits it and counts as
        # not recovered, which is what it is.
        cap = float(arr.sum() * 10 + 100)
        self.bounds = Bounds(np.zeros(n), np.full(n, cap))
        self.integrality = np.ones(n)
        self.shape = values.shape

    def solve(self, objective: FloatArray, *, exact: bool = True) -> FloatArray:
        """Cell values of an integer solution: optimal, or (not ``exact``) merely feasible."""
        # A merely feasible solution is enough to clear cells: any consistent solution that
        # moves a cell shows that the cell is not pinned down.
        options = {} if exact else {"mip_rel_gap": 1.0, "time_limit": 5.0}
        res = milp(
            objective,
            constraints=self.constraints,
            integrality=self.integrality,
            bounds=self.bounds,
            options=options,
        )
        if exact and res.status != 0:
            raise RuntimeError(f"the audit's integer program failed: {res.message}")
        if res.x is None:
            raise RuntimeError(f"the audit's integer program failed: {res.message}")
        return np.rint(np.asarray(self.rows @ res.x, dtype=np.float64))

    def extreme(self, cell: int, sense: float) -> float:
        row = self.rows[cell].toarray().ravel().astype(np.float64)
        return float(self.solve(sense * row)[cell])


def audit(*, dims: Sequence[Dimension], atoms: npt.ArrayLike, suppressed: BoolArray) -> Audit:
    """The exact min and max of every suppressed cell (two integer programs per cell)."""
    p = _Problem(dims=dims, atoms=atoms, suppressed=suppressed)
    cells, value, low, high = [], [], [], []
    for c in p.hidden:
        cells.append(tuple(int(x) for x in np.unravel_index(c, p.shape)))
        value.append(int(p.values[c]))
        low.append(p.extreme(int(c), 1.0))
        high.append(p.extreme(int(c), -1.0))
    return Audit(tuple(cells), tuple(value), tuple(low), tuple(high))


def recovered(*, dims: Sequence[Dimension], atoms: npt.ArrayLike, suppressed: BoolArray) -> BoolArray:
    """The suppressed cells whose value is pinned down, exactly, with few integer programs.

    A cell is cleared as soon as any consistent integer solution gives it another value than the
    true one; solutions that push the sum of the open cells up and down clear many at once. Cells
    still open after that get their own min and max.
    """
    p = _Problem(dims=dims, atoms=atoms, suppressed=suppressed)
    open_ = set(int(c) for c in p.hidden)
    pinned: set[int] = set()
    # Fixed weights: the audit is deterministic too.
    rng = np.random.default_rng(0)

    def clear(cells: FloatArray) -> bool:
        moved = {c for c in open_ if cells[c] != p.values[c]}
        open_.difference_update(moved)
        return bool(moved)

    progress = True
    while open_ and progress:
        progress = False
        for sense in (-1.0, 1.0, 0.0):
            if not open_:
                break
            idx = sorted(open_)
            # Push every open cell up, then down, then each a random way.
            if sense:
                weights = sense * rng.uniform(1.0, 2.0, size=len(idx))
            else:
                weights = rng.choice([-1.0, 1.0], size=len(idx)) * rng.uniform(1.0, 2.0, len(idx))
            objective = np.asarray(p.rows[idx].T @ weights, dtype=np.float64).ravel()
            progress = clear(p.solve(objective, exact=False)) or progress
    while open_:
        c = min(open_)
        row = p.rows[c].toarray().ravel().astype(np.float64)
        if clear(p.solve(-row)) or clear(p.solve(row)):
            continue
        # Neither extreme moves it: recovered. Keep it and go on with the rest.
        open_.discard(c)
        pinned.add(c)
    out = np.zeros(p.shape, dtype=bool)
    for c in pinned:
        out[np.unravel_index(c, p.shape)] = True
    return out
