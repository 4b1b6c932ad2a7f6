"""Counting over the store: by area and period bucket, and by weekday and hour."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from veilig.intel.aggregates.areas import AreaTree
from veilig.intel.aggregates.calendar import Bucket, Buckets, buckets_for, day_number, weekday_of
from veilig.intel.aggregates.store import Block, Store

EVENTS, SIGNALS = "events", "signals"
KINDS = frozenset({EVENTS, SIGNALS})


@dataclass(frozen=True)
class Selection:
    """Which records count: raw themes (event themes and ``signal:<category>`` codes), a
    period [day_from, day_to), the kinds of record, optionally some event sources only, and
    optionally only the records inside one area."""

    raw_themes: tuple[str, ...]
    day_from: date
    day_to: date
    kinds: frozenset[str] = KINDS
    event_sources: tuple[int, ...] = ()
    within: str | None = None


@dataclass(frozen=True)
class Tally:
    areas: list[str]  # area codes, the rows of ``counts``
    buckets: Buckets  # the columns of ``counts``
    counts: npt.NDArray[np.int64]  # areas x buckets

    @property
    def starts(self) -> list[date]:
        return self.buckets.starts


@dataclass(frozen=True)
class Picked:
    buurt: npt.NDArray[np.int32]
    day: npt.NDArray[np.int32]
    hour: npt.NDArray[np.int8]


def _pick(block: Block, rows: slice | npt.NDArray[np.bool_], sel: Selection) -> Picked | None:
    buurt, day, hour = block.buurt[rows], block.day[rows], block.hour[rows]
    keep: npt.NDArray[np.bool_] | None = None
    alive = block.alive[rows]
    if not alive.all():
        keep = alive
    if sel.event_sources:
        chosen = np.isin(block.source[rows], np.asarray(sel.event_sources, dtype=np.int32))
        keep = chosen if keep is None else keep & chosen
    if keep is not None:
        buurt, day, hour = buurt[keep], day[keep], hour[keep]
    return Picked(buurt, day, hour) if buurt.size else None


def picked_rows(store: Store, sel: Selection) -> Iterator[Picked]:
    first, last = day_number(sel.day_from), day_number(sel.day_to)
    themes = sorted({store.themes.index[t] for t in sel.raw_themes if t in store.themes.index})
    if not themes or last <= first:
        return
    sorted_blocks: list[Block] = []
    if EVENTS in sel.kinds:
        sorted_blocks.append(store.base)
    if SIGNALS in sel.kinds and not sel.event_sources:
        sorted_blocks.append(store.signals)
    for block in sorted_blocks:
        if len(block) == 0:
            continue
        for rows in block.slices(themes, first, last):
            if (found := _pick(block, rows, sel)) is not None:
                yield found
    delta = store.delta
    if EVENTS in sel.kinds and len(delta):
        mask = np.isin(delta.theme, themes) & (delta.day >= first) & (delta.day < last)
        if mask.any() and (found := _pick(delta, mask, sel)) is not None:
            yield found


class AreaMaps:
    """Store buurt index -> area index per level (and inside-an-area masks), cached until the
    store learns a new buurt code or the tree changes."""

    def __init__(self, store: Store, tree: AreaTree) -> None:
        self.store, self.tree = store, tree
        self._cache: dict[tuple[str, str, int], npt.NDArray[np.int32]] = {}

    def level(self, level: str, within: str | None) -> npt.NDArray[np.int32]:
        codes = self.store.buurten.codes
        key = (level, within or "", len(codes))
        if key not in self._cache:
            areas = self.areas(level, within)
            position = {code: i for i, code in enumerate(areas)}
            values = [position.get(self.tree.ancestor(b, level) or "", -1) for b in codes]
            self._cache[key] = np.asarray(values, dtype=np.int32)
        return self._cache[key]

    def areas(self, level: str, within: str | None) -> list[str]:
        if within is None:
            return list(self.tree.by_level.get(level, []))
        return self.tree.within(within, level)


def tally(store: Store, maps: AreaMaps, sel: Selection, *, level: str, bucket: Bucket) -> Tally:
    """Counts per area of ``level`` (inside ``sel.within`` if given) and period bucket."""
    buckets = buckets_for(day_from=sel.day_from, day_to=sel.day_to, kind=bucket)
    areas = maps.areas(level, sel.within)
    area_of = maps.level(level, sel.within)
    n_areas, n_buckets = len(areas), len(buckets.starts)
    counts = np.zeros(n_areas * n_buckets, dtype=np.int64)
    for picked in picked_rows(store, sel):
        group = area_of[picked.buurt] if area_of.size else np.full(picked.buurt.size, -1)
        inside = group >= 0
        cell = (
            group[inside].astype(np.int64) * n_buckets
            + buckets.index[picked.day[inside] - buckets.first_day]
        )
        counts += np.bincount(cell, minlength=n_areas * n_buckets)
    return Tally(areas, buckets, counts.reshape(n_areas, n_buckets))


def heatmap(store: Store, maps: AreaMaps, sel: Selection, *, area: str) -> npt.NDArray[np.int64]:
    """Counts by weekday (Monday first) and hour, 7 x 24, for the records inside ``area``."""
    level = maps.tree.nodes[area].level if area in maps.tree.nodes else "gemeente"
    area_of = maps.level(level, None)
    target = maps.areas(level, None).index(area) if area in maps.tree.nodes else -2
    counts = np.zeros(7 * 24, dtype=np.int64)
    for picked in picked_rows(store, sel):
        inside = area_of[picked.buurt] == target if area_of.size else np.zeros(0, bool)
        cell = weekday_of(picked.day[inside]) * 24 + picked.hour[inside].astype(np.int64)
        counts += np.bincount(cell, minlength=7 * 24)
    return counts.reshape(7, 24)
