"""The signals stage: about 20,000 street and partner signals over the same five years. Pure.

Signals follow the events: most of them are triggered by an incident record (a team member
or partner reports what the record is about, within a day or so, at the same address or
nearby, naming the known person when the record has one), and every signal may bring
follow-ups at the same place days later (self-excitation); the rest is background. So the
patterns of the events (near-repeat burglary, youth in summer evenings, repeat persons and
addresses) are in the signals too, and signals and events meet in early warning. Volumes
scale with the number of addresses; a few radicalisation signals are always there. Its own
random stream (``signals``). Reporters, statuses and case links: ``signals_workflow``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from veilig.demo import constants
from veilig.demo.generator import events_time as t
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.events import EventPlan, history_start
from veilig.demo.generator.events_space import CitySpace, address_weights, addresses_draw, scatter
from veilig.demo.generator.seeding import stage_rng
from veilig.demo.generator.signals_texts import descriptions
from veilig.demo.generator.signals_workflow import Workflow, workflow_build
from veilig.demo.generator.teams import TeamPlan
from veilig.geo.rd import rd_to_wgs84

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
FOLLOW_UPS = 0.25  # follow-up signals per signal (one generation)
FOLLOW_UP_DAYS = 5.0
RADICALISATION_MIN = 3


@dataclass(frozen=True)
class SignalCategory:
    code: str
    count: int  # signals over the five years at full size, follow-ups included
    theme: str = ""  # event theme whose records trigger these signals
    triggered: float = 0.0  # share triggered by a record
    children: tuple[tuple[str, float], ...] = ()  # subcategories and their shares


SIGNAL_CATEGORIES: tuple[SignalCategory, ...] = (
    SignalCategory("overlast-jeugd", 4_400, "overlast_jeugd", 0.7,
                   (("overlast-jeugd-hangen", 0.4), ("overlast-jeugd-intimidatie", 0.15))),
    SignalCategory("drugsoverlast", 2_000, "drugs", 0.7,
                   (("drugsoverlast-handel", 0.4), ("drugsoverlast-gebruik", 0.3))),
    SignalCategory("verward-gedrag", 2_800, "verward_gedrag", 0.75),
    SignalCategory("woninginbraak", 1_200, "woninginbraak", 0.8),
    SignalCategory("vernieling", 2_000, "vernieling", 0.6),
    SignalCategory("overlast-personen", 2_400, "overlast_personen", 0.6),
    SignalCategory("woonoverlast", 2_600, "woonoverlast", 0.7,
                   (("woonoverlast-geluid", 0.45), ("woonoverlast-vervuiling", 0.25))),
    SignalCategory("ondermijning", 700),
    SignalCategory("overig", 1_870),
    SignalCategory("radicalisering", 30),
)  # fmt: skip


@dataclass(frozen=True)
class SignalPlan:
    """The signals, column by column, in order of occurrence."""

    category: list[str]  # category code
    occurred: IntArray  # seconds since the epoch, UTC
    reported: IntArray
    rd_x: FloatArray
    rd_y: FloatArray
    lat: FloatArray
    lon: FloatArray
    buurt: IntArray  # position in the EventPlan's buurt codes
    address: IntArray  # -1: located on the map or by GPS
    location_method: list[str]
    persons: list[tuple[int, ...]]  # casework persons involved
    description: list[str]
    workflow: Workflow

    def __len__(self) -> int:
        return len(self.category)


@dataclass(frozen=True)
class _Roots:
    category: list[str]
    at: IntArray
    xy: FloatArray
    address: IntArray
    person: IntArray  # casework person or -1


def signals_build(
    *,
    seed: int,
    space: CitySpace,
    events: EventPlan,
    casework: CaseworkPlan,
    teams: tuple[TeamPlan, ...],
    streets: list[str],
    anchor: dt.datetime,
) -> SignalPlan:
    rng = stage_rng(seed=seed, stage="signals")
    scale = len(space) / constants.DEFAULT_ADDRESS_COUNT
    end = int(anchor.timestamp())
    grid = t.hour_grid(start=history_start(anchor), end=anchor)
    parts = [
        _category_roots(rng=rng, space=space, grid=grid, events=events, spec=spec, scale=scale,
                        end=end)
        for spec in SIGNAL_CATEGORIES
    ]  # fmt: skip
    roots = _concat(parts)
    signals = _concat([roots, _follow_ups(rng=rng, roots=roots, end=end)])
    order = np.lexsort((signals.xy[:, 0], signals.at))
    signals = _take(signals, order)
    xy = np.round(signals.xy, 3)
    buurt = space.inside(xy)
    at_address = signals.address >= 0
    buurt[at_address] = space.buurt[signals.address[at_address]]
    lon, lat = rd_to_wgs84(xy[:, 0], xy[:, 1]) if len(xy) else (np.zeros(0), np.zeros(0))
    persons = _persons(rng=rng, signals=signals, casework=casework, registry=events.registry_count)
    workflow = workflow_build(
        rng=rng,
        categories=signals.category,
        occurred=signals.at,
        stadsdeel=[space.stadsdeel_codes[b] for b in buurt.tolist()],
        persons=persons,
        casework=casework,
        teams=teams,
        end=end,
    )
    method = np.where(at_address, "adres", np.where(rng.random(len(xy)) < 0.6, "gps", "kaart"))
    nearest = space.nearest(xy)
    return SignalPlan(
        category=signals.category,
        occurred=signals.at,
        reported=workflow.reported,
        rd_x=xy[:, 0],
        rd_y=xy[:, 1],
        lat=np.round(lat, 7),
        lon=np.round(lon, 7),
        buurt=buurt,
        address=signals.address,
        location_method=[str(m) for m in method],
        persons=persons,
        description=descriptions(
            rng=rng, categories=signals.category, streets=[streets[i] for i in nearest.tolist()]
        ),
        workflow=workflow,
    )


def _category_roots(
    *,
    rng: np.random.Generator,
    space: CitySpace,
    grid: t.HourGrid,
    events: EventPlan,
    spec: SignalCategory,
    scale: float,
    end: int,
) -> _Roots:
    """The first signals of a category: triggered by records, or background."""
    total = round(spec.count * scale)
    if spec.code == "radicalisering" and len(space):
        total = max(total, RADICALISATION_MIN)
    roots = round(total / (1 + FOLLOW_UPS)) if spec.code != "radicalisering" else total
    pool = np.flatnonzero(events.themes() == spec.theme) if spec.theme else np.zeros(0, int)
    triggered = min(round(roots * spec.triggered), len(pool))
    # Records about known persons (registry persons most) are more often reported.
    known = events.person[pool]
    weight = np.where(known >= 0, np.where(known < events.registry_count, 15.0, 3.0), 1.0)
    parents = (
        rng.choice(pool, size=triggered, replace=False, p=weight / weight.sum())
        if triggered
        else np.zeros(0, dtype=np.int64)
    )
    later = (rng.exponential(0.6, triggered) * t.DAY).astype(np.int64)
    at = np.minimum(events.begin[parents] + 300 + later, end - 600)
    address = events.address[parents].copy()
    xy = np.column_stack([events.rd_x[parents], events.rd_y[parents]]).reshape(-1, 2)
    away = address < 0
    xy[away] = scatter(rng=rng, space=space, anchors=space.nearest(xy[away]), spread_m=25.0)
    person = np.where(events.person[parents] < events.registry_count, events.person[parents], -1)
    background = roots - triggered
    weights = address_weights(space, deprivation=0.4, centre=0.2)
    anchors = addresses_draw(rng=rng, weights=weights, count=background)
    bg_at = t.times_draw(rng=rng, grid=grid, rhythm=t.Rhythm(t.STREET_HOURS), count=background)
    bg_address = np.where(rng.random(background) < 0.5, anchors, -1)
    bg_xy = space.xy[anchors].copy()
    bg_away = bg_address < 0
    bg_xy[bg_away] = scatter(rng=rng, space=space, anchors=anchors[bg_away], spread_m=30.0)
    codes = _subcategories(rng=rng, spec=spec, count=roots)
    return _Roots(
        category=codes,
        at=np.concatenate([at, bg_at]),
        xy=np.concatenate([xy, bg_xy]).reshape(-1, 2),
        address=np.concatenate([address, bg_address]).astype(np.int64),
        person=np.concatenate([person, np.full(background, -1)]).astype(np.int64),
    )


def _subcategories(*, rng: np.random.Generator, spec: SignalCategory, count: int) -> list[str]:
    codes = [spec.code, *(code for code, _share in spec.children)]
    shares = [1.0 - sum(s for _c, s in spec.children), *(s for _c, s in spec.children)]
    return [codes[i] for i in rng.choice(len(codes), size=count, p=shares).tolist()]


def _follow_ups(*, rng: np.random.Generator, roots: _Roots, end: int) -> _Roots:
    """Repeat signals about the same place and matter, days after a signal."""
    counts = rng.poisson(FOLLOW_UPS, len(roots.at))
    counts[np.asarray([c == "radicalisering" for c in roots.category], dtype=bool)] = 0
    parent = np.repeat(np.arange(len(roots.at)), counts)
    at = roots.at[parent] + (rng.exponential(FOLLOW_UP_DAYS, len(parent)) * t.DAY).astype(int)
    keep = at < end - 600
    parent = parent[keep]
    return _Roots(
        category=[roots.category[i] for i in parent.tolist()],
        at=at[keep].astype(np.int64),
        xy=roots.xy[parent].copy(),
        address=roots.address[parent].copy(),
        person=roots.person[parent].copy(),
    )


def _concat(parts: list[_Roots]) -> _Roots:
    return _Roots(
        category=[c for p in parts for c in p.category],
        at=np.concatenate([p.at for p in parts]).astype(np.int64),
        xy=np.concatenate([p.xy for p in parts]).reshape(-1, 2),
        address=np.concatenate([p.address for p in parts]).astype(np.int64),
        person=np.concatenate([p.person for p in parts]).astype(np.int64),
    )


def _take(roots: _Roots, order: IntArray) -> _Roots:
    return _Roots(
        category=[roots.category[i] for i in order.tolist()],
        at=roots.at[order],
        xy=roots.xy[order],
        address=roots.address[order],
        person=roots.person[order],
    )


def _persons(
    *, rng: np.random.Generator, signals: _Roots, casework: CaseworkPlan, registry: int
) -> list[tuple[int, ...]]:
    """The casework persons involved: the known person of the triggering record (mostly),
    a resident at a nuisance address now and then, the subject of some radicalisation cases."""
    residents: dict[int, list[int]] = {}
    for index, person in enumerate(casework.persons):
        if person.residences:
            residents.setdefault(person.residences[-1].address, []).append(index)
    radical = sorted({c.person for c in casework.cases if c.theme == "radicalisering"})
    found: list[tuple[int, ...]] = []
    draws = rng.random(len(signals.at)).tolist()
    picks = rng.integers(0, max(len(radical), 1), len(signals.at)).tolist()
    for category, person, address, draw, pick in zip(
        signals.category,
        signals.person.tolist(),
        signals.address.tolist(),
        draws,
        picks,
        strict=True,
    ):
        if 0 <= person < registry and draw < 0.8:
            found.append((person,))
        elif category.startswith("woonoverlast") and address in residents and draw < 0.5:
            found.append((residents[address][0],))
        elif category == "radicalisering" and radical and draw < 0.6:
            found.append((radical[pick],))
        else:
            found.append(())
    return found
