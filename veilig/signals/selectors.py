"""Reading signals: lists with deadlines, the team map (points or grid cells) and early signals.

Callers pass a queryset that ``veilig.access.signals`` already narrowed to what the user may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from veilig.events.models import Event
from veilig.geo.grid import Grid
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import rd_to_wgs84
from veilig.geo.selectors import area_names
from veilig.registry.models import Address, Person
from veilig.registry.selectors import NearestAddress, address_nearest
from veilig.signals.models import (
    Category,
    EarlySignal,
    Signal,
    SignalPhoto,
    StatusChange,
    Team,
    TeamMembership,
)
from veilig.signals.vocabulary import OPEN_STATUSES

# Above this many points the map shows grid cells with counts instead of points.
MAP_POINT_LIMIT = 400
PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


def signal_list(
    signals: QuerySet[Signal], *, open_only: bool = False, category: Category | None = None
) -> QuerySet[Signal]:
    queryset = signals.select_related("category", "category__parent", "team", "organisation")
    if open_only:
        queryset = queryset.filter(status__in=[s.value for s in OPEN_STATUSES])
    if category is not None:
        queryset = queryset.filter(category_id__in=category_with_children(category))
    return queryset


def open_signals_by_deadline(signals: QuerySet[Signal], *, area: str = "") -> QuerySet[Signal]:
    """The open signals, soonest deadline first; only those of stadsdeel ``area`` if given."""
    if area:
        signals = signals.filter(stadsdeel_code=area)
    return signal_list(signals, open_only=True).order_by("deadline_at", "pk")


@dataclass(frozen=True)
class SignalHistory:
    """What a signal's page shows besides the signal: photos, status changes, who and where."""

    photos: list[SignalPhoto]
    changes: list[StatusChange]
    persons: list[Person]
    addresses: list[Address]


def signal_history(*, signal: Signal) -> SignalHistory:
    """The parts of an opened signal (``access_signal`` prefetches its persons)."""
    return SignalHistory(
        photos=list(signal.photos.all()),
        changes=list(signal.status_changes.select_related("by")),
        persons=list(signal.persons.all()),
        addresses=list(signal.addresses.all()),
    )


@dataclass(frozen=True)
class SignalPlace:
    """Where a signal is, in words: the nearest address for a point from the map or GPS (the
    signal's own address needs none) and the names of its buurt and wijk."""

    nearest: NearestAddress | None
    buurt_name: str
    wijk_name: str


def signal_place(*, signal: Signal) -> SignalPlace:
    """Two or three small queries: the area names and, without an address, the nearest one."""
    names = area_names(codes=[signal.buurt_code, signal.wijk_code])
    nearest = None
    if signal.address_id is None:
        nearest = address_nearest(rd_x=signal.rd_x, rd_y=signal.rd_y)
    return SignalPlace(
        nearest=nearest,
        buurt_name=names.get(signal.buurt_code, ""),
        wijk_name=names.get(signal.wijk_code, ""),
    )


def visible_signal_ids(signals: QuerySet[Signal], ids: list[int]) -> set[int]:
    """Which of ``ids`` are among ``signals`` (the evidence of an early signal)."""
    return set(signals.filter(pk__in=ids).values_list("pk", flat=True))


def team_members(*, team: Team) -> list[TeamMembership]:
    return list(team.memberships.select_related("user"))


def _address_condition(query: str) -> Q:
    """'9711AB 12', '9711 AB', 'Grote Markt 12' or 'Grote Ma'."""
    head, _sep, tail = query.rpartition(" ")
    number = int(tail) if head and tail.isdigit() else None
    if query[:4].isdigit():
        if number is not None:
            return Q(postcode=head.replace(" ", "").upper(), house_number=number)
        return Q(postcode__startswith=query.replace(" ", "").upper()[:6])
    if number is not None:
        return Q(street__istartswith=head.strip(), house_number=number)
    return Q(street__istartswith=query)


def addresses_matching(query: str, *, limit: int = 10) -> list[Address]:
    """Registry addresses for the report form's search by street or postcode (3+ characters)."""
    if len(query) < 3:
        return []
    found = Address.objects.filter(_address_condition(query))
    return list(found.order_by("street", "house_number", "house_letter")[:limit])


def category_with_children(category: Category) -> list[int]:
    rows = list(Category.objects.values_list("pk", "parent_id"))
    ids = {category.pk}
    changed = True
    while changed:
        changed = False
        for pk, parent in rows:
            if parent in ids and pk not in ids:
                ids.add(pk)
                changed = True
    return sorted(ids)


def category_choices() -> list[Category]:
    """Active categories, parents before their children (for a select)."""
    categories = list(Category.objects.filter(active=True).select_related("parent"))
    top = [c for c in categories if c.parent_id is None]
    ordered: list[Category] = []
    for parent in top:
        ordered.append(parent)
        ordered.extend(c for c in categories if c.parent_id == parent.pk)
    return ordered


def is_overdue(signal: Signal, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        signal.status in {s.value for s in OPEN_STATUSES}
        and signal.deadline_at is not None
        and signal.deadline_at < now
    )


