"""Inhabitants and households per buurt, summed up the area tree. Pure: no database.

Density falls from about 11,000 inhabitants per km² in the centre to about 3,000 at the edge;
a few outer buurten are business parks or green areas with hardly anyone living there.
Households are smaller in the centre (students, singles) than at the edge (families).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely

from veilig.demo import constants
from veilig.demo.generator.geography import AreaPlan, Geography, elliptic_radius
from veilig.demo.generator.seeding import stage_rng

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Population:
    """Inhabitants and households by area code, for every level."""

    inhabitants: dict[str, int]
    households: dict[str, int]


def apportion(weights: Sequence[float] | npt.NDArray[np.float64], total: int) -> IntArray:
    """Whole numbers proportional to ``weights`` that sum to ``total`` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    if total < 0 or np.any(w < 0) or (total > 0 and w.sum() <= 0):
        raise ValueError("apportion needs non-negative weights with a positive sum")
    if total == 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = w / w.sum() * total
    whole: IntArray = np.floor(exact).astype(np.int64)
    remainder = exact - whole
    order = np.argsort(-remainder, kind="stable")
    whole[order[: total - int(whole.sum())]] += 1
    return whole


def population_build(*, seed: int, geography: Geography) -> Population:
    rng = stage_rng(seed=seed, stage="population")
    buurten = geography.buurten
    polygons = np.asarray([b.polygon for b in buurten], dtype=object)
    xy = shapely.get_coordinates(shapely.centroid(polygons))
    radius = np.minimum(
        elliptic_radius(
            xy,
            centre=geography.centre,
            half_width=constants.HALF_WIDTH_M,
            half_height=constants.HALF_HEIGHT_M,
        ),
        1.0,
    )
    area_km2 = shapely.area(polygons) / 1e6
    density = 2_500 + 9_000 * np.exp(-radius / 0.35)
    density *= rng.lognormal(0.0, 0.25, len(buurten))
    empty = (rng.random(len(buurten)) < 0.07) & (radius > 0.45)
    density[empty] *= rng.uniform(0.0, 0.03, int(empty.sum()))
    total = round(rng.normal(constants.TARGET_INHABITANTS, 2_000))
    inhabitants = apportion(area_km2 * density, total)

    household_size = np.clip(1.55 + 0.9 * radius + rng.normal(0, 0.08, len(buurten)), 1.3, 3.0)
    households = np.where(
        inhabitants > 0, np.maximum(1, np.round(inhabitants / household_size)), 0
    ).astype(np.int64)
    return _sum_up(geography.areas(), buurten, inhabitants, households)


def _sum_up(
    areas: Sequence[AreaPlan],
    buurten: Sequence[AreaPlan],
    inhabitants: IntArray,
    households: IntArray,
) -> Population:
    people = {b.code: int(n) for b, n in zip(buurten, inhabitants, strict=True)}
    homes = {b.code: int(n) for b, n in zip(buurten, households, strict=True)}
    for area in reversed(areas):  # children before parents
        if area.parent_code is not None:
            people[area.parent_code] = people.get(area.parent_code, 0) + people[area.code]
            homes[area.parent_code] = homes.get(area.parent_code, 0) + homes[area.code]
    return Population(inhabitants=people, households=homes)
