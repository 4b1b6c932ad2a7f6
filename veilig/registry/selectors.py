"""Reads of the registry that are not access-checked reads of one person (those are in access/)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from veilig.registry.crypto import bsn_digest, current_key_id
from veilig.registry.models import Address, Person

# The nearest address is looked for in squares of these half-sizes (metres) around the point,
# the smallest first: in a town the first square already holds a few addresses.
NEAREST_STEPS = (25.0, 100.0, 250.0)
NEAREST_DEFAULT_METRES = 250.0


def persons_sealed_under_old_keys() -> QuerySet[Person]:
    """Persons whose BSN is sealed under an earlier key (or from before key ids)."""
    return Person.objects.exclude(bsn_encrypted="").exclude(
        bsn_encrypted__startswith=f"{current_key_id()}:"
    )


def person_lookup(
    *,
    name: str = "",
    date_of_birth: dt.date | None = None,
    bsn: str = "",
    limit: int = 50,
) -> list[Person]:
    """Persons matching every given criterion (name words, date of birth, BSN by its digest).

    Returns an empty list when no criterion is given; the BSN is never compared in clear. Used
    by the privacy officer's search, through its choke point (``veilig.access.privacy``).
    """
    condition = Q()
    for word in name.split():
        condition &= (
            Q(first_name__icontains=word) | Q(prefix__icontains=word) | Q(last_name__icontains=word)
        )
    if date_of_birth is not None:
        condition &= Q(date_of_birth=date_of_birth)
    if bsn.strip():
        condition &= Q(bsn_digest=bsn_digest(bsn.strip()))
    if not condition:
        return []
    return list(Person.objects.filter(condition).order_by("last_name", "first_name", "pk")[:limit])


@dataclass(frozen=True)
class NearestAddress:
    address: Address
    metres: float  # straight-line distance from the point, in RD metres


def _in_square(x: float, y: float, half: float) -> QuerySet[Address]:
    # A range on rd_x and rd_y: the index registry_addr_rd narrows it to a strip, then a box.
    return Address.objects.filter(
        rd_x__gte=x - half, rd_x__lte=x + half, rd_y__gte=y - half, rd_y__lte=y + half
    ).order_by()


def address_nearest(
    *, rd_x: float, rd_y: float, within: float = NEAREST_DEFAULT_METRES
) -> NearestAddress | None:
    """The registry address nearest to an RD point, at most ``within`` metres away; else None.

    Reads only the addresses in a square around the point, growing the square (25, 100, 250 m)
    until the nearest candidate lies inside the square's inscribed circle: no address outside
    the square can then be nearer. Equal distances (flats in one building) go to the lowest
    postcode, number, letter and addition, so the answer does not depend on the database.
    Candidates are read as plain values; only the one found becomes an object.
    """
    if not (math.isfinite(rd_x) and math.isfinite(rd_y)) or within <= 0:
        return None
    steps = [step for step in NEAREST_STEPS if step < within] + [within]
    for half in steps:
        candidates = _in_square(rd_x, rd_y, half).values_list(
            "rd_x",
            "rd_y",
            "postcode",
            "house_number",
            "house_letter",
            "house_number_addition",
            "pk",
        )
        best = min(
            (
                (math.hypot(x - rd_x, y - rd_y), postcode, number, letter, addition, pk)
                for x, y, postcode, number, letter, addition, pk in candidates
            ),
            default=None,
        )
        if best is not None and best[0] <= half:
            return NearestAddress(address=Address.objects.get(pk=best[5]), metres=best[0])
    return None


Square = tuple[float, float, float, float]  # min x, min y, max x, max y (RD metres)


def _addresses_in(squares: Sequence[Square]) -> list[tuple[str, float, float]]:
    """(street, x, y) of the addresses in any of ``squares``: one query, each square a range
    on the RD index (SQLite's multi-index OR, PostgreSQL's bitmap OR)."""
    condition = Q()
    for min_x, min_y, max_x, max_y in squares:
        condition |= Q(rd_x__gte=min_x, rd_x__lt=max_x, rd_y__gte=min_y, rd_y__lt=max_y)
    rows = Address.objects.filter(condition).order_by().values_list("street", "rd_x", "rd_y")
    return list(rows)


def _main_street(rows: list[tuple[str, float, float]], square: Square) -> str:
    """The street with the most of ``rows`` inside ``square``; a tie goes to the street with
    the address nearest the centre, then to the name. '' when none lies inside."""
    min_x, min_y, max_x, max_y = square
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    counts: Counter[str] = Counter()
    nearest: dict[str, float] = {}
    for street, x, y in rows:
        if min_x <= x < max_x and min_y <= y < max_y:
            counts[street] += 1
            nearest[street] = min(math.hypot(x - cx, y - cy), nearest.get(street, math.inf))
    if not counts:
        return ""
    return min(counts, key=lambda street: (-counts[street], nearest[street], street))


def _nearest_street(rows: list[tuple[str, float, float]], square: Square, within: float) -> str:
    min_x, min_y, max_x, max_y = square
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    best = min(
        ((math.hypot(x - cx, y - cy), street) for street, x, y in rows),
        default=(math.inf, ""),
    )
    return best[1] if best[0] <= within else ""


def streets_in_squares(*, squares: Sequence[Square], search: float = 0.0) -> list[str]:
    """For each RD square: the street with the most registry addresses in it. A square without
    addresses (a park, a road) gets the street of the address nearest its centre within
    ``search`` metres, else ''.

    Two queries at most, whatever the number of squares (a forecast names a few dozen cells).
    """
    if not squares:
        return []
    rows = _addresses_in(squares)
    names = [_main_street(rows, square) for square in squares]
    empty = [i for i, name in enumerate(names) if not name]
    if search > 0 and empty:
        around = [_grown(squares[i], search) for i in empty]
        nearby = _addresses_in(around)
        for i in empty:
            names[i] = _nearest_street(nearby, squares[i], search)
    return names


def _grown(square: Square, margin: float) -> Square:
    min_x, min_y, max_x, max_y = square
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    return (cx - margin, cy - margin, cx + margin, cy + margin)
