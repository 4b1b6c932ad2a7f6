"""Cell values of a hierarchical cube: every node tuple's sum of the atoms under it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .dimension import Dimension

IntArray = npt.NDArray[np.int64]


def check_atoms(*, dims: Sequence[Dimension], atoms: npt.ArrayLike) -> IntArray:
    """The atoms as int64, checked against the dimensions (one axis per dimension, over its leaves)."""
    arr = np.asarray(atoms)
    if arr.ndim != len(dims):
        raise ValueError(f"atoms have {arr.ndim} axes for {len(dims)} dimensions")
    want = tuple(d.n_leaves for d in dims)
    if arr.shape != want:
        raise ValueError(f"atoms have shape {arr.shape}, the leaves need {want}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.equal(np.mod(arr, 1), 0)):
            raise ValueError("atoms must be integer counts")
    out = arr.astype(np.int64)
    if out.size and out.min() < 0:
        raise ValueError("atoms must be non-negative counts")
    return out


def cell_values(*, dims: Sequence[Dimension], atoms: IntArray) -> IntArray:
    """Values over all node tuples, shape ``(n_nodes_0, n_nodes_1, ...)``."""
    values = atoms
    for axis, dim in enumerate(dims):
        summed = np.tensordot(dim.aggregation(), values, axes=([1], [axis]))
        values = np.moveaxis(summed, 0, axis)
    return np.ascontiguousarray(values, dtype=np.int64)
