"""Early warning (vroegsignalering): rules over signals and imported events.

Each active :class:`EarlyWarningRule` is evaluated over a look-back period before ``now``; a hit is
a set of signals and events (its evidence). Hits are deduplicated per rule and subject: a set
that overlaps an existing early signal updates it when it adds evidence (and reopens it when it
was closed) and changes nothing otherwise; only a set with no overlap creates a new one.

Kinds and parameters (defaults in brackets):

- ``repeat_subject``: an address or person with at least ``min_count`` [3] signals or events from at
  least ``min_sources`` [2] different sources within ``days`` [30] days;
- ``repeat_address_category``: signals of ``category`` [verward-gedrag] (or events of its themes)
  at the same address at least ``min_count`` [2] times within ``days`` [14] days;
- ``spatial_burst``: at least ``min_count`` [3] signals of ``category`` [woninginbraak] (or
  events of its themes) within ``radius_m`` [200] metres of one of them
  and within ``days`` [7] days.

Each kind also takes ``lookback_days`` (default: twice ``days``): how far back a run looks.
Signals of restricted categories never take part.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy.spatial import cKDTree

from veilig.events.models import Event
from veilig.geo.models import Area, AreaLevel
from veilig.registry.keys import address_key
from veilig.registry.models import Address, Person
from veilig.signals.models import Category, EarlySignal, EarlyWarningRule, Signal, Team
from veilig.signals.vocabulary import EarlyRecipient, EarlyRuleKind, EarlyStatus

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


def _evaluate(rule: EarlyWarningRule, now: dt.datetime) -> list[Hit]:
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


# --- Recording ------------------------------------------------------------------------------


def _summary(rule: EarlyWarningRule, hit: Hit, signal_ids: list[int], event_ids: list[int]) -> str:
    subject = ""
    if hit.address is not None:
        subject = str(hit.address)
    elif hit.person is not None:
        subject = _("person %(pseudonym)s") % {"pseudonym": hit.person.pseudonym[:8]}
    elif hit.key:
        subject = _("address or person with key %(key)s") % {"key": hit.key.split(":")[-1][:8]}
    text = _("%(signals)d signals and %(events)d events") % {
        "signals": len(signal_ids),
        "events": len(event_ids),
    }
    return f"{rule.name}: {text}" + (f" – {subject}" if subject else "")


class _Recorder:
    def __init__(self, rule: EarlyWarningRule, result: RunResult) -> None:
        self.rule = rule
        self.result = result
        self.existing = list(EarlySignal.objects.filter(rule=rule))
        self.stadsdeel_of = dict(
            Area.objects.filter(level=AreaLevel.BUURT).values_list("code", "parent__parent__code")
        )
        self.team_of: dict[str, Team] = {}
        for team in Team.objects.select_related("area").order_by("pk"):
            self.team_of.setdefault(team.area.code, team)

    def _stadsdeel(self, items: list[Item]) -> tuple[str, str]:
        latest = max(items, key=lambda i: (i.at, i.pk))
        code = latest.stadsdeel_code or self.stadsdeel_of.get(latest.buurt_code) or ""
        return code, latest.buurt_code

    def record(self, hit: Hit) -> None:
        signal_ids = {i.pk for i in hit.items if i.kind == "signal"}
        event_ids = {i.pk for i in hit.items if i.kind == "event"}
        start = min(i.at for i in hit.items)
        end = max(i.at for i in hit.items)
        for early in self.existing:
            if early.subject_key != hit.key:
                continue
            old_signals, old_events = set(early.signal_ids), set(early.event_ids)
            if not (old_signals & signal_ids or old_events & event_ids):
                continue
            if signal_ids <= old_signals and event_ids <= old_events:
                self.result.unchanged += 1
                return
            early.signal_ids = sorted(old_signals | signal_ids)
            early.event_ids = sorted(old_events | event_ids)
            early.window_start = min(early.window_start, start)
            early.window_end = max(early.window_end, end)
            early.summary = _summary(self.rule, hit, early.signal_ids, early.event_ids)[:255]
            if early.status == EarlyStatus.CLOSED:
                early.status = EarlyStatus.OPEN
            early.save()
            self.result.updated += 1
            return
        stadsdeel, buurt = self._stadsdeel(hit.items)
        team = self.team_of.get(stadsdeel) if self.rule.recipient == EarlyRecipient.TEAM else None
        sorted_signals, sorted_events = sorted(signal_ids), sorted(event_ids)
        early = EarlySignal.objects.create(
            rule=self.rule,
            subject_key=hit.key,
            address=hit.address,
            person=hit.person,
            team=team,
            stadsdeel_code=stadsdeel,
            buurt_code=buurt,
            window_start=start,
            window_end=end,
            signal_ids=sorted_signals,
            event_ids=sorted_events,
            summary=_summary(self.rule, hit, sorted_signals, sorted_events)[:255],
        )
        self.existing.append(early)
        self.result.created += 1


def early_warning_run(*, now: dt.datetime | None = None) -> RunResult:
    """Evaluate every active rule at ``now`` and record its hits (deduplicated)."""
    now = now or timezone.now()
    result = RunResult()
    for rule in EarlyWarningRule.objects.filter(active=True).order_by("pk"):
        hits = _evaluate(rule, now)
        with transaction.atomic():
            recorder = _Recorder(rule, result)
            for hit in hits:
                recorder.record(hit)
        result.per_rule[rule.name] = len(hits)
    return result
