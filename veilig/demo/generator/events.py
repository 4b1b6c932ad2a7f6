"""The events stage: five years of synthetic incident records for Voorbeeldstad, as columns.

About 64,000 records a year at full size (100,000 addresses; the volume scales with the
number of addresses): the themes of ``events_themes`` from their own point processes
(``events_process``) plus the records about known persons (``events_persons``). Each record
gets a category and incident code, a source (police or BOA), begin/end/report times, an RD
position with WGS84, its buurt, and where it happened at an address or to a known person the
index of that address or person (the writer turns them into the platform's keys). Its own
random stream (``events``), so the other stages are unchanged. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from veilig.demo import constants
from veilig.demo.generator import events_time as t
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.events_persons import PersonRecords, person_records_build
from veilig.demo.generator.events_process import NO_ADDRESS, Points, theme_points
from veilig.demo.generator.events_space import CitySpace
from veilig.demo.generator.events_themes import ENFORCEMENT, SOURCES, THEMES, ThemeSpec
from veilig.demo.generator.seeding import stage_rng
from veilig.geo.rd import rd_to_wgs84

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

HISTORY_YEARS = 5
NO_TIME = -1
NO_PERSON = -1
# Categories at an address of a theme that has one (an overval at home is a woningoverval).
ADDRESS_CATEGORY: dict[str, tuple[str, str]] = {"overval": ("Woningoverval", "VBS-OVH")}
ATTEMPT_SHARE = 0.3  # burglaries that stayed an attempt (attribute Poging = J)
# Every category of every theme: (theme, category, incident code), in a fixed order.
CATEGORIES: tuple[tuple[str, str, str], ...] = tuple(
    [(s.code, name, code) for s in THEMES for name, code, _w in s.categories]
    + [(theme, name, code) for theme, (name, code) in ADDRESS_CATEGORY.items()]
)


@dataclass(frozen=True)
class EventPlan:
    """The records, column by column (row i of every column is one record), by begin time."""

    category: IntArray  # position in CATEGORIES
    source: IntArray  # position in events_themes.SOURCES
    external_id: list[str]
    begin: IntArray  # seconds since the epoch, UTC
    end: IntArray  # NO_TIME when the source gives none
    reported: IntArray
    rd_x: FloatArray
    rd_y: FloatArray
    lat: FloatArray
    lon: FloatArray
    buurt: IntArray  # position in buurt_codes
    address: IntArray  # position in the AddressPlan, -1: not at an address
    person: IntArray  # < registry_count: casework person; other >= 0: key-only person; -1: none
    attempt: npt.NDArray[np.bool_]
    buurt_codes: tuple[str, ...]
    wijk_codes: tuple[str, ...]
    stadsdeel_codes: tuple[str, ...]
    registry_count: int
    start: int  # the first second of the history
    anchor: int  # the end of the history (midnight before the build day)

    def __len__(self) -> int:
        return len(self.begin)

    def themes(self) -> npt.NDArray[np.str_]:
        codes = np.asarray([c[0] for c in CATEGORIES] or [""], dtype=str)
        return codes[self.category] if len(self.category) else np.zeros(0, dtype=str)


def history_start(anchor: dt.datetime) -> dt.datetime:
    """Five years before the anchor (the same date, 28 February for a 29th)."""
    local = anchor.astimezone(t.TZ)
    day = local.date()
    try:
        earlier = day.replace(year=day.year - HISTORY_YEARS)
    except ValueError:
        earlier = day.replace(year=day.year - HISTORY_YEARS, day=28)
    return dt.datetime.combine(earlier, dt.time(0), tzinfo=t.TZ).astimezone(dt.UTC)


def events_build(
    *, seed: int, space: CitySpace, casework: CaseworkPlan, anchor: dt.datetime
) -> EventPlan:
    """The records for ``seed`` over the five years before ``anchor`` (an aware datetime)."""
    rng = stage_rng(seed=seed, stage="events")
    scale = len(space) / constants.DEFAULT_ADDRESS_COUNT
    grid = t.hour_grid(start=history_start(anchor), end=anchor)
    end = int(anchor.timestamp())
    parts: list[tuple[Points, IntArray, IntArray, IntArray]] = []
    for spec in THEMES:
        points = theme_points(rng=rng, space=space, grid=grid, spec=spec, scale=scale, end=end)
        category = _categories(rng=rng, spec=spec, points=points)
        source = np.where(rng.random(len(points)) < spec.enforcement_share, ENFORCEMENT, 0)
        parts.append((points, category, source.astype(np.int64), _none(len(points))))
    persons = person_records_build(
        rng=rng, space=space, grid=grid, casework=casework, scale=scale, end=end
    )
    parts.append(_person_part(rng=rng, persons=persons))
    return _assemble(rng=rng, space=space, grid=grid, parts=parts, persons=persons, end=end)


def _none(count: int) -> IntArray:
    return np.full(count, NO_PERSON, dtype=np.int64)


def _categories(*, rng: np.random.Generator, spec: ThemeSpec, points: Points) -> IntArray:
    first = _first_category(spec.code)
    weights = np.asarray([w for _n, _c, w in spec.categories], dtype=float)
    category = first + rng.choice(len(weights), size=len(points), p=weights / weights.sum())
    if spec.code in ADDRESS_CATEGORY:
        at_home = CATEGORIES.index((spec.code, *ADDRESS_CATEGORY[spec.code]))
        category = np.where(points.address != NO_ADDRESS, at_home, category)
    return category.astype(np.int64)


def _person_part(
    *, rng: np.random.Generator, persons: PersonRecords
) -> tuple[Points, IntArray, IntArray, IntArray]:
    e33 = _first_category("verward_gedrag")
    category = np.where(persons.nuisance, _first_category("overlast_personen"), e33)
    return persons.points, category.astype(np.int64), persons.source, persons.person


def _first_category(theme: str) -> int:
    return next(i for i, c in enumerate(CATEGORIES) if c[0] == theme)


def _assemble(
    *,
    rng: np.random.Generator,
    space: CitySpace,
    grid: t.HourGrid,
    parts: list[tuple[Points, IntArray, IntArray, IntArray]],
    persons: PersonRecords,
    end: int,
) -> EventPlan:
    points = Points.concat([p[0] for p in parts])
    category = np.concatenate([p[1] for p in parts])
    source = np.concatenate([p[2] for p in parts])
    person = np.concatenate([p[3] for p in parts])
    begin, finish, reported = _times(rng=rng, at=points.at, category=category, end=end)
    order = np.lexsort((points.xy[:, 1], points.xy[:, 0], category, begin))
    xy = np.round(points.xy[order], 3)
    address = points.address[order]
    buurt = space.inside(xy)
    at_address = address != NO_ADDRESS
    buurt[at_address] = space.buurt[address[at_address]]  # exactly the address's own buurt
    lon, lat = rd_to_wgs84(xy[:, 0], xy[:, 1]) if len(xy) else (np.zeros(0), np.zeros(0))
    themes = np.asarray([c[0] for c in CATEGORIES])[category[order]] if len(order) else []
    attempt = (np.asarray(themes) == "woninginbraak") & (rng.random(len(order)) < ATTEMPT_SHARE)
    return EventPlan(
        category=category[order],
        source=source[order],
        external_id=_external_ids(source[order], begin[order]),
        begin=begin[order],
        end=finish[order],
        reported=reported[order],
        rd_x=xy[:, 0],
        rd_y=xy[:, 1],
        lat=np.round(lat, 8),
        lon=np.round(lon, 8),
        buurt=buurt.astype(np.int64),
        address=address,
        person=person[order],
        attempt=attempt,
        buurt_codes=space.buurt_codes,
        wijk_codes=space.wijk_codes,
        stadsdeel_codes=space.stadsdeel_codes,
        registry_count=persons.registry_count,
        start=grid.start,
        anchor=end,
    )


def _times(
    *, rng: np.random.Generator, at: IntArray, category: IntArray, end: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Begin, end (or NO_TIME) and report time around each event's moment ``at``.

    Themes with a window (a burglary while the residents were away) get a begin-end window
    around the moment (lognormal length); the report follows the end (or the begin).
    Nothing is reported after the end of the history.
    """
    spec_of = {s.code: s for s in THEMES}
    window_h = np.asarray([spec_of[c[0]].window_hours for c in CATEGORIES])[category]
    report_m = np.asarray([spec_of[c[0]].report_minutes for c in CATEGORIES])[category]
    n = len(at)
    length = np.where(
        window_h > 0,
        np.clip(np.exp(np.log(np.maximum(window_h, 0.1) * 3600) + rng.normal(0, 1.0, n)),
                600, 14 * t.DAY),
        0,
    ).astype(np.int64)  # fmt: skip
    begin = at - (rng.random(n) * length).astype(np.int64)
    finish = np.minimum(begin + length, end - 60)
    delay = np.exp(np.log(report_m * 60) + rng.normal(0, 1.0, n)).astype(np.int64)
    reported = np.clip(finish + delay, finish, end - 1)
    finish = np.where(window_h > 0, np.maximum(finish, begin), NO_TIME)
    reported = np.maximum(reported, begin)
    return begin.astype(np.int64), finish.astype(np.int64), reported.astype(np.int64)


def _external_ids(source: IntArray, begin: IntArray) -> list[str]:
    """Per source and year of the begin: P2024-0000001, P2024-0000002, ... in time order."""
    years = begin.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970
    group = source * 10_000 + years
    order = np.argsort(group, kind="stable")  # begin order is kept within a group
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1] if len(order) else order
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    number = np.empty(len(order), dtype=np.int64)
    number[order] = rank + 1
    prefixes = [s[3] for s in SOURCES]
    return [
        f"{prefixes[s]}{y}-{n:07d}"
        for s, y, n in zip(source.tolist(), years.tolist(), number.tolist(), strict=True)
    ]


def events_checksum(plan: EventPlan) -> str:
    """SHA-256 over every column: equal checksums mean identical records."""
    digest = hashlib.sha256()
    for column in (plan.category, plan.source, plan.begin, plan.end, plan.reported, plan.rd_x,
                   plan.rd_y, plan.lat, plan.lon, plan.buurt, plan.address, plan.person,
                   plan.attempt):  # fmt: skip
        digest.update(np.ascontiguousarray(column).tobytes())
    digest.update("\n".join(plan.external_id).encode())
    return digest.hexdigest()
