"""Primary and secondary cell suppression of a hierarchical cube (see ``docs/disclosure.md``).

Primary: every cell whose value is at least 1 and below the threshold. A 0 is published by
default: the dashboards count incidents, not people, and a cell without any incident tells
nothing about a person; as primary cells, zeros (most of a sparse cube) force secondary
suppressions up to the city's yearly totals (measured on the demo city: the gemeente's yearly
burglary figure suppressed in two of six years). ``zeros=True`` suppresses them too; the
witnesses are sound either way (the tests audit both).

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
from .witness import EXTRA_TIERS, Factor, Witness, factors_for, feasible_signs, grid

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


def protect(
    *, dims: Sequence[Dimension], atoms: npt.ArrayLike, threshold: int, zeros: bool = False
) -> Protection:
    """Suppress the cells from 1 to ``threshold - 1`` (and 0 when ``zeros``), and enough others
    that none can be recovered."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    dims = tuple(dims)
    arr = check_atoms(dims=dims, atoms=atoms)
    values = cell_values(dims=dims, atoms=arr)
    primary = (values < threshold) if zeros else (values > 0) & (values < threshold)
    suppressed = primary.copy()
    witnesses: dict[tuple[int, ...], Witness] = {}
    if not primary.any():
        return Protection(values, primary, suppressed, witnesses)
    covered = np.zeros_like(primary)
    search = _Search(dims=dims, atoms=arr, values=values, suppressed=suppressed)
    # Deepest cells first: their witnesses are small and often cover the coarser primary cells.
    cells = np.argwhere(primary)
    depth = np.zeros(len(cells), dtype=np.int64)
    for k, d in enumerate(dims):
        depth += np.asarray(d.depth, dtype=np.int64)[cells[:, k]]
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

    def _masses(self, cell: tuple[int, ...], axis: int) -> tuple[IntArray, IntArray]:
        """Atoms per leaf of ``axis`` under the cell's ranges, and under its parents' ranges.

        The units a witness takes lie under the cell's siblings as often as under the cell (a
        cell of 0 has none), so leaves are also ranked by the mass under the parents.
        """
        others = tuple(k for k in range(len(self.dims)) if k != axis)
        out = []
        for up in (False, True):
            index = []
            for k, d in enumerate(self.dims):
                node = cell[k]
                if up and not d.is_top(node):
                    node = d.parent[node]
                index.append(slice(None) if k == axis else slice(d.leaf_lo[node], d.leaf_hi[node]))
            out.append(np.asarray(self.atoms[tuple(index)].sum(axis=others), dtype=np.int64))
        return out[0], out[1]

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
        ix = grid([f.support for f in factors])
        fresh = ~self.suppressed[ix]
        return int((self.values[ix][fresh] + 1).sum())

    def find(self, cell: tuple[int, ...]) -> Witness:
        per_dim = [
            factors_for(
                dim=d,
                node=cell[k],
                masses=self._masses(cell, k),
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
        extra = EXTRA_TIERS
        for vec in vectors:
            if best is not None:
                if extra == 0:
                    break
                extra -= 1
            options = [per_dim[k][t] for k, t in enumerate(vec)]
            signs = feasible_signs(self.atoms, options)
            # C order follows each dimension's preference order (cheapest siblings first).
            for idx in np.argwhere(signs)[:WITNESS_CHOICES]:
                combo = tuple(options[k][int(i)] for k, i in enumerate(idx))
                cost = self._cost(combo)
                if best is None or cost < best[0]:
                    best = (cost, Witness(combo, int(signs[tuple(idx)])))
        if best is None:
            # Unreachable: the all-single witness (+1 on one atom) is always feasible.
            raise AssertionError("no witness found")
        return best[1]
