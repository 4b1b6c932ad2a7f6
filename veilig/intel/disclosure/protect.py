"""Primary and secondary cell suppression of a hierarchical cube (see ``docs/disclosure.md``).

Primary: every cell whose value is below the threshold, 0 included (a 0 says "nobody here",
which is as telling as a 1 about the people in that cell, and a published 0 beside a suppressed
sibling narrows down what the sibling can be).

Secondary: every primary cell gets a witness (``witness.py``), a perturbation of the atoms that
no published cell can see and that changes the cell; the witness's whole support is suppressed.
Each cell of a support is witnessed by the same perturbation, so after one pass over the primary
cells every suppressed cell has two consistent values: nothing suppressed can be recovered from
the published cells, however they are combined.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .cube import cell_values, check_atoms
from .dimension import Dimension
from .witness import COMBINATION_BUDGET, Factor, Witness, factors_for, feasible_sign

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# How many valid witnesses of the cheapest tier are compared on their exact cost.
WITNESS_CHOICES = 4


@dataclass(frozen=True)
class Protection:
    """The outcome: values, the primary and the full suppression over all node tuples."""

    values: IntArray
    primary: BoolArray
    suppressed: BoolArray
    witnesses: dict[tuple[int, ...], Witness]

    @property
    def published(self) -> BoolArray:
        return ~self.suppressed

    def shown(self, cell: tuple[int, ...]) -> int | None:
        """The value to show for a cell, or None when it is suppressed."""
        return None if bool(self.suppressed[cell]) else int(self.values[cell])


def protect(*, dims: Sequence[Dimension], atoms: npt.ArrayLike, threshold: int) -> Protection:
    """Suppress the cells below ``threshold`` and enough others that none can be recovered."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    dims = tuple(dims)
    arr = check_atoms(dims=dims, atoms=atoms)
    values = cell_values(dims=dims, atoms=arr)
    primary = values < threshold
    suppressed = primary.copy()
    witnesses: dict[tuple[int, ...], Witness] = {}
    if not primary.any():
        return Protection(values, primary, suppressed, witnesses)
    covered = np.zeros_like(primary)
    search = _Search(dims=dims, atoms=arr, values=values, suppressed=suppressed)
    # Deepest cells first: their witnesses are small and often cover the coarser primary cells.
    cells = np.argwhere(primary)
    depth = sum(np.asarray(d.depth, dtype=np.int64)[cells[:, k]] for k, d in enumerate(dims))
    order = np.lexsort((np.arange(len(cells)), -depth))
    for row in cells[order]:
        cell = tuple(int(x) for x in row)
        if covered[cell]:
            continue
        witness = search.find(cell)
        ix = np.ix_(*witness.support())
        suppressed[ix] = True
        covered[ix] = True
        witnesses[cell] = witness
    return Protection(values, primary, suppressed, witnesses)


class _Search:
    """The witness search for one cube; reads the live suppression to price candidates."""

    def __init__(
        self,
        *,
        dims: tuple[Dimension, ...],
        atoms: IntArray,
        values: IntArray,
        suppressed: BoolArray,
    ) -> None:
        self.dims = dims
        self.atoms = atoms
        self.values = values
        self.suppressed = suppressed

    def _mass(self, cell: tuple[int, ...], axis: int) -> IntArray:
        index = tuple(
            slice(None) if k == axis else slice(d.leaf_lo[cell[k]], d.leaf_hi[cell[k]])
            for k, d in enumerate(self.dims)
        )
        others = tuple(k for k in range(len(self.dims)) if k != axis)
        return np.asarray(self.atoms[index].sum(axis=others), dtype=np.int64)

    def _sibling_cost(self, cell: tuple[int, ...], axis: int) -> dict[int, int]:
        dim = self.dims[axis]
        cost: dict[int, int] = {}
        node = cell[axis]
        while not dim.is_top(node):
            for s in dim.siblings(node):
                other = (*cell[:axis], s, *cell[axis + 1 :])
                cost[s] = 0 if self.suppressed[other] else int(self.values[other]) + 1
            node = dim.parent[node]
        return cost

    def _cost(self, factors: Sequence[Factor]) -> int:
        ix = np.ix_(*(f.support for f in factors))
        fresh = ~self.suppressed[ix]
        return int((self.values[ix][fresh] + 1).sum())

    def find(self, cell: tuple[int, ...]) -> Witness:
        per_dim = [
            factors_for(
                dim=d,
                node=cell[k],
                mass=self._mass(cell, k),
                sibling_cost=self._sibling_cost(cell, k),
            )
            for k, d in enumerate(self.dims)
        ]
        # A single factor on a lower node drags its path to the top in: those tiers come last.
        singles = [0 if d.is_top(cell[k]) else len(per_dim[k]) - 1 for k, d in enumerate(self.dims)]

        def key(vec: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
            n_up = sum(1 for k, t in enumerate(vec) if singles[k] and t == singles[k])
            return (n_up, sum(vec), vec)

        vectors = sorted(itertools.product(*(range(len(t)) for t in per_dim)), key=key)
        best: tuple[int, Witness] | None = None
        current: tuple[int, int] | None = None
        for vec in vectors:
            group = key(vec)[:2]
            if best is not None and group != current:
                break
            current = group
            found = 0
            tried = 0
            for combo in itertools.product(*(per_dim[k][t] for k, t in enumerate(vec))):
                tried += 1
                if tried > COMBINATION_BUDGET:
                    break
                sign = feasible_sign(self.atoms, combo)
                if not sign:
                    continue
                cost = self._cost(combo)
                if best is None or cost < best[0]:
                    best = (cost, Witness(tuple(combo), sign))
                found += 1
                if found >= WITNESS_CHOICES:
                    break
        if best is None:
            # Unreachable: the all-single witness (+1 on one atom) is always feasible.
            raise AssertionError("no witness found")
        return best[1]
