"""One dimension of a hierarchical cube: a tree or a forest over nodes, given by a parent array.

Leaves are put in depth-first order, so the leaves under any node form one contiguous range
``leaf_lo[n]:leaf_hi[n]``; the atoms of a cube are indexed by that order on each axis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Dimension:
    """A forest over ``len(parent)`` nodes; ``parent[n] == -1`` marks a top node."""

    parent: tuple[int, ...]
    labels: tuple[str, ...] = ()
    children: tuple[tuple[int, ...], ...] = field(init=False, repr=False)
    tops: tuple[int, ...] = field(init=False, repr=False)
    leaves: tuple[int, ...] = field(init=False, repr=False)
    leaf_lo: tuple[int, ...] = field(init=False, repr=False)
    leaf_hi: tuple[int, ...] = field(init=False, repr=False)
    depth: tuple[int, ...] = field(init=False, repr=False)
    root: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n = len(self.parent)
        if n == 0:
            raise ValueError("a dimension needs at least one node")
        if self.labels and len(self.labels) != n:
            raise ValueError("one label per node")
        kids: list[list[int]] = [[] for _ in range(n)]
        tops: list[int] = []
        for node, up in enumerate(self.parent):
            if up == -1:
                tops.append(node)
            elif 0 <= up < n and up != node:
                kids[up].append(node)
            else:
                raise ValueError(f"node {node} has an invalid parent {up}")
        lo = [0] * n
        hi = [0] * n
        depth = [0] * n
        root = [0] * n
        leaves: list[int] = []
        seen = 0
        # Iterative depth-first walk: a deep tree must not hit the recursion limit.
        for top in tops:
            stack: list[tuple[int, bool]] = [(top, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    hi[node] = len(leaves)
                    continue
                seen += 1
                lo[node] = len(leaves)
                up = self.parent[node]
                depth[node] = 0 if up == -1 else depth[up] + 1
                root[node] = node if up == -1 else root[up]
                if not kids[node]:
                    leaves.append(node)
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids[node]))
        if seen != n:
            raise ValueError("the parent array has a cycle")
        set_ = object.__setattr__
        set_(self, "children", tuple(tuple(k) for k in kids))
        set_(self, "tops", tuple(tops))
        set_(self, "leaves", tuple(leaves))
        set_(self, "leaf_lo", tuple(lo))
        set_(self, "leaf_hi", tuple(hi))
        set_(self, "depth", tuple(depth))
        set_(self, "root", tuple(root))

    @classmethod
    def single(cls, label: str = "") -> Dimension:
        """A one-node dimension (a theme without members)."""
        return cls(parent=(-1,), labels=(label,) if label else ())

    @classmethod
    def from_labels(cls, parents: Mapping[str, str | None]) -> Dimension:
        """A dimension from ``{label: parent label or None}``; nodes are sorted by label."""
        names = sorted(parents)
        index = {name: i for i, name in enumerate(names)}
        parent = tuple(-1 if parents[n] is None else index[str(parents[n])] for n in names)
        return cls(parent=parent, labels=tuple(names))

    @property
    def n_nodes(self) -> int:
        return len(self.parent)

    @property
    def n_leaves(self) -> int:
        return len(self.leaves)

    def is_top(self, node: int) -> bool:
        return self.parent[node] == -1

    def siblings(self, node: int) -> tuple[int, ...]:
        """Nodes with the same parent; for a top, the other tops (no total over tops exists)."""
        up = self.parent[node]
        group = self.tops if up == -1 else self.children[up]
        return tuple(s for s in group if s != node)

    def path_up(self, leaf_pos: int, stop: int) -> list[int]:
        """The nodes from the leaf at ``leaf_pos`` up to and including its ancestor ``stop``."""
        node = self.leaves[leaf_pos]
        path = [node]
        while node != stop:
            node = self.parent[node]
            if node == -1:
                raise ValueError("stop is not an ancestor of the leaf")
            path.append(node)
        return path

    def leaf_range(self, node: int) -> range:
        return range(self.leaf_lo[node], self.leaf_hi[node])

    def aggregation(self) -> IntArray:
        """The 0/1 matrix (nodes × leaves): row n marks the leaves under node n."""
        m = np.zeros((self.n_nodes, self.n_leaves), dtype=np.int64)
        for node in range(self.n_nodes):
            m[node, self.leaf_lo[node] : self.leaf_hi[node]] = 1
        return m


def nested(levels: Sequence[int]) -> Dimension:
    """A regular tree for tests and benchmarks: ``levels[i]`` children per node at depth i.

    ``levels=(2, 3)`` is one top with 2 children with 3 children each (1 + 2 + 6 nodes).
    """
    parent = [-1]
    frontier = [0]
    for width in levels:
        nxt: list[int] = []
        for node in frontier:
            for _ in range(width):
                parent.append(node)
                nxt.append(len(parent) - 1)
        frontier = nxt
    return Dimension(parent=tuple(parent))
