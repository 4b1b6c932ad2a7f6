"""Witnesses: integer perturbations of the atoms that every published cell cannot see.

A witness is a product ``delta = d_0 ⊗ d_1 ⊗ ...`` with one factor per dimension, each either

* a *pair* ``e_u - e_v``: ``u`` a leaf under the cell's node, ``v`` a leaf under a sibling ``s`` of
  an ancestor-or-self ``A`` of that node (``A`` not a top). A node's factor sum is non-zero only on
  the path from ``u`` up to ``A`` and the path from ``v`` up to ``s``: every node that holds both
  leaves (``parent(A)`` and above) sums to 0; or
* a *single* ``e_w``: ``w`` a leaf under the node; non-zero on the path from ``w`` up to its top.
  For a top node this is the whole story (tops have no common total); for a lower node it drags
  the path up to the top into the witness, so it is the expensive fallback.

A cell's delta-sum is the product of its factor sums, so it is non-zero exactly on the product of
the per-dimension paths (the *support*), and 0 on every other cell. Suppressing the whole support
therefore keeps every published cell blind to the witness, and every cell of the support (the
witnessed cell among them) takes two values consistent with the publication: ``atoms`` and
``atoms + sign * delta``, provided the atoms that get -1 are at least 1. The all-single witness
has one atom, +1, so it always exists: no suppressed cell is ever left without a witness.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .dimension import Dimension

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Per dimension and tier, at most this many leaves are tried for u, v and w (the fullest first, so
# that the atoms that must give up a unit exist), and this many siblings (the cheapest first).
LEAF_CHOICES = 2
SIBLING_CHOICES = 4
# Tier choices examined after the first one that has a feasible witness.
EXTRA_TIERS = 3


@dataclass(frozen=True)
class Factor:
    """One dimension's factor: the leaf positions with their sign, and the nodes it touches."""

    tier: int
    leaves: tuple[tuple[int, int], ...]
    support: tuple[int, ...]


@dataclass(frozen=True)
class Witness:
    """A chosen witness: its factors (one per dimension) and the sign applied to their product."""

    factors: tuple[Factor, ...]
    sign: int

    def delta(self, shape: tuple[int, ...]) -> IntArray:
        """The perturbation of the atoms as a dense array (for tests and the audit)."""
        out = np.zeros(shape, dtype=np.int64)
        for combo in itertools.product(*(f.leaves for f in self.factors)):
            idx = tuple(p for p, _ in combo)
            out[idx] += self.sign * int(np.prod([s for _, s in combo]))
        return out

    def support(self) -> tuple[tuple[int, ...], ...]:
        return tuple(f.support for f in self.factors)


def _ordered_leaves(dim: Dimension, node: int, masses: Sequence[IntArray]) -> list[int]:
    rng = dim.leaf_range(node)
    out: list[int] = []
    for mass in masses:
        # The fullest leaves first (stable, so ties keep the leaf order: deterministic).
        for p in sorted(rng, key=lambda p: -int(mass[p]))[:LEAF_CHOICES]:
            if p not in out:
                out.append(p)
    return out


def factors_for(
    *,
    dim: Dimension,
    node: int,
    masses: Sequence[IntArray],
    sibling_cost: dict[int, int],
) -> list[list[Factor]]:
    """The candidate factors of one dimension, grouped by tier (cheapest support first).

    ``masses`` are the atoms at each leaf of this dimension summed over the cell's ranges in the
    others, and over its parents' ranges (where the units a witness takes may lie);
    ``sibling_cost`` the cost of exposing a node's sibling cell (lower is better).
    """
    tiers: list[list[Factor]] = []
    us = _ordered_leaves(dim, node, masses)
    level = node
    tier = 0
    while not dim.is_top(level):
        group: list[Factor] = []
        sibs = sorted(dim.siblings(level), key=lambda s: (sibling_cost.get(s, 0), s))
        for s in sibs[:SIBLING_CHOICES]:
            vs = _ordered_leaves(dim, s, masses)
            for u in us:
                up = dim.path_up(u, level)
                for v in vs:
                    group.append(Factor(tier, ((u, 1), (v, -1)), (*up, *dim.path_up(v, s))))
        if group:
            tiers.append(group)
            tier += 1
        level = dim.parent[level]
    top = dim.root[node]
    tiers.append([Factor(tier, ((w, 1),), tuple(dim.path_up(w, top))) for w in us])
    return tiers


def grid(axes: Sequence[npt.ArrayLike]) -> tuple[npt.NDArray[np.intp], ...]:
    """``np.ix_`` without its checks (it is on the hot path of the search)."""
    n = len(axes)
    return tuple(
        np.asarray(a, dtype=np.intp).reshape((1,) * k + (-1,) + (1,) * (n - k - 1))
        for k, a in enumerate(axes)
    )


def feasible_signs(atoms: IntArray, options: Sequence[Sequence[Factor]]) -> IntArray:
    """``feasible_sign`` for every combination of one factor per dimension, at once.

    All factors of one dimension in ``options`` have the same kind (one tier). The result has
    one axis per dimension over its options: +1, -1 or 0 (infeasible).
    """
    firsts = [np.array([f.leaves[0][0] for f in opts], dtype=np.intp) for opts in options]
    seconds = [
        np.array([f.leaves[1][0] for f in opts], dtype=np.intp)
        if len(opts[0].leaves) == 2
        else None
        for opts in options
    ]
    paired = [k for k, v in enumerate(seconds) if v is not None]
    shape = tuple(len(opts) for opts in options)
    plus_ok = np.ones(shape, dtype=bool)
    minus_ok = np.ones(shape, dtype=bool)
    for corner in itertools.product((0, 1), repeat=len(paired)):
        axes = list(firsts)
        for k, take_v in zip(paired, corner, strict=True):
            if take_v:
                axes[k] = seconds[k]  # type: ignore[assignment]
        full = atoms[grid(axes)] >= 1
        # An atom that must give up a unit under a sign needs one: odd corners under +1.
        if sum(corner) % 2:
            plus_ok &= full
        else:
            minus_ok &= full
    return np.where(plus_ok, 1, np.where(minus_ok, -1, 0)).astype(np.int64)
