"""Reading early signals: their evidence within the viewer's access, sources, history, lists.

Callers pass querysets that ``veilig.access`` already narrowed to what the viewer may see
(``signals_visible_to``, ``events_visible_to``, ``early_signals_visible_to``): what falls
outside them is counted, never shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from veilig.events.models import Event
from veilig.geo.models import Area, AreaLevel
from veilig.signals.models import (
    Category,
    EarlySignal,
    EarlySignalStatusChange,
    Signal,
    Team,
)
from veilig.signals.vocabulary import EARLY_OPEN_STATUSES, SignalSource


@dataclass(frozen=True)
class EvidenceSignal:
    """A signal of the evidence that the viewer may open (its page writes its own audit row)."""

    pk: int
    at: dt.datetime
    category: str
    source: str
    buurt: str
    lat: float
    lon: float


@dataclass(frozen=True)
class EvidenceEvent:
    """An imported event of the evidence: when, what and where, never its keys."""

    at: dt.datetime
    category: str
    source: str
    buurt: str
    lat: float
    lon: float


@dataclass(frozen=True)
class SourceCount:
    kind: str  # "signal" or "event"
    label: str
    count: int


@dataclass(frozen=True)
class Evidence:
    signals: list[EvidenceSignal]
    events: list[EvidenceEvent]
    hidden_signals: int  # evidence outside the viewer's access: counted, not shown
    hidden_events: int
    sources: list[SourceCount]  # over all evidence: the rule counted them all

    @property
    def hidden(self) -> int:
        return self.hidden_signals + self.hidden_events


def buurt_names(codes: Iterable[str]) -> dict[str, str]:
    """Buurt code → name (of the newest boundary year that has the code)."""
    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    rows = (
        Area.objects.filter(level=AreaLevel.BUURT, code__in=wanted)
        .order_by("code", "-boundary_year")
        .values_list("code", "name")
    )
    names: dict[str, str] = {}
    for code, name in rows:
        names.setdefault(code, name)
    return names


def category_name(code: str) -> str:
    """The name of a signal category by its code (the code itself when unknown)."""
    name = Category.objects.filter(code=code).values_list("name", flat=True).first()
    return name or code


def category_names(codes: Iterable[str]) -> dict[str, str]:
    """Signal category code → name, for the codes that exist."""
    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    return dict(Category.objects.filter(code__in=wanted).values_list("code", "name"))


def _sources(early: EarlySignal) -> list[SourceCount]:
    signal_sources = Counter(
        Signal.objects.filter(pk__in=early.signal_ids).values_list("source", flat=True)
    )
    event_sources = Counter(
        Event.objects.filter(pk__in=early.event_ids).values_list("source__name", flat=True)
    )
    labels = dict(SignalSource.choices)
    found = [
        SourceCount("signal", str(labels.get(code, code)), count)
        for code, count in sorted(signal_sources.items())
    ]
    found += [
        SourceCount("event", str(name), count) for name, count in sorted(event_sources.items())
    ]
    return found


def early_evidence(
    *, early: EarlySignal, signals: QuerySet[Signal], events: QuerySet[Event]
) -> Evidence:
    """The evidence of ``early`` that lies within ``signals`` and ``events`` (the viewer's)."""
    signal_rows = list(
        signals.filter(pk__in=early.signal_ids)
        .order_by("occurred_at", "pk")
        .values_list("pk", "occurred_at", "category__name", "source", "buurt_code", "lat", "lon")
    )
    event_rows = list(
        events.filter(pk__in=early.event_ids)
        .order_by("begin_at", "pk")
        .values_list("begin_at", "category", "theme", "source__name", "buurt_code", "lat", "lon")
    )
    names = buurt_names([r[4] for r in signal_rows] + [r[4] for r in event_rows])
    labels = dict(SignalSource.choices)
    shown_signals = [
        EvidenceSignal(
            pk=pk,
            at=at,
            category=category,
            source=str(labels.get(source, source)),
            buurt=names.get(buurt, buurt),
            lat=lat,
            lon=lon,
        )
        for pk, at, category, source, buurt, lat, lon in signal_rows
    ]
    shown_events = [
        EvidenceEvent(
            at=at,
            category=category or theme,
            source=source,
            buurt=names.get(buurt, buurt),
            lat=lat,
            lon=lon,
        )
        for at, category, theme, source, buurt, lat, lon in event_rows
    ]
    return Evidence(
        signals=shown_signals,
        events=shown_events,
        hidden_signals=len(early.signal_ids) - len(shown_signals),
        hidden_events=len(early.event_ids) - len(shown_events),
        sources=_sources(early),
    )


def early_map_points(evidence: Evidence) -> list[dict[str, Any]]:
    """The points of the evidence shown (no keys, no names), for the small map."""
    points: list[dict[str, Any]] = [
        {
            "type": "signal",
            "id": s.pk,
            "lat": s.lat,
            "lon": s.lon,
            "label": s.category,
            "at": timezone.localtime(s.at).strftime("%d-%m-%Y"),
        }
        for s in evidence.signals
    ]
    points += [
        {
            "type": "event",
            "lat": e.lat,
            "lon": e.lon,
            "label": e.category,
            "at": timezone.localtime(e.at).strftime("%d-%m-%Y"),
        }
        for e in evidence.events
    ]
    return points


def early_history(*, early: EarlySignal) -> list[EarlySignalStatusChange]:
    return list(early.status_changes.select_related("by"))


def early_signal_list(
    early: QuerySet[EarlySignal], *, statuses: list[str] | None = None, team: Team | None = None
) -> QuerySet[EarlySignal]:
    """Early signals, newest window first; only those with ``statuses`` if given (the open ones:
    ``EARLY_OPEN_STATUSES``); only those of ``team``'s district if given."""
    queryset = early.select_related("rule", "address__buurt__parent__parent", "person", "team")
    if team is not None:
        queryset = queryset.filter(stadsdeel_code=team.area.code)
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    return queryset.order_by("-window_end", "-pk")


def open_statuses() -> list[str]:
    return sorted(s.value for s in EARLY_OPEN_STATUSES)
