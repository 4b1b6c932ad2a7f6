"""Addresses of Voorbeeldstad: streets inside buurten, house numbers, postcodes, positions.

Every street lies in one buurt and has a unique name in the city. Houses stand along a
straight street, odd numbers on one side and even on the other; points that would fall outside
the buurt are pulled towards the middle of the street, or else placed at random in the buurt.
Pure: no database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from faker import Faker
from shapely.geometry import LineString, MultiLineString, Polygon

from veilig.demo import constants
from veilig.demo.generator.geography import AreaPlan, Geography, elliptic_radius, points_inside
from veilig.demo.generator.names import CLASSIC_CENTRE_STREETS, composed_street_names
from veilig.demo.generator.population import Population, apportion
from veilig.demo.generator.postcodes import PostcodeBook
from veilig.demo.generator.seeding import stage_faker, stage_rng
from veilig.geo.rd import rd_to_wgs84

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SETBACK_M = 3.0  # houses keep this distance from a buurt border
STREET_HALF_WIDTH_M = 9.0  # from the middle of the street to the front doors
FRONTAGE_M = 8.0  # street length per house number on one side
RD_DECIMALS = 3
WGS84_DECIMALS = 7


@dataclass(frozen=True)
class StreetLine:
    """The centre line of one street (RD), clipped to its buurt: the local base layer's street."""

    name: str
    buurt_code: str
    line: LineString | MultiLineString


@dataclass(frozen=True)
class AddressPlan:
    """The addresses, column by column (row i of every column is one address), and the streets
    they stand along."""

    street: list[str]
    house_number: list[int]
    house_letter: list[str]
    addition: list[str]
    postcode: list[str]
    buurt_code: list[str]
    rd_x: FloatArray
    rd_y: FloatArray
    lon: FloatArray
    lat: FloatArray
    streets: tuple[StreetLine, ...] = ()

    def __len__(self) -> int:
        return len(self.street)


@dataclass(frozen=True)
class _Street:
    name: str
    numbers: list[int]
    letters: list[str]
    additions: list[str]


def street_sizes(*, rng: np.random.Generator, total: int) -> list[int]:
    """Addresses per street: 20-160, the last street takes the rest (or joins the one before)."""
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(int(rng.integers(20, 161)), left)
        if size < 10 and sizes:
            sizes[-1] += size
        else:
            sizes.append(size)
        left -= size
    return sizes


def house_numbers(
    *, rng: np.random.Generator, size: int, flat_share: float
) -> tuple[list[int], list[str], list[str]]:
    """``size`` (number, letter, addition) triples of one street, numbers counting up from 1.

    Most numbers are one house; some are split with letters (12, 12A, 12B) and some are
    apartment buildings with additions (7-H, 7-1, 7-2, ...).
    """
    numbers: list[int] = []
    letters: list[str] = []
    additions: list[str] = []
    number = 0
    while len(numbers) < size:
        number += 1
        draw = rng.random()
        if draw < flat_share:
            floors = int(rng.integers(2, 7))
            units = ["H", *map(str, range(1, floors))] if rng.random() < 0.5 else None
            units = units or [str(i) for i in range(1, floors + 1)]
            numbers += [number] * len(units)
            letters += [""] * len(units)
            additions += units
        elif draw < flat_share + 0.06:
            split = ["", "A", "B"][: int(rng.integers(2, 4))]
            numbers += [number] * len(split)
            letters += split
            additions += [""] * len(split)
        else:
            numbers.append(number)
            letters.append("")
            additions.append("")
    return numbers[:size], letters[:size], additions[:size]


def street_names(*, faker: Faker, rng: np.random.Generator) -> Iterator[str]:
    """An endless supply of unique Dutch street names (Faker nl_NL and composed ones)."""
    used: set[str] = set()
    composed = composed_street_names()
    while True:
        if rng.random() < 0.3:
            name = composed[int(rng.integers(len(composed)))]
        else:
            name = str(faker.street_name())
        if name not in used:
            used.add(name)
            yield name


def addresses_build(
    *, seed: int, geography: Geography, population: Population, count: int
) -> AddressPlan:
    """``count`` addresses spread over the buurten in proportion to their households."""
    rng = stage_rng(seed=seed, stage="addresses")
    names = street_names(faker=stage_faker(seed=seed, stage="streets"), rng=rng)
    classic = iter(CLASSIC_CENTRE_STREETS)
    book = PostcodeBook(rng=rng, first_pc4=constants.POSTCODE_FIRST_PC4)
    buurten = geography.buurten
    per_buurt = apportion([population.households[b.code] + 15 for b in buurten], count)
    xy = shapely.get_coordinates(shapely.centroid([b.polygon for b in buurten]))
    radius = elliptic_radius(
        xy,
        centre=geography.centre,
        half_width=constants.HALF_WIDTH_M,
        half_height=constants.HALF_HEIGHT_M,
    )
    plan = AddressPlan([], [], [], [], [], [], np.empty(0), np.empty(0), np.empty(0), np.empty(0))
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    lines: list[StreetLine] = []
    for buurt, total, r in zip(buurten, per_buurt.tolist(), radius.tolist(), strict=True):
        if total == 0:
            continue
        flat_share = float(np.clip(0.45 - 0.45 * r, 0.04, 0.45))
        streets = []
        for size in street_sizes(rng=rng, total=total):
            name = next(classic, None) if r < 0.15 else None
            numbers, letters, additions = house_numbers(rng=rng, size=size, flat_share=flat_share)
            streets.append(_Street(name or next(names), numbers, letters, additions))
        x, y, centre_lines = _positions(rng=rng, buurt=buurt, streets=streets)
        xs.append(x)
        ys.append(y)
        lines.extend(
            StreetLine(name=street.name, buurt_code=buurt.code, line=line)
            for street, line in zip(streets, centre_lines, strict=True)
            if line is not None
        )
        book.next_area()
        for street in streets:
            plan.postcode.extend(_street_postcodes(rng=rng, book=book, street=street))
            plan.street.extend([street.name] * len(street.numbers))
            plan.house_number.extend(street.numbers)
            plan.house_letter.extend(street.letters)
            plan.addition.extend(street.additions)
            plan.buurt_code.extend([buurt.code] * len(street.numbers))
    rd_x = np.round(np.concatenate(xs) if xs else np.empty(0), RD_DECIMALS)
    rd_y = np.round(np.concatenate(ys) if ys else np.empty(0), RD_DECIMALS)
    lon, lat = rd_to_wgs84(rd_x, rd_y)
    return AddressPlan(
        street=plan.street,
        house_number=plan.house_number,
        house_letter=plan.house_letter,
        addition=plan.addition,
        postcode=plan.postcode,
        buurt_code=plan.buurt_code,
        rd_x=rd_x,
        rd_y=rd_y,
        lon=np.round(lon, WGS84_DECIMALS),
        lat=np.round(lat, WGS84_DECIMALS),
        streets=tuple(lines),
    )


