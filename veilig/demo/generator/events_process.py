"""The point process behind the events: background plus self-excitation (Hawkes / ETAS).

A theme's background is an inhomogeneous Poisson process whose intensity is separable: the
theme's rhythm over time times its risk over space (addresses, streets, hotspots). On top of
it every event may trigger more (the branching form of a Hawkes process): Poisson(theta)
children each, a few days later (exponential), nearby (exponential distance, capped), at the
nearest address when the theme happens at addresses. Children trigger children, generation by
generation, all vectorised; those after the end of the history are dropped. This is what makes
near-repeat burglary: a burglary raises the risk within about 200 m for about two weeks. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from veilig.demo.generator import events_time as t
from veilig.demo.generator.events_space import (
    CitySpace,
    address_weights,
    addresses_draw,
    hotspot_anchors,
    scatter,
)
from veilig.demo.generator.events_themes import ThemeSpec, Trigger

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
MAX_GENERATIONS = 12
NO_ADDRESS = -1


@dataclass(frozen=True)
class Points:
    """Events as columns: time (UTC seconds), RD position, address (-1 if not at one), and
    the generation (0 = background)."""

    at: IntArray
    xy: FloatArray
    address: IntArray
    generation: IntArray

    def __len__(self) -> int:
        return len(self.at)

    @staticmethod
    def concat(parts: list[Points]) -> Points:
        if not parts:
            return Points(_ints(0), np.zeros((0, 2)), _ints(0), _ints(0))
        return Points(
            at=np.concatenate([p.at for p in parts]),
            xy=np.concatenate([p.xy for p in parts]).reshape(-1, 2),
            address=np.concatenate([p.address for p in parts]),
            generation=np.concatenate([p.generation for p in parts]),
        )


def _ints(n: int) -> IntArray:
    return np.zeros(n, dtype=np.int64)


def background_draw(
    *, rng: np.random.Generator, space: CitySpace, grid: t.HourGrid, spec: ThemeSpec, count: int
) -> Points:
    """``count`` background events of a theme: times from its rhythm, places from its risk."""
    at = t.times_draw(rng=rng, grid=grid, rhythm=spec.rhythm, count=count)
    xy, address = places_draw(rng=rng, space=space, spec=spec, count=count)
    return Points(at=at, xy=xy, address=address, generation=_ints(count))


def places_draw(
    *, rng: np.random.Generator, space: CitySpace, spec: ThemeSpec, count: int
) -> tuple[FloatArray, IntArray]:
    """Places of ``count`` events: at an address, on a street near one, or at a hotspot."""
    weights = address_weights(
        space, deprivation=spec.deprivation, centre=spec.centre, houses=spec.houses
    )
    draw = rng.random(count)
    at_address = draw < spec.at_address
    at_hotspot = (~at_address) & (draw < spec.at_address + spec.hotspot_share)
    on_street = ~(at_address | at_hotspot)
    anchors = addresses_draw(rng=rng, weights=weights, count=count)
    spread = np.full(count, spec.street_spread_m)
    if spec.hotspot and at_hotspot.any():
        spots, hotspot_spread = hotspot_anchors(
            rng=rng, space=space, kind=spec.hotspot, count=int(at_hotspot.sum())
        )
        anchors[at_hotspot] = spots
        spread[at_hotspot] = hotspot_spread
    xy = space.xy[anchors].copy()
    moved = on_street | at_hotspot
    xy[moved] = scatter(rng=rng, space=space, anchors=anchors[moved], spread_m=spread[moved])
    address = np.where(at_address, anchors, NO_ADDRESS).astype(np.int64)
    return xy, address


def cascade(
    *,
    rng: np.random.Generator,
    space: CitySpace,
    grid: t.HourGrid,
    spec: ThemeSpec,
    parents: Points,
    end: int,
) -> Points:
    """The offspring of ``parents`` over all generations (not the parents themselves)."""
    trigger = spec.trigger
    if trigger is None or not len(parents):
        return Points.concat([])
    found: list[Points] = []
    current = parents
    for generation in range(1, MAX_GENERATIONS + 1):
        children = _children(
            rng=rng, space=space, grid=grid, spec=spec, trigger=trigger, parents=current
        )
        children = _keep(children, children.at < end)
        if not len(children):
            break
        found.append(Points(children.at, children.xy, children.address,
                            np.full(len(children), generation, dtype=np.int64)))  # fmt: skip
        current = children
    return Points.concat(found)


def _children(
    *,
    rng: np.random.Generator,
    space: CitySpace,
    grid: t.HourGrid,
    spec: ThemeSpec,
    trigger: Trigger,
    parents: Points,
) -> Points:
    counts = rng.poisson(trigger.theta, len(parents))
    parent = np.repeat(np.arange(len(parents)), counts)
    n = len(parent)
    # Whole days later, at an hour of the theme's daily rhythm (so the daily cycle holds).
    days = np.floor(rng.exponential(trigger.mean_days, n)).astype(np.int64)
    parent_at = parents.at[parent]
    parent_hour = grid.local_hour[grid.position(parent_at)]
    hour = t.hour_draw(rng=rng, rhythm=spec.rhythm, count=n)
    days[(days == 0) & (hour <= parent_hour)] = 1
    at = parent_at + days * t.DAY + (hour - parent_hour) * t.HOUR + rng.integers(-1800, 1800, n)
    at = np.maximum(at, parent_at + 60)
    if trigger.distance_m <= 0:
        return Points(at, parents.xy[parent].copy(), parents.address[parent].copy(), _ints(n))
    angle = rng.uniform(0.0, 2 * np.pi, n)
    distance = np.minimum(rng.exponential(trigger.distance_m, n), trigger.max_m)
    xy = parents.xy[parent] + np.column_stack([np.cos(angle), np.sin(angle)]) * distance[:, None]
    if trigger.snap:
        address = space.nearest(xy)
        same = rng.random(n) < trigger.same_address
        address[same] = parents.address[parent][same]
        address = np.where(address < 0, space.nearest(parents.xy[parent]), address)
        return Points(at, space.xy[address].copy(), address.astype(np.int64), _ints(n))
    outside = space.inside(xy) < 0
    xy[outside] = parents.xy[parent][outside]
    return Points(at, xy, np.full(n, NO_ADDRESS, dtype=np.int64), _ints(n))


def _keep(points: Points, mask: npt.NDArray[np.bool_]) -> Points:
    return Points(points.at[mask], points.xy[mask], points.address[mask], points.generation[mask])


def theme_points(
    *,
    rng: np.random.Generator,
    space: CitySpace,
    grid: t.HourGrid,
    spec: ThemeSpec,
    scale: float,
    end: int,
) -> Points:
    """All events of one theme: background plus offspring, about ``spec.per_year`` a year."""
    years = len(grid) / (365.25 * 24)
    expected = spec.per_year * years * scale
    theta = spec.trigger.theta if spec.trigger is not None else 0.0
    count = int(rng.poisson(expected * (1.0 - theta))) if len(space) else 0
    parents = background_draw(rng=rng, space=space, grid=grid, spec=spec, count=count)
    children = cascade(rng=rng, space=space, grid=grid, spec=spec, parents=parents, end=end)
    return Points.concat([parents, children])
