"""Where synthetic events happen: the city's addresses, buurt risks and fixed hotspots.

Risk is stable and tied to the geography: every buurt has a latent deprivation score (higher
towards the centre, with noise) and every street its own factor, so the same streets and
buurten stay hot year after year. Hotspots are addresses chosen once per seed: the night-life
area at the centre, shopping centres, places where youths hang out and dealing spots. Points
away from addresses are checked against the buurt polygons (the same ``AreaIndex`` the
platform uses) and fall back to their anchor address when they land outside. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.geography import Geography
from veilig.geo.index import AreaIndex

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Hotspot kinds: (how many, spread in metres, where they are chosen).
HOTSPOT_KINDS: dict[str, tuple[int, float, str]] = {
    "uitgaan": (6, 90.0, "centre"),  # night-life streets within ~700 m of the centre
    "winkels": (6, 70.0, "districts"),  # the city centre and one shopping centre per district
    "hangplek": (28, 50.0, "residential"),  # squares, parks and school yards
    "dealen": (9, 35.0, "deprived"),  # dealing spots
}


@dataclass(frozen=True)
class CitySpace:
    """The addresses as arrays plus what the event generator needs to know about them."""

    xy: FloatArray  # (n, 2) RD metres
    buurt: IntArray  # position of each address's buurt in ``buurt_codes``
    buurt_codes: tuple[str, ...]
    wijk_codes: tuple[str, ...]  # the wijk of each buurt
    stadsdeel_codes: tuple[str, ...]  # the stadsdeel of each buurt
    deprivation: FloatArray  # per buurt, about N(0, 1)
    street_factor: FloatArray  # per address (one value per street)
    flat: npt.NDArray[np.bool_]  # an apartment (the address has an addition)
    centre_km: FloatArray  # per address
    tree: cKDTree
    index: AreaIndex  # the buurt polygons, codes sorted as ``buurt_codes``
    hotspots: dict[str, IntArray]  # kind -> address positions

    def __len__(self) -> int:
        return len(self.xy)

    def nearest(self, xy: FloatArray) -> IntArray:
        """The nearest address of each point."""
        if not len(xy):
            return np.zeros(0, dtype=np.int64)
        _distance, found = self.tree.query(xy)
        return np.asarray(found, dtype=np.int64)

    def inside(self, xy: FloatArray) -> IntArray:
        """The buurt position of each point, -1 outside every buurt."""
        if not len(xy):
            return np.zeros(0, dtype=np.int64)
        return self.index.positions_rd(xy[:, 0], xy[:, 1])


def city_space_build(
    *, rng: np.random.Generator, geography: Geography, addresses: AddressPlan
) -> CitySpace:
    buurten = geography.buurten
    index = AreaIndex.from_rd_geometries(
        codes=[b.code for b in buurten], geometries=[b.polygon for b in buurten], level="buurt"
    )
    codes = tuple(str(code) for code in index.codes)
    position = {code: i for i, code in enumerate(codes)}
    parent = {a.code: a.parent_code or "" for a in (*geography.wijken, *buurten)}
    xy = np.column_stack([addresses.rd_x, addresses.rd_y]).astype(float).reshape(-1, 2)
    buurt = np.asarray([position[c] for c in addresses.buurt_code], dtype=np.int64)
    centre = np.asarray(geography.centre)
    centre_km = np.hypot(*(xy - centre).T) / 1000.0
    # Deprivation: somewhat higher in the inner ring, a few poor outer buurten too.
    buurt_xy = np.asarray([b.polygon.centroid.coords[0] for b in buurten])[
        np.argsort([b.code for b in buurten], kind="stable")
    ]
    buurt_km = np.hypot(*(buurt_xy - centre).T) / 1000.0
    deprivation = rng.normal(0.0, 0.8, len(codes)) + 0.6 * np.exp(-((buurt_km - 1.5) ** 2))
    deprivation = (deprivation - deprivation.mean()) / max(float(deprivation.std()), 1e-9)
    street_of = np.unique(
        np.asarray(addresses.street, dtype=object).astype(str), return_inverse=True
    )[1]
    street_factor = rng.lognormal(0.0, 0.5, int(street_of.max(initial=-1)) + 1)[street_of]
    flat = np.asarray([bool(a) for a in addresses.addition], dtype=bool)
    space = CitySpace(
        xy=xy,
        buurt=buurt,
        buurt_codes=codes,
        wijk_codes=tuple(parent[c] for c in codes),
        stadsdeel_codes=tuple(parent[parent[c]] for c in codes),
        deprivation=deprivation,
        street_factor=np.asarray(street_factor, dtype=float),
        flat=flat,
        centre_km=centre_km,
        tree=cKDTree(xy) if len(xy) else cKDTree(np.zeros((1, 2))),
        index=index,
        hotspots={},
    )
    space.hotspots.update(_hotspots(rng=rng, space=space, geography=geography))
    return space


def _hotspots(
    *, rng: np.random.Generator, space: CitySpace, geography: Geography
) -> dict[str, IntArray]:
    if not len(space):
        return {kind: np.zeros(0, dtype=np.int64) for kind in HOTSPOT_KINDS}
    dep = space.deprivation[space.buurt]
    found: dict[str, IntArray] = {}
    for kind, (count, _spread, where) in HOTSPOT_KINDS.items():
        if where == "centre":
            weight = np.exp(-((space.centre_km / 0.35) ** 2))
        elif where == "deprived":
            weight = np.exp(1.2 * dep) * (0.5 + np.exp(-space.centre_km / 2.0))
        else:  # residential: plain houses, not the very centre
            weight = (~space.flat + 0.3) * (space.centre_km > 0.8)
        if where == "districts":
            found[kind] = _district_centres(space=space, geography=geography, count=count)
            continue
        p = weight / weight.sum() if weight.sum() > 0 else None
        chosen = rng.choice(len(space), size=min(count, len(space)), replace=False, p=p)
        found[kind] = np.sort(chosen).astype(np.int64)
    return found


def _district_centres(*, space: CitySpace, geography: Geography, count: int) -> IntArray:
    """The address nearest to the city centre, then to the middle of each outer stadsdeel."""
    points = [geography.centre]
    for stadsdeel in geography.stadsdelen[1:]:
        point = stadsdeel.polygon.representative_point()
        points.append((point.x, point.y))
    return space.nearest(np.asarray(points[:count], dtype=float))


def address_weights(
    space: CitySpace,
    *,
    deprivation: float = 0.0,
    centre: float = 0.0,
    houses: float = 1.0,
    street: float = 1.0,
) -> FloatArray:
    """Relative risk of each address: exp(deprivation x score - centre ... ) x street factor.

    ``centre`` is the e-folding distance weight: 0.5 makes an address 1 km out weigh e^-0.5
    of one at the centre. ``houses`` weighs ground-level houses against apartments.
    """
    weight = np.exp(deprivation * space.deprivation[space.buurt] - centre * space.centre_km)
    weight = weight * np.where(space.flat, 1.0, houses) * space.street_factor**street
    found: FloatArray = weight / weight.sum()
    return found


def addresses_draw(*, rng: np.random.Generator, weights: FloatArray, count: int) -> IntArray:
    """``count`` positions drawn with probability proportional to ``weights``."""
    if not count or not len(weights):
        return np.zeros(0, dtype=np.int64)
    cumulative = np.cumsum(weights)
    found = np.searchsorted(cumulative, rng.random(count) * cumulative[-1], side="right")
    chosen: IntArray = np.minimum(found, len(weights) - 1).astype(np.int64)
    return chosen


def scatter(
    *, rng: np.random.Generator, space: CitySpace, anchors: IntArray, spread_m: FloatArray | float
) -> FloatArray:
    """Points around anchor addresses (normal, ``spread_m`` per axis), inside the city.

    A point that lands outside every buurt is put back on its anchor address.
    """
    spread = np.broadcast_to(np.asarray(spread_m, dtype=float), anchors.shape)
    xy: FloatArray = space.xy[anchors] + rng.normal(0.0, 1.0, (len(anchors), 2)) * spread[:, None]
    outside = space.inside(xy) < 0
    xy[outside] = space.xy[anchors[outside]]
    return xy


def hotspot_anchors(
    *, rng: np.random.Generator, space: CitySpace, kind: str, count: int
) -> tuple[IntArray, float]:
    """``count`` anchor addresses among the hotspots of ``kind`` (the first ones weigh more)."""
    spots = space.hotspots[kind]
    spread = HOTSPOT_KINDS[kind][1]
    if not len(spots):
        return np.zeros(0, dtype=np.int64), spread
    weight = 1.0 / np.arange(1, len(spots) + 1) ** 0.6  # a few spots are busier than others
    chosen = rng.choice(len(spots), size=count, p=weight / weight.sum())
    return spots[chosen], spread
