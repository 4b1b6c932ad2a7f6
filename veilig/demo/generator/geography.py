"""The areas of Voorbeeldstad: an irregular outline tiled by buurten, wijken and stadsdelen.

Buurten are Voronoi cells of well-spread seeded points (denser towards the centre) clipped to
the outline; wijken are contiguous groups of adjacent buurten and stadsdelen contiguous groups
of adjacent wijken, so every level tiles its parent exactly. All work is in RD New metres on a
1 mm grid, so shared borders of neighbours are bit-identical. Pure: no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from veilig.demo import constants
from veilig.demo.generator.names import (
    CENTRAL_WIJK_NAMES,
    COMPASS_NAMES,
    buurt_name_pool,
    wijk_name_pool,
)
from veilig.demo.generator.seeding import stage_rng
from veilig.geo.models import AreaLevel

GRID_M = 0.001  # every coordinate lies on a 1 mm grid
MIN_SHARED_BORDER_M = 25.0  # neighbours share at least this much border
OUTER_STADSDELEN = 5

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class AreaPlan:
    code: str
    name: str
    level: AreaLevel
    parent_code: str | None
    polygon: Polygon  # RD New


@dataclass(frozen=True)
class Geography:
    centre: tuple[float, float]
    gemeente: AreaPlan
    stadsdelen: tuple[AreaPlan, ...]
    wijken: tuple[AreaPlan, ...]
    buurten: tuple[AreaPlan, ...]

    def areas(self) -> tuple[AreaPlan, ...]:
        """Every area, parents before children."""
        return (self.gemeente, *self.stadsdelen, *self.wijken, *self.buurten)


# --- Building blocks -------------------------------------------------------------------------


def outline_build(
    *,
    rng: np.random.Generator,
    centre: tuple[float, float],
    half_width: float,
    half_height: float,
    vertices: int = 120,
) -> Polygon:
    """A star-shaped, irregular, slightly rotated ellipse: a plausible municipal border."""
    theta = np.linspace(0.0, 2 * math.pi, vertices, endpoint=False)
    radius = np.ones_like(theta)
    for k in range(2, 7):
        amplitude = rng.uniform(0.02, 0.10) / (k - 1) ** 0.7
        radius += amplitude * np.cos(k * theta + rng.uniform(0, 2 * math.pi))
    radius += rng.normal(0.0, 0.008, vertices)  # a little roughness along the border
    dx, dy = half_width * radius * np.cos(theta), half_height * radius * np.sin(theta)
    turn = rng.uniform(-0.3, 0.3)
    x = centre[0] + dx * math.cos(turn) - dy * math.sin(turn)
    y = centre[1] + dx * math.sin(turn) + dy * math.cos(turn)
    return shapely.set_precision(Polygon(np.column_stack([x, y])), GRID_M)


def points_inside(*, rng: np.random.Generator, polygon: Polygon, count: int) -> FloatArray:
    """``count`` uniform random points inside ``polygon`` (vectorised rejection sampling)."""
    min_x, min_y, max_x, max_y = polygon.bounds
    shapely.prepare(polygon)
    found: list[FloatArray] = []
    needed = count
    while needed > 0:
        draw = max(64, int(needed * 2.5))
        x = rng.uniform(min_x, max_x, draw)
        y = rng.uniform(min_y, max_y, draw)
        inside = shapely.contains_xy(polygon, x, y)
        block = np.column_stack([x[inside], y[inside]])[:needed]
        found.append(block)
        needed -= len(block)
    return np.concatenate(found) if found else np.empty((0, 2))


def elliptic_radius(
    xy: FloatArray, *, centre: tuple[float, float], half_width: float, half_height: float
) -> FloatArray:
    """0 at the centre, about 1 on the outline."""
    return np.hypot((xy[:, 0] - centre[0]) / half_width, (xy[:, 1] - centre[1]) / half_height)


def seed_points_build(
    *,
    rng: np.random.Generator,
    outline: Polygon,
    centre: tuple[float, float],
    half_width: float,
    half_height: float,
    count: int,
    candidates: int = 24,
) -> FloatArray:
    """Well-spread points, closer together near the centre (best-candidate sampling)."""
    points = points_inside(rng=rng, polygon=outline, count=1)
    while len(points) < count:
        options = points_inside(rng=rng, polygon=outline, count=candidates)
        gaps = np.min(np.hypot(*(options[:, None, :] - points[None, :, :]).transpose(2, 0, 1)), 1)
        spacing = 0.6 + elliptic_radius(
            options, centre=centre, half_width=half_width, half_height=half_height
        )
        points = np.vstack([points, options[int(np.argmax(gaps / spacing))]])
    return points


def cells_build(*, outline: Polygon, points: FloatArray) -> list[Polygon]:
    """Voronoi cells of ``points`` clipped to ``outline``; cell i holds point i.

    A cell that the clipping splits keeps the part with its point; other parts join the
    neighbour they share the longest border with. Every cell is one polygon.
    """
    diagram = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=outline, ordered=True)
    clipped = shapely.intersection(
        np.asarray(diagram.geoms, dtype=object), outline, grid_size=GRID_M
    )
    cells: list[Polygon] = []
    orphans: list[Polygon] = []
    for index, cell in enumerate(clipped):
        if isinstance(cell, Polygon):
            cells.append(cell)
            continue
        parts = sorted(
            (part for part in cell.geoms if isinstance(part, Polygon)),
            key=lambda part: (not part.contains(Point(points[index])), -part.area),
        )
        cells.append(parts[0])
        orphans.extend(parts[1:])
    for orphan in orphans:
        shared = shapely.length(shapely.intersection(orphan.boundary, shapely.boundary(cells)))
        target = int(np.argmax(shared))
        cells[target] = _single_polygon(shapely.union(cells[target], orphan, grid_size=GRID_M))
    return cells


def _single_polygon(geometry: shapely.Geometry) -> Polygon:
    if isinstance(geometry, Polygon):
        return geometry
    if isinstance(geometry, MultiPolygon):  # a part touching only at a corner: keep the largest
        return max(geometry.geoms, key=lambda part: part.area)
    raise ValueError(f"not a polygon: {geometry.geom_type}")


def adjacency_build(*, polygons: Sequence[Polygon]) -> list[list[int]]:
    """For each polygon, the sorted indices of polygons it shares a border of some length with."""
    array = np.asarray(polygons, dtype=object)
    tree = shapely.STRtree(array)
    left, right = tree.query(array, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    boundaries = shapely.boundary(array)
    shared = shapely.length(shapely.intersection(boundaries[left], boundaries[right]))
    neighbours: list[list[int]] = [[] for _ in polygons]
    for i, j, length in zip(left.tolist(), right.tolist(), shared.tolist(), strict=True):
        if length >= MIN_SHARED_BORDER_M:
            neighbours[i].append(j)
            neighbours[j].append(i)
    return [sorted(items) for items in neighbours]


def kmeans_seeds(*, rng: np.random.Generator, points: FloatArray, k: int) -> list[int]:
    """Indices of the points nearest to the centres of a plain k-means clustering."""
    centres = points[rng.choice(len(points), size=k, replace=False)]
    for _ in range(30):
        distance = np.hypot(*(points[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
        label = np.argmin(distance, axis=1)
        for group in range(k):
            if np.any(label == group):
                centres[group] = points[label == group].mean(axis=0)
    chosen: list[int] = []
    for centre in centres:
        order = np.argsort(np.hypot(*(points - centre).T), kind="stable")
        chosen.append(int(next(i for i in order if int(i) not in chosen)))
    return chosen


def groups_grow(
    *,
    centroids: FloatArray,
    adjacency: Sequence[Sequence[int]],
    seeds: Sequence[int],
    size_factors: Sequence[float] | None = None,
) -> IntArray:
    """Label every item with a group grown from ``seeds`` over ``adjacency``.

    The smallest group (count times its size factor) takes its unassigned neighbour nearest to
    its seed, until every item has a group. Groups are contiguous by construction.
    """
    factors = np.ones(len(seeds)) if size_factors is None else np.asarray(size_factors, float)
    labels = np.full(len(centroids), -1, dtype=np.int64)
    sizes = np.zeros(len(seeds))
    for group, seed in enumerate(seeds):
        labels[seed] = group
        sizes[group] = 1
    while np.any(labels < 0):
        for group in np.argsort(sizes * factors, kind="stable").tolist():
            frontier = sorted(
                {
                    j
                    for i in np.flatnonzero(labels == group).tolist()
                    for j in adjacency[i]
                    if labels[j] < 0
                }
            )
            if frontier:
                gaps = np.hypot(*(centroids[frontier] - centroids[seeds[group]]).T)
                labels[frontier[int(np.argmin(gaps))]] = group
                sizes[group] += 1
                break
        else:
            raise ValueError("the adjacency graph is not connected")
    return labels


def compass_name(angle: float) -> str:
    """The compass name of a direction in radians, clockwise from north."""
    return COMPASS_NAMES[int(((math.degrees(angle) + 22.5) % 360) // 45)]


def bearing(xy: FloatArray, centre: tuple[float, float]) -> FloatArray:
    """Direction from ``centre`` in radians clockwise from north, in [0, 2 pi)."""
    return np.mod(np.arctan2(xy[:, 0] - centre[0], xy[:, 1] - centre[1]), 2 * math.pi)


def _centroids(polygons: Sequence[Polygon]) -> FloatArray:
    xy: FloatArray = shapely.get_coordinates(shapely.centroid(np.asarray(polygons, dtype=object)))
    return xy


def _unions(polygons: Sequence[Polygon], labels: IntArray, groups: int) -> list[Polygon]:
    array = np.asarray(polygons, dtype=object)
    return [
        _single_polygon(shapely.union_all(array[labels == group], grid_size=GRID_M))
        for group in range(groups)
    ]


# --- The city --------------------------------------------------------------------------------


def geography_build(*, seed: int) -> Geography:
    """The whole area tree of Voorbeeldstad for ``seed``."""
    rng = stage_rng(seed=seed, stage="geography")
    centre = constants.CENTRE_RD
    half_width, half_height = constants.HALF_WIDTH_M, constants.HALF_HEIGHT_M
    outline = outline_build(rng=rng, centre=centre, half_width=half_width, half_height=half_height)
    n_buurten, n_wijken = int(rng.integers(96, 105)), int(rng.integers(23, 28))

    points = seed_points_build(
        rng=rng,
        outline=outline,
        centre=centre,
        half_width=half_width,
        half_height=half_height,
        count=n_buurten,
    )
    cells = cells_build(outline=outline, points=points)
    cell_xy = _centroids(cells)
    wijk_of_cell = groups_grow(
        centroids=cell_xy,
        adjacency=adjacency_build(polygons=cells),
        seeds=kmeans_seeds(rng=rng, points=cell_xy, k=n_wijken),
    )
    wijk_polygons = _unions(cells, wijk_of_cell, n_wijken)
    wijk_xy = _centroids(wijk_polygons)

    # Stadsdelen: Centrum around the centre, five more grown from seeds in five directions.
    centre_point = Point(centre)
    central_wijk = next(
        (i for i, polygon in enumerate(wijk_polygons) if polygon.contains(centre_point)),
        int(np.argmin(np.hypot(*(wijk_xy - np.asarray(centre)).T))),
    )
    first = rng.uniform(0, 2 * math.pi / OUTER_STADSDELEN)
    directions = [first + k * 2 * math.pi / OUTER_STADSDELEN for k in range(OUTER_STADSDELEN)]
    seeds = [central_wijk]
    for direction in directions:
        target = np.array(
            [
                centre[0] + 0.6 * half_width * math.sin(direction),
                centre[1] + 0.6 * half_height * math.cos(direction),
            ]
        )
        order = np.argsort(np.hypot(*(wijk_xy - target).T), kind="stable").tolist()
        seeds.append(next(i for i in order if i not in seeds))
    stadsdeel_of_wijk = groups_grow(
        centroids=wijk_xy,
        adjacency=adjacency_build(polygons=wijk_polygons),
        seeds=seeds,
        size_factors=[1.6] + [1.0] * OUTER_STADSDELEN,
    )
    stadsdeel_polygons = _unions(wijk_polygons, stadsdeel_of_wijk, len(seeds))
    stadsdeel_names = ["Centrum", *(compass_name(d) for d in directions)]

    return _codes_and_names(
        rng=rng,
        centre=centre,
        cells=cells,
        wijk_of_cell=wijk_of_cell,
        wijk_polygons=wijk_polygons,
        stadsdeel_of_wijk=stadsdeel_of_wijk,
        stadsdeel_polygons=stadsdeel_polygons,
        stadsdeel_names=stadsdeel_names,
        stadsdeel_order=[0, *(1 + int(i) for i in np.argsort(np.mod(directions, 2 * math.pi)))],
    )


def _codes_and_names(
    *,
    rng: np.random.Generator,
    centre: tuple[float, float],
    cells: list[Polygon],
    wijk_of_cell: IntArray,
    wijk_polygons: list[Polygon],
    stadsdeel_of_wijk: IntArray,
    stadsdeel_polygons: list[Polygon],
    stadsdeel_names: list[str],
    stadsdeel_order: list[int],
) -> Geography:
    """CBS-style codes, numbered from the centre outwards and clockwise, and Dutch names."""
    number = constants.GEMEENTE_NUMBER
    gemeente_polygon = _single_polygon(
        shapely.union_all(np.asarray(stadsdeel_polygons, dtype=object), grid_size=GRID_M)
    )
    gemeente = AreaPlan(
        constants.GEMEENTE_CODE, constants.CITY_NAME, AreaLevel.GEMEENTE, None, gemeente_polygon
    )
    wijk_names = iter(wijk_name_pool(rng=rng))
    buurt_names = iter(buurt_name_pool(rng=rng))
    cell_xy = _centroids(cells)
    wijk_xy = _centroids(wijk_polygons)
    centre_point = Point(centre)

    stadsdelen: list[AreaPlan] = []
    wijken: list[AreaPlan] = []
    buurten: list[AreaPlan] = []
    for sd_number, sd_index in enumerate(stadsdeel_order, start=1):
        sd_code = f"SD{number}{sd_number:02d}"
        stadsdelen.append(
            AreaPlan(
                sd_code,
                stadsdeel_names[sd_index],
                AreaLevel.STADSDEEL,
                gemeente.code,
                stadsdeel_polygons[sd_index],
            )
        )
        members = np.flatnonzero(stadsdeel_of_wijk == sd_index).tolist()
        distance = np.hypot(*(wijk_xy[members] - np.asarray(centre)).T).tolist()
        order = sorted(
            range(len(members)),
            key=lambda i: (not wijk_polygons[members[i]].contains(centre_point), distance[i]),
        )
        for wijk_index in (members[i] for i in order):
            wk_code = f"WK{number}{len(wijken) + 1:02d}"
            polygon = wijk_polygons[wijk_index]
            if sd_number == 1 and len(wijken) < len(CENTRAL_WIJK_NAMES):
                wijk_name = CENTRAL_WIJK_NAMES[len(wijken)]
            else:
                wijk_name = next(wijk_names)
            wijken.append(AreaPlan(wk_code, wijk_name, AreaLevel.WIJK, sd_code, polygon))
            cell_members = np.flatnonzero(wijk_of_cell == wijk_index)
            angle = bearing(cell_xy[cell_members], (polygon.centroid.x, polygon.centroid.y))
            for bu_number, cell in enumerate(
                cell_members[np.argsort(angle, kind="stable")].tolist(), start=1
            ):
                bu_name = "Stadshart" if cells[cell].contains(centre_point) else next(buurt_names)
                buurten.append(
                    AreaPlan(
                        f"BU{number}{wk_code[-2:]}{bu_number:02d}",
                        bu_name,
                        AreaLevel.BUURT,
                        wk_code,
                        cells[cell],
                    )
                )
    return Geography(centre, gemeente, tuple(stadsdelen), tuple(wijken), tuple(buurten))
