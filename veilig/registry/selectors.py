"""Reads of the registry that are not access-checked reads of one person (those are in access/)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Q, QuerySet

from veilig.registry.crypto import bsn_digest, current_key_id
from veilig.registry.models import Address, MergeStatus, Person, PersonMerge
from veilig.registry.names import name_key, name_similarity

MatchKind = Literal["bsn", "name"]
DuplicateReason = Literal["same_name_and_birth", "same_name", "similar_name"]
SIMILAR_NAME = 0.8  # name_similarity from which two names with one birth date are suggested


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
class PersonMatch:
    person: Person
    by: MatchKind  # how it was found: the BSN's digest, or name and date of birth


def person_current(person: Person) -> Person:
    """The record a person lives on: itself, or the one it was merged into (pending or final)."""
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def person_same_as(
    *,
    first_name: str,
    prefix: str = "",
    last_name: str,
    date_of_birth: dt.date | None,
    bsn: str = "",
) -> PersonMatch | None:
    """The registered person these details are, if any (docs/casework.md, "One person, once").

    1. A BSN is exact: the person with its digest, whatever the name or date of birth.
    2. Otherwise the folded whole name (``names.name_key``) and the date of birth, both needed:
       the one person who has them and no other BSN than the one given (a person with another
       BSN is someone else); when the candidates hold two different BSNs it is not clear who
       is meant, and it is nobody; of several candidates otherwise, the oldest.
    3. Otherwise nobody: the caller registers a new person.

    A person merged into another stands for the one it was merged into. ``bsn`` must be valid.
    """
    bsn = bsn.strip()
    if bsn:
        found = Person.objects.filter(bsn_digest=bsn_digest(bsn)).first()
        if found is not None:
            return PersonMatch(person_current(found), "bsn")
    key = name_key(first_name=first_name, prefix=prefix, last_name=last_name)
    if date_of_birth is None or not key:
        return None
    candidates = Person.objects.filter(
        name_key=key, date_of_birth=date_of_birth, merged_into__isnull=True
    ).order_by("pk")
    if bsn:
        # Had it the same BSN, step 1 would have found it: any BSN here is a different one.
        candidates = candidates.filter(bsn_digest="")
    matches = list(candidates[:20])
    if not matches or len({person.bsn_digest for person in matches} - {""}) > 1:
        return None
    return PersonMatch(matches[0], "name")  # the oldest, should there be duplicates already


@dataclass(frozen=True)
class DuplicatePair:
    """Two records that may be one person; ``first`` is the older record."""

    first: Person
    second: Person
    reason: DuplicateReason
    bsn_conflict: bool  # both records hold a BSN (different ones: it is unique): two people

    @property
    def persons(self) -> tuple[Person, Person]:
        return self.first, self.second


_REASON_ORDER = {"same_name_and_birth": 0, "same_name": 1, "similar_name": 2}


def _pair(a: Person, b: Person) -> DuplicatePair | None:
    first, second = (a, b) if a.pk < b.pk else (b, a)
    conflict = bool(first.bsn_digest and second.bsn_digest)
    same_birth = first.date_of_birth is not None and first.date_of_birth == second.date_of_birth
    if first.name_key == second.name_key:
        reason: DuplicateReason = "same_name_and_birth" if same_birth else "same_name"
        return DuplicatePair(first, second, reason, conflict)
    if same_birth and name_similarity(first.name_key, second.name_key) >= SIMILAR_NAME:
        return DuplicatePair(first, second, "similar_name", conflict)
    return None


def person_duplicate_pairs(*, persons: QuerySet[Person], limit: int = 200) -> list[DuplicatePair]:
    """Pairs among ``persons`` that may be one person, strongest reason first: the same name and
    date of birth (then they hold two BSNs, or were registered before matching), the same name
    with another or an unknown date of birth, one date of birth with a similar name.

    Cheap: only persons whose name or date of birth occurs more than once are compared, each
    with the others of its name or its date of birth. Persons merged into another are left out.
    """
    live = persons.filter(merged_into__isnull=True)
    names = live.order_by().values("name_key").annotate(n=Count("pk")).filter(n__gt=1)
    births = (
        live.exclude(date_of_birth=None)
        .order_by()
        .values("date_of_birth")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    candidates = live.filter(
        Q(name_key__in=names.values("name_key"))
        | Q(date_of_birth__in=births.values("date_of_birth"))
    ).annotate(case_count=Count("cases"))
    groups: dict[object, list[Person]] = {}
    for person in candidates.order_by("pk"):
        groups.setdefault(("name", person.name_key), []).append(person)
        if person.date_of_birth is not None:
            groups.setdefault(("birth", person.date_of_birth), []).append(person)
    found: dict[tuple[int, int], DuplicatePair] = {}
    for group in groups.values():
        for index, a in enumerate(group):
            for b in group[index + 1 :]:
                pair = _pair(a, b)
                if pair is not None:
                    found[(pair.first.pk, pair.second.pk)] = pair
    ordered = sorted(
        found.values(), key=lambda p: (_REASON_ORDER[p.reason], p.first.pk, p.second.pk)
    )
    return ordered[:limit]


def person_merges_pending(*, persons: QuerySet[Person]) -> list[PersonMerge]:
    """The merges not yet confirmed or undone whose surviving record is among ``persons``."""
    pending = PersonMerge.objects.filter(status=MergeStatus.PENDING, survivor__in=persons)
    return list(pending.select_related("survivor", "absorbed").order_by("merged_at", "pk"))


@dataclass(frozen=True)
class MergeGroup:
    """A person's record with every record merged into it (pending or confirmed), and every
    merge that touched one of them, undone ones too: what a subject access report covers."""

    record: Person
    person_ids: list[int]
    merges: list[PersonMerge]


def person_merge_group(*, person: Person) -> MergeGroup:
    record = person_current(person)
    ids, frontier = {record.pk}, [record.pk]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(frontier)
    merges = PersonMerge.objects.filter(Q(survivor__in=ids) | Q(absorbed__in=ids))
    return MergeGroup(record, sorted(ids), list(merges.order_by("merged_at", "pk")))


# The nearest address is looked for in squares of these half-sizes (metres) around the point,
# the smallest first: in a town the first square already holds a few addresses.
NEAREST_STEPS = (25.0, 100.0, 250.0)
NEAREST_DEFAULT_METRES = 250.0


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