def _street_postcodes(
    *, rng: np.random.Generator, book: PostcodeBook, street: _Street
) -> list[str]:
    """One PC6 per 15-25 addresses on one side of the street, cut only between numbers."""
    postcodes = [""] * len(street.numbers)
    for parity in (1, 0):
        chunk_size, in_chunk, current, previous = 0, 0, "", -1
        for index, number in enumerate(street.numbers):
            if number % 2 != parity:
                continue
            if not current or (in_chunk >= chunk_size and number != previous):
                current, in_chunk = book.next_postcode(), 0
                chunk_size = int(rng.integers(15, 26))
            postcodes[index] = current
            in_chunk += 1
            previous = number
    return postcodes


def _centre_lines(
    *, buurt: AreaPlan, anchors: FloatArray, angles: FloatArray, lengths: FloatArray
) -> list[LineString | MultiLineString | None]:
    """Each street's centre line: its full length through its anchor, clipped to the buurt
    (None if nothing is left). Draws no random numbers, so the addresses stay as they were."""
    half = lengths / 2
    dx, dy = np.cos(angles) * half, np.sin(angles) * half
    lines: list[LineString | MultiLineString | None] = []
    for (ax, ay), ex, ey in zip(anchors.tolist(), dx.tolist(), dy.tolist(), strict=True):
        clipped = LineString([(ax - ex, ay - ey), (ax + ex, ay + ey)]).intersection(buurt.polygon)
        parts = [
            part
            for part in getattr(clipped, "geoms", [clipped])
            if isinstance(part, LineString) and part.length > 1.0
        ]
        if not parts:
            lines.append(None)
        else:
            lines.append(parts[0] if len(parts) == 1 else MultiLineString(parts))
    return lines


def _positions(
    *, rng: np.random.Generator, buurt: AreaPlan, streets: list[_Street]
) -> tuple[FloatArray, FloatArray, list[LineString | MultiLineString | None]]:
    """RD positions of every address of ``streets``, in order, all inside the buurt, and the
    centre line of each street."""
    inner = buurt.polygon.buffer(-SETBACK_M)
    area: Polygon = inner if isinstance(inner, Polygon) and not inner.is_empty else buurt.polygon
    anchors = points_inside(rng=rng, polygon=area, count=len(streets))
    angles = rng.uniform(0, np.pi, len(streets))
    street_of = np.concatenate([np.full(len(s.numbers), i) for i, s in enumerate(streets)])
    number = np.concatenate([np.asarray(s.numbers, dtype=float) for s in streets])
    street_top = np.asarray([max(s.numbers) for s in streets], dtype=float)
    top = street_top[street_of]
    length = np.clip(top / 2 * FRONTAGE_M, 40.0, 800.0)
    along = (number / np.maximum(top, 1) - 0.5) * length
    side = np.where(number % 2 == 1, 1.0, -1.0) * STREET_HALF_WIDTH_M
    jitter = rng.normal(0.0, 1.0, (2, len(number)))
    dx, dy = np.cos(angles)[street_of], np.sin(angles)[street_of]
    offset_x = along * dx - side * dy + jitter[0]
    offset_y = along * dy + side * dx + jitter[1]
    x, y = anchors[street_of, 0] + offset_x, anchors[street_of, 1] + offset_y
    shapely.prepare(area)
    for _ in range(6):  # pull stray houses towards the middle of their street
        outside = ~shapely.contains_xy(area, x, y)
        if not outside.any():
            break
        offset_x[outside] *= 0.6
        offset_y[outside] *= 0.6
        x[outside] = anchors[street_of[outside], 0] + offset_x[outside]
        y[outside] = anchors[street_of[outside], 1] + offset_y[outside]
    outside = ~shapely.contains_xy(area, x, y)
    if outside.any():
        spare = points_inside(rng=rng, polygon=area, count=int(outside.sum()))
        x[outside], y[outside] = spare[:, 0], spare[:, 1]
    lines = _centre_lines(
        buurt=buurt,
        anchors=anchors,
        angles=angles,
        lengths=np.clip(street_top / 2 * FRONTAGE_M, 40.0, 800.0),
    )
    return x, y, lines
