"""Records about known persons: E33 (verward gedrag) and nuisance with repeat persons and homes.

Persons come from two pools. Registry persons are the subjects of demo cases about confused
persons (all of them) and some subjects of nuisance, ICO and PGA cases: their records carry
their registry pseudonym, so the platform can link them. The other persons are known only
by a key. Everyone's activity comes in episodes (a crisis: one to several records a few days
apart), and how many episodes a person has is heavy-tailed: most persons appear once or
twice in five years, a few dozen times. Registry persons' episodes gather in the months around
the registration of their case. Records at home carry the home address, so repeat addresses
appear next to repeat persons. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from veilig.cases.vocabulary import Theme
from veilig.demo.generator import events_time as t
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.events_process import NO_ADDRESS, Points
from veilig.demo.generator.events_space import (
    CitySpace,
    address_weights,
    addresses_draw,
    hotspot_anchors,
    scatter,
)
from veilig.demo.generator.events_themes import ENFORCEMENT, POLICE

IntArray = npt.NDArray[np.int64]

RECORDS_PER_YEAR = 6_500 * 0.6 / 0.85  # E33 with a known person is 85 % of these records
NUISANCE_SHARE = 0.15  # the rest of a person's records: overlast door personen
EPISODE_MEAN_SIZE = 1.8
EPISODE_GAP_DAYS = 3.0
REGISTRY_EPISODES = 7.0  # mean episodes of a registry person over the history, full size
SYNTHETIC_EPISODES = 1.6  # mean episodes of another known person
# Share of each case theme's subjects who appear in the records.
REGISTRY_SHARE: dict[str, float] = {
    Theme.CONFUSED_PERSONS: 1.0,
    Theme.NUISANCE: 0.5,
    Theme.ICO: 0.25,
    Theme.PGA: 0.2,
}
AT_HOME, NEAR_HOME = 0.55, 0.25  # the rest: in the centre


@dataclass(frozen=True)
class PersonRecords:
    points: Points
    person: IntArray  # < registry_count: a casework person; otherwise a key-only person
    registry_count: int
    nuisance: npt.NDArray[np.bool_]  # overlast door personen instead of E33
    source: IntArray


def person_records_build(
    *,
    rng: np.random.Generator,
    space: CitySpace,
    grid: t.HourGrid,
    casework: CaseworkPlan,
    scale: float,
    end: int,
) -> PersonRecords:
    registry, homes, registered = _registry_pool(rng=rng, casework=casework, end=end)
    if not len(space):
        return _empty(len(casework.persons))
    years = len(grid) / (365.25 * 24)
    episodes_total = int(rng.poisson(RECORDS_PER_YEAR * years * scale / EPISODE_MEAN_SIZE))
    registry_episodes = rng.poisson(REGISTRY_EPISODES * max(scale, 0.1), len(registry))
    synthetic_episodes = max(episodes_total - int(registry_episodes.sum()), 0)
    synthetic_count = max(round(synthetic_episodes / SYNTHETIC_EPISODES), 1)
    activity = rng.lognormal(0.0, 1.1, synthetic_count)
    chosen = addresses_draw(rng=rng, weights=activity / activity.sum(), count=synthetic_episodes)
    synthetic_homes = addresses_draw(
        rng=rng,
        weights=address_weights(space, deprivation=0.6, centre=0.3, houses=0.5),
        count=synthetic_count,
    )
    registry_count = len(casework.persons)
    person = np.concatenate([np.repeat(registry, registry_episodes), registry_count + chosen])
    start = np.concatenate(
        [
            _registry_starts(rng=rng, grid=grid, end=end,
                             registered=np.repeat(registered, registry_episodes)),
            t.times_draw(rng=rng, grid=grid, rhythm=_RHYTHM, count=synthetic_episodes),
        ]
    )  # fmt: skip
    return _episodes(
        rng=rng,
        space=space,
        grid=grid,
        person=person,
        start=start,
        home=np.where(
            person < registry_count,
            _lookup(homes, registry, person),
            synthetic_homes[np.maximum(person - registry_count, 0)],
        ),
        registry_count=registry_count,
        end=end,
    )


_RHYTHM = t.Rhythm(t.CONFUSED_HOURS, trend_per_year=0.06)


def _registry_pool(
    *, rng: np.random.Generator, casework: CaseworkPlan, end: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Registry persons who appear, their home (last residence) and first registration."""
    first: dict[int, tuple[int, str]] = {}
    for case in casework.cases:
        moment = int(case.registered_at.timestamp())
        if case.person not in first or moment < first[case.person][0]:
            first[case.person] = (moment, case.theme)
    persons, homes, registered = [], [], []
    for index in sorted(first):
        moment, theme = first[index]
        draw = rng.random()
        residences = casework.persons[index].residences
        if draw < REGISTRY_SHARE.get(theme, 0.0) and residences:
            persons.append(index)
            homes.append(residences[-1].address)
            registered.append(min(moment, end))
    return (np.asarray(persons, dtype=np.int64), np.asarray(homes, dtype=np.int64),
            np.asarray(registered, dtype=np.int64))  # fmt: skip