def buurt_codes_of(team: Team) -> list[str]:
    return list(
        Area.objects.filter(level=AreaLevel.BUURT, parent__parent=team.area).values_list(
            "code", flat=True
        )
    )


@dataclass(frozen=True)
class MapFilter:
    days: int = 30
    category: Category | None = None


def _event_themes(category: Category | None) -> list[str] | None:
    if category is None:
        return None
    ids = category_with_children(category)
    themes: list[str] = []
    for event_themes in Category.objects.filter(pk__in=ids).values_list("event_themes", flat=True):
        themes.extend(str(t) for t in event_themes or [])
    return themes


def team_map_data(
    *,
    team: Team,
    signals: QuerySet[Signal],
    filters: MapFilter,
    now: dt.datetime | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Points (signals and events) of the team's area, or grid cells with counts when many.

    Signals carry their id, category and a link; events carry only their theme: no names.
    """
    now = now or timezone.now()
    limit = MAP_POINT_LIMIT if limit is None else limit
    since = now - dt.timedelta(days=filters.days)
    signal_qs = signals.filter(stadsdeel_code=team.area.code, occurred_at__gte=since)
    if filters.category is not None:
        signal_qs = signal_qs.filter(category_id__in=category_with_children(filters.category))
    signal_rows = list(
        signal_qs.values_list("pk", "lat", "lon", "rd_x", "rd_y", "category__name", "occurred_at")
    )
    event_qs = Event.objects.filter(
        buurt_code__in=buurt_codes_of(team), begin_at__gte=since, begin_at__lte=now
    )
    themes = _event_themes(filters.category)
    if themes is not None:
        event_qs = event_qs.filter(theme__in=themes)
    total_events = event_qs.count()
    result: dict[str, Any] = {
        "signals": len(signal_rows),
        "events": total_events,
        "mode": "points",
    }
    if len(signal_rows) + total_events <= limit:
        event_rows = list(event_qs.values_list("lat", "lon", "theme", "begin_at"))
        result["points"] = [
            {
                "type": "signal",
                "id": pk,
                "lat": lat,
                "lon": lon,
                "label": name,
                "at": timezone.localtime(at).strftime("%d-%m-%Y %H:%M"),
            }
            for pk, lat, lon, _x, _y, name, at in signal_rows
        ] + [
            {
                "type": "event",
                "lat": lat,
                "lon": lon,
                "label": theme,
                "at": timezone.localtime(at).strftime("%d-%m-%Y %H:%M"),
            }
            for lat, lon, theme, at in event_rows
        ]
        return result
    result["mode"] = "grid"
    xs = [row[3] for row in signal_rows]
    ys = [row[4] for row in signal_rows]
    kinds = [0] * len(signal_rows)
    for x, y in event_qs.values_list("rd_x", "rd_y").iterator(chunk_size=5000):
        xs.append(x)
        ys.append(y)
        kinds.append(1)
    result["cells"] = grid_cells(np.array(xs), np.array(ys), np.array(kinds))
    return result


def grid_cells(
    xs: np.ndarray, ys: np.ndarray, kinds: np.ndarray, size: float | None = None
) -> list[dict[str, Any]]:
    """Counts of signals (kind 0) and events (kind 1) per square RD cell, with WGS84 bounds."""
    grid = Grid(size=float(size or settings.GRID_CELL_METRES))
    if not len(xs):
        return []
    cols, rows = grid.column_row(xs, ys)
    keys = np.stack([cols, rows], axis=1)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    signal_counts = np.bincount(inverse, weights=(kinds == 0), minlength=len(unique))
    event_counts = np.bincount(inverse, weights=(kinds == 1), minlength=len(unique))
    min_x = unique[:, 0] * grid.size
    min_y = unique[:, 1] * grid.size
    west, south = rd_to_wgs84(min_x.astype(float), min_y.astype(float))
    east, north = rd_to_wgs84((min_x + grid.size).astype(float), (min_y + grid.size).astype(float))
    return [
        {
            "id": grid.cell_id(int(c), int(r)),
            "signals": int(s),
            "events": int(e),
            "bounds": [[float(so), float(w)], [float(n), float(ea)]],
        }
        for (c, r), s, e, w, so, ea, n in zip(
            unique, signal_counts, event_counts, west, south, east, north, strict=True
        )
    ]


def early_signals_for_team(early: QuerySet[EarlySignal], team: Team) -> QuerySet[EarlySignal]:
    return (
        early.filter(stadsdeel_code=team.area.code)
        .select_related("rule", "address")
        .order_by("status", "-window_end")
    )


def signals_by_id(ids: Sequence[int]) -> list[Signal]:
    """Signals with what a list row shows, in the order of ``ids``, in one query.

    Only for ids that an access-filtered query gave (an export)."""
    found = Signal.objects.filter(pk__in=ids).select_related("category", "team", "organisation")
    loaded = {signal.pk: signal for signal in found}
    return [loaded[pk] for pk in ids if pk in loaded]


def early_signals_by_id(ids: Sequence[int]) -> list[EarlySignal]:
    """Early signals in the order of ``ids``, in one query (ids from an access-filtered query)."""
    loaded = {early.pk: early for early in EarlySignal.objects.filter(pk__in=ids)}
    return [loaded[pk] for pk in ids if pk in loaded]
