"""The columnar store: records as numpy columns, sorted by (theme, day) for slicing.

A dashboard query selects one or a few themes and a period; with the rows sorted by a key of
theme and day, each (theme, period) is one contiguous slice found by binary search, and the
counting is a ``bincount`` over that slice. New and changed rows go to a small unsorted
delta; the rows they replace are marked dead. When the delta outgrows a share of the base,
both are merged and sorted again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from veilig.intel.aggregates.loading import Rows

MERGE_SHARE = 0.05  # merge the delta into the base when it holds this share of the rows
DAY_BITS = 32


@dataclass
class Block:
    """Columns of equal length. ``theme`` and ``buurt`` index the store's dictionaries."""

    ident: npt.NDArray[np.int64]
    theme: npt.NDArray[np.int32]
    buurt: npt.NDArray[np.int32]
    source: npt.NDArray[np.int32]
    day: npt.NDArray[np.int32]
    hour: npt.NDArray[np.int8]
    alive: npt.NDArray[np.bool_]
    key: npt.NDArray[np.int64] | None = None  # (theme << 32 | day) when sorted

    @classmethod
    def empty(cls) -> Block:
        z32 = np.zeros(0, np.int32)
        return cls(
            np.zeros(0, np.int64), z32, z32, z32, z32, np.zeros(0, np.int8), np.zeros(0, bool)
        )

    def __len__(self) -> int:
        return int(self.ident.size)

    def sorted(self) -> Block:
        keep = self.alive
        key = (self.theme[keep].astype(np.int64) << DAY_BITS) | (
            self.day[keep].astype(np.int64) & 0xFFFFFFFF
        )
        order = np.argsort(key, kind="stable")
        return Block(
            self.ident[keep][order], self.theme[keep][order], self.buurt[keep][order],
            self.source[keep][order], self.day[keep][order], self.hour[keep][order],
            np.ones(order.size, bool), key[order],
        )  # fmt: skip

    def slices(self, themes: Iterable[int], first: int, last: int) -> list[slice]:
        """Row ranges of ``themes`` with first <= day < last (sorted blocks only)."""
        assert self.key is not None
        out = []
        for theme in themes:
            low = (theme << DAY_BITS) | (first & 0xFFFFFFFF)
            high = (theme << DAY_BITS) | (last & 0xFFFFFFFF)
            a, b = np.searchsorted(self.key, [low, high])
            if b > a:
                out.append(slice(int(a), int(b)))
        return out


def concat(blocks: list[Block]) -> Block:
    if not blocks:
        return Block.empty()
    return Block(
        *(np.concatenate([getattr(b, name) for b in blocks]) for name in
          ("ident", "theme", "buurt", "source", "day", "hour", "alive")),
    )  # fmt: skip


@dataclass
class Dictionary:
    """Codes to small integers, in order of first appearance."""

    codes: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def encode(self, values: list[str]) -> npt.NDArray[np.int32]:
        index = self.index
        out = np.empty(len(values), dtype=np.int32)
        for i, value in enumerate(values):
            code = index.get(value)
            if code is None:
                code = index[value] = len(self.codes)
                self.codes.append(value)
            out[i] = code
        return out


@dataclass
class Store:
    """Events (a sorted base and an unsorted delta) and street signals (sorted, rebuilt whole)."""

    themes: Dictionary = field(default_factory=Dictionary)
    buurten: Dictionary = field(default_factory=Dictionary)
    base: Block = field(default_factory=Block.empty)
    delta: Block = field(default_factory=Block.empty)
    signals: Block = field(default_factory=Block.empty)

    def block_of(self, rows: Rows) -> Block:
        return Block(
            rows.ident, self.themes.encode(rows.theme), self.buurten.encode(rows.buurt),
            rows.source, rows.day, rows.hour, np.ones(len(rows), bool),
        )  # fmt: skip

    def events_replace(self, chunks: Iterable[Rows]) -> None:
        self.base = concat([self.block_of(r) for r in chunks]).sorted()
        self.delta = Block.empty()

    def events_add(self, chunks: Iterable[Rows]) -> int:
        """Add new and changed rows; the stored versions of changed rows die. Returns the count."""
        new = concat([self.block_of(r) for r in chunks])
        if not len(new):
            return 0
        for block in (self.base, self.delta):
            if len(block):
                block.alive &= ~np.isin(block.ident, new.ident)
        self.delta = concat([self.delta, new])
        if len(self.delta) > MERGE_SHARE * max(len(self.base), 1):
            self.base = concat([self.base, self.delta]).sorted()
            self.delta = Block.empty()
        return len(new)

    def signals_replace(self, chunks: Iterable[Rows]) -> None:
        self.signals = concat([self.block_of(r) for r in chunks]).sorted()

    @property
    def size(self) -> int:
        return int(self.base.alive.sum() + self.delta.alive.sum() + len(self.signals))