def _lookup(values: IntArray, keys: IntArray, wanted: IntArray) -> IntArray:
    """values[i] where keys[i] == wanted (keys sorted); 0 where absent."""
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64)
    position = np.clip(np.searchsorted(keys, wanted), 0, len(keys) - 1)
    return np.where(keys[position] == wanted, values[position], 0)


def _registry_starts(
    *, rng: np.random.Generator, grid: t.HourGrid, registered: IntArray, end: int
) -> IntArray:
    """Most episodes in the months before and just after the case was registered."""
    around = registered + (rng.normal(-90.0, 120.0, len(registered)) * t.DAY).astype(np.int64)
    anywhere = t.times_draw(rng=rng, grid=grid, rhythm=_RHYTHM, count=len(registered))
    start = np.where(rng.random(len(registered)) < 0.6, around, anywhere)
    return np.clip(start, grid.start, end - t.DAY)


def _episodes(
    *,
    rng: np.random.Generator,
    space: CitySpace,
    grid: t.HourGrid,
    person: IntArray,
    start: IntArray,
    home: IntArray,
    registry_count: int,
    end: int,
) -> PersonRecords:
    size = rng.geometric(1.0 / EPISODE_MEAN_SIZE, len(person))
    episode = np.repeat(np.arange(len(person)), size)
    rank = np.arange(len(episode)) - np.repeat(np.cumsum(size) - size, size)
    gaps = np.where(rank > 0, rng.exponential(EPISODE_GAP_DAYS, len(episode)), 0.0)
    days = np.floor(_cumsum_within(gaps, size)).astype(np.int64)
    first = start[episode]
    hour_now = grid.local_hour[grid.position(first)]
    day_start = first - first % t.HOUR - hour_now * t.HOUR
    hour = t.hour_draw(rng=rng, rhythm=_RHYTHM, count=len(episode))
    later = day_start + days * t.DAY + hour * t.HOUR + rng.integers(0, t.HOUR, len(episode))
    at = np.where(rank == 0, first, np.maximum(later, first + 60))
    who, where = person[episode], home[episode]
    draw = rng.random(len(episode))
    at_home = draw < AT_HOME
    near_home = (~at_home) & (draw < AT_HOME + NEAR_HOME)
    in_centre = ~(at_home | near_home)
    xy = space.xy[where].copy()
    xy[near_home] = scatter(rng=rng, space=space, anchors=where[near_home], spread_m=200.0)
    centre = int(in_centre.sum())
    spots, spread = hotspot_anchors(rng=rng, space=space, kind="uitgaan", count=centre)
    xy[in_centre] = scatter(rng=rng, space=space, anchors=spots, spread_m=spread)
    nuisance = rng.random(len(episode)) < NUISANCE_SHARE
    source = np.where(nuisance & (rng.random(len(episode)) < 0.5), ENFORCEMENT, POLICE)
    keep = at < end
    points = Points(
        at=at[keep],
        xy=xy[keep],
        address=np.where(at_home, where, NO_ADDRESS)[keep].astype(np.int64),
        generation=rank[keep].astype(np.int64),
    )
    return PersonRecords(points, who[keep], registry_count, nuisance[keep],
                         source[keep].astype(np.int64))  # fmt: skip


def _cumsum_within(values: npt.NDArray[np.float64], sizes: IntArray) -> npt.NDArray[np.float64]:
    """Cumulative sums restarting at each group of ``sizes`` consecutive values."""
    total = np.cumsum(values)
    first = np.cumsum(sizes) - sizes
    offsets = np.repeat(total[first] - values[first], sizes)
    within: npt.NDArray[np.float64] = total - offsets
    return within


def _empty(registry_count: int) -> PersonRecords:
    none = np.zeros(0, dtype=np.int64)
    return PersonRecords(Points.concat([]), none, registry_count, np.zeros(0, dtype=bool), none)
