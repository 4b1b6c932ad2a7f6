"""Evaluating the early-warning rules: gathering signals and events, windows, the kinds.

The kinds and their parameters are described in the package (``veilig.signals.early_warning``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from veilig.events.models import Event
from veilig.registry.keys import address_key
from veilig.registry.models import Address, Person
from veilig.signals.models import Category, EarlyWarningRule, Signal
from veilig.signals.vocabulary import EarlyRuleKind

DEFAULTS: dict[str, dict[str, Any]] = {
    EarlyRuleKind.REPEAT_SUBJECT: {"min_count": 3, "min_sources": 2, "days": 30},
    EarlyRuleKind.REPEAT_ADDRESS_CATEGORY: {
        "category": "verward-gedrag",
        "min_count": 2,
        "days": 14,
    },
    EarlyRuleKind.SPATIAL_BURST: {
        "category": "woninginbraak",
        "min_count": 3,
        "radius_m": 200,
        "days": 7,
    },
}


@dataclass(frozen=True)
class Item:
    kind: str  # "signal" or "event"
    pk: int
    at: dt.datetime
    source: str
    rd_x: float
    rd_y: float
    buurt_code: str
    stadsdeel_code: str = ""
    address_keys: frozenset[str] = frozenset()
    person_keys: frozenset[str] = frozenset()


@dataclass
class Hit:
    key: str
    items: list[Item]
    address: Address | None = None
    person: Person | None = None


@dataclass
class RunResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    per_rule: dict[str, int] = field(default_factory=dict)


def parameters_of(rule: EarlyWarningRule) -> dict[str, Any]:
    merged = dict(DEFAULTS.get(rule.kind, {}))
    merged.update(rule.parameters or {})
    merged.setdefault("lookback_days", 2 * int(merged.get("days", 30)))
    return merged


# --- Gathering ------------------------------------------------------------------------------


@dataclass
class _Registry:
    """Registry objects met in signals, by key, so an early signal can name its subject."""

    addresses: dict[str, Address] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)


def _category_ids(code: str) -> tuple[set[int], list[str]]:
    """The ids of a category and its descendants, and the event themes of all of them."""
    rows = list(Category.objects.values_list("pk", "parent_id", "code", "event_themes"))
    root = next((pk for pk, _parent, c, _t in rows if c == code), None)
    if root is None:
        return set(), []
    ids: set[int] = {root}
    themes: list[str] = []
    changed = True
    while changed:
        changed = False
        for pk, parent, _c, _t in rows:
            if parent in ids and pk not in ids:
                ids.add(pk)
                changed = True
    for pk, _parent, _c, event_themes in rows:
        if pk in ids:
            themes.extend(str(t) for t in (event_themes or []))
    return ids, themes


def _signals(
    start: dt.datetime, end: dt.datetime, registry: _Registry, category_ids: set[int] | None
) -> list[Item]:
    queryset = (
        Signal.objects.filter(
            occurred_at__gt=start, occurred_at__lte=end, category__restricted=False
        )
        .prefetch_related("persons", "addresses")
        .order_by("occurred_at", "pk")
    )
    if category_ids is not None:
        queryset = queryset.filter(category_id__in=category_ids)
    items = []
    for signal in queryset:
        a_keys, p_keys = set(), set()
        for address in signal.addresses.all():
            key = address_key(address)
            registry.addresses.setdefault(key, address)
            a_keys.add(key)
        for person in signal.persons.all():
            registry.persons.setdefault(person.pseudonym, person)
            p_keys.add(person.pseudonym)
        items.append(
            Item(
                kind="signal",
                pk=signal.pk,
                at=signal.occurred_at,
                source=f"signaal:{signal.source}",
                rd_x=signal.rd_x,
                rd_y=signal.rd_y,
                buurt_code=signal.buurt_code,
                stadsdeel_code=signal.stadsdeel_code,
                address_keys=frozenset(a_keys),
                person_keys=frozenset(p_keys),
            )
        )
    return items


def _events(
    start: dt.datetime, end: dt.datetime, *, themes: list[str] | None, keyed_only: bool
) -> list[Item]:
    queryset = Event.objects.filter(begin_at__gt=start, begin_at__lte=end)
    if themes is not None:
        if not themes:
            return []
        queryset = queryset.filter(theme__in=themes)
    if keyed_only:
        queryset = queryset.exclude(person_key="", address_key="")
    rows = queryset.order_by("begin_at", "pk").values_list(
        "pk",
        "begin_at",
        "source__code",
        "rd_x",
        "rd_y",
        "buurt_code",
        "address_key",
        "person_key",
    )
    return [
        Item(
            kind="event",
            pk=pk,
            at=at,
            source=f"registratie:{source}",
            rd_x=x,
            rd_y=y,
            buurt_code=buurt or "",
            address_keys=frozenset({a_key}) if a_key else frozenset(),
            person_keys=frozenset({p_key}) if p_key else frozenset(),
        )
        for pk, at, source, x, y, buurt, a_key, p_key in rows
    ]


# --- Windows --------------------------------------------------------------------------------


def sliding_windows(items: Sequence[Item], days: float) -> Iterator[list[Item]]:
    """Every maximal run of items (sorted by time) that fits within ``days``."""
    ordered = sorted(items, key=lambda i: (i.at, i.kind, i.pk))
    span = dt.timedelta(days=days)
    last_end = -1
    j = 0
    for i in range(len(ordered)):
        j = max(j, i)
        while j + 1 < len(ordered) and ordered[j + 1].at - ordered[i].at <= span:
            j += 1
        if j > last_end:  # not contained in the previous window
            yield ordered[i : j + 1]
            last_end = j


def _repeat_subject(
    rule_params: dict[str, Any], items: list[Item], registry: _Registry
) -> list[Hit]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for key in item.address_keys:
            groups[f"adres:{key}"].append(item)
        for key in item.person_keys:
            groups[f"persoon:{key}"].append(item)
    hits = []
    for key, members in sorted(groups.items()):
        for window in sliding_windows(members, rule_params["days"]):
            sources = {i.source for i in window}
            if (
                len(window) >= rule_params["min_count"]
                and len(sources) >= rule_params["min_sources"]
            ):
                hits.append(_hit(key, window, registry))
    return hits


def _repeat_address(
    rule_params: dict[str, Any], items: list[Item], registry: _Registry
) -> list[Hit]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for key in item.address_keys:
            groups[f"adres:{key}"].append(item)
    hits = []
    for key, members in sorted(groups.items()):
        for window in sliding_windows(members, rule_params["days"]):
            if len(window) >= rule_params["min_count"]:
                hits.append(_hit(key, window, registry))
    return hits


def _spatial_burst(rule_params: dict[str, Any], items: list[Item]) -> list[Hit]:
    if len(items) < rule_params["min_count"]:
        return []
    points = np.array([[i.rd_x, i.rd_y] for i in items], dtype=float)
    tree = cKDTree(points)
    # A tiny tolerance so that "200 m" includes points at exactly 200 m despite rounding.
    neighbours = tree.query_ball_point(points, r=float(rule_params["radius_m"]) + 1e-6)
    hits = []
    for anchor, near in enumerate(neighbours):
        members = [items[n] for n in near]
        for window in sliding_windows(members, rule_params["days"]):
            if len(window) >= rule_params["min_count"] and items[anchor] in window:
                hits.append(Hit(key="", items=window))
    return hits


def _hit(key: str, items: list[Item], registry: _Registry) -> Hit:
    kind, _sep, value = key.partition(":")
    return Hit(
        key=key,
        items=items,
        address=registry.addresses.get(value) if kind == "adres" else None,
        person=registry.persons.get(value) if kind == "persoon" else None,
    )


def evaluate(rule: EarlyWarningRule, now: dt.datetime) -> list[Hit]:
    params = parameters_of(rule)
    start = now - dt.timedelta(days=float(params["lookback_days"]))
    registry = _Registry()
    if rule.kind == EarlyRuleKind.REPEAT_SUBJECT:
        items = _signals(start, now, registry, None) + _events(
            start, now, themes=None, keyed_only=True
        )
        return _repeat_subject(params, items, registry)
    category_ids, themes = _category_ids(str(params["category"]))
    items = _signals(start, now, registry, category_ids) + _events(
        start, now, themes=themes, keyed_only=rule.kind != EarlyRuleKind.SPATIAL_BURST
    )
    if rule.kind == EarlyRuleKind.REPEAT_ADDRESS_CATEGORY:
        return _repeat_address(params, items, registry)
    if rule.kind == EarlyRuleKind.SPATIAL_BURST:
        return _spatial_burst(params, items)
    raise ValueError(f"unknown early-warning rule kind: {rule.kind!r}")
