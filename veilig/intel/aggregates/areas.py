"""The area tree the engine counts by: every buurt of the newest boundary year and its parents.

Records carry the buurt code they were given at ingest. A record whose buurt is not in the
tree (outside the municipality, or of another boundary year) counts for no area; the gemeente's
figure is the sum of its buurten, so that every figure on a dashboard adds up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from veilig.geo.models import Area, AreaLevel

LEVELS = (AreaLevel.GEMEENTE, AreaLevel.STADSDEEL, AreaLevel.WIJK, AreaLevel.BUURT)


@dataclass(frozen=True)
class AreaNode:
    code: str
    name: str
    level: str
    parent: str | None
    inhabitants: int | None
    households: int | None


@dataclass
class AreaTree:
    """Buurten by index, and for each level the buurt → area index map."""

    boundary_year: int | None
    buurt_codes: list[str]
    nodes: dict[str, AreaNode]
    by_level: dict[str, list[str]]  # level -> area codes, ordered by code
    _maps: dict[str, npt.NDArray[np.int32]] = field(default_factory=dict)

    @property
    def buurt_index(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.buurt_codes)}

    def ancestor(self, code: str, level: str) -> str | None:
        node: AreaNode | None = self.nodes.get(code)
        while node is not None and node.level != level:
            node = self.nodes.get(node.parent) if node.parent else None
        return node.code if node is not None else None

    def level_map(self, level: str) -> npt.NDArray[np.int32]:
        """buurt index -> index into ``by_level[level]`` (−1 when the buurt has none)."""
        if level not in self._maps:
            position = {code: i for i, code in enumerate(self.by_level.get(level, []))}
            values = [position.get(self.ancestor(b, level) or "", -1) for b in self.buurt_codes]
            self._maps[level] = np.asarray(values, dtype=np.int32)
        return self._maps[level]

    def children(self, code: str) -> list[str]:
        return sorted(c for c, n in self.nodes.items() if n.parent == code)

    def within(self, code: str, level: str) -> list[str]:
        """The areas of ``level`` inside area ``code`` (the area itself at its own level)."""
        return [
            a
            for a in self.by_level.get(level, [])
            if self.ancestor(a, self.nodes[code].level) == code
        ]


def area_tree_load() -> AreaTree:
    year = (
        Area.objects.filter(level=AreaLevel.BUURT)
        .order_by("-boundary_year")
        .values_list("boundary_year", flat=True)
        .first()
    )
    if year is None:
        return AreaTree(None, [], {}, {})
    rows = Area.objects.filter(boundary_year=year).values_list(
        "code", "name", "level", "parent__code", "inhabitants", "households"
    )
    nodes = {r[0]: AreaNode(*r) for r in rows}
    by_level = {lv.value: sorted(c for c, n in nodes.items() if n.level == lv) for lv in LEVELS}
    return AreaTree(year, by_level[AreaLevel.BUURT], nodes, by_level)
