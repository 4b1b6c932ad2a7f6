"""Reads about the demo city's street: its incident records, teams, rules, signals, early signals.

Demo records are those of the demo's event sources; demo signals and early signals are those
in the demo gemeente; demo teams work in a demo stadsdeel; demo routing rules name a demo area,
a demo team or a demo organisation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from veilig.demo import constants
from veilig.demo.generator.events_themes import SOURCES
from veilig.demo.generator.organisations import DEMO_ORGANISATION_CODES
from veilig.events.models import Event, EventSource
from veilig.signals.models import EarlySignal, RoutingRule, Signal, StatusChange, Team

DEMO_SOURCE_CODES: tuple[str, ...] = tuple(code for code, *_rest in SOURCES)
_NUMBER = constants.GEMEENTE_NUMBER


def demo_event_sources() -> QuerySet[EventSource]:
    return EventSource.objects.filter(code__in=DEMO_SOURCE_CODES)


def demo_events() -> QuerySet[Event]:
    return Event.objects.filter(source__code__in=DEMO_SOURCE_CODES)


def demo_teams() -> QuerySet[Team]:
    return Team.objects.filter(area__code__startswith=f"SD{_NUMBER}")


def demo_rules() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.filter(
        Q(area__code__contains=_NUMBER, area__boundary_year=constants.BOUNDARY_YEAR)
        | Q(target_team__in=demo_teams())
        | Q(target_organisation__code__in=DEMO_ORGANISATION_CODES)
    )


def demo_signals() -> QuerySet[Signal]:
    return Signal.objects.filter(gemeente_code=constants.GEMEENTE_CODE)


def demo_early_signals() -> QuerySet[EarlySignal]:
    return EarlySignal.objects.filter(
        Q(stadsdeel_code__startswith=f"SD{_NUMBER}") | Q(buurt_code__startswith=f"BU{_NUMBER}")
    )


def street_feed(feed: Callable[[object], None], time: Callable[[object], object]) -> None:
    """Feed the street stages to the city digest, by natural keys and in a fixed order."""
    for source in demo_event_sources().order_by("code"):
        feed([source.code, source.name, source.format, source.theme_map])
    feed(["events", *events_digest()])
    for team in demo_teams().select_related("area").prefetch_related("memberships__user"):
        members = sorted((m.user.username, m.function) for m in team.memberships.all())
        feed([team.name, team.area.code, members])
    rules = demo_rules().order_by("order", "name")
    for rule in rules.values_list(
        "order",
        "name",
        "active",
        "area__code",
        "category__code",
        "time_from",
        "time_until",
        "source",
        "target_team__name",
        "target_organisation__code",
        "priority",
        "deadline_hours",
    ):
        feed([str(v) if isinstance(v, dt.time) else v for v in rule])  # fmt: skip
    signals = demo_signals().order_by("occurred_at", "pk")
    feed(["signals", *rows_digest(signals, SIGNAL_COLUMNS, times=SIGNAL_TIMES)])
    persons = Signal.persons.through.objects.filter(signal__in=signals).order_by(
        "signal__occurred_at", "signal_id", "person__uuid"
    )
    feed(["persons", *rows_digest(persons, ("signal_occurred_at_text", "person__uuid"),
                                  times=("signal__occurred_at",))])  # fmt: skip
    changes = StatusChange.objects.filter(signal__in=signals).order_by(
        "signal__occurred_at", "signal_id", "at", "pk"
    )
    columns = ("from_status", "to_status", "note", "by__username", "at_text")
    feed(["status changes", *rows_digest(changes, columns, times=("at",))])
    for early in (
        demo_early_signals()
        .select_related("rule", "person", "team")
        .order_by("rule__name", "window_start", "subject_key", "summary")
    ):
        feed([early.rule.name, early.subject_key, str(early.person.uuid) if early.person else None,
              early.team.name if early.team else None, early.stadsdeel_code, early.buurt_code,
              time(early.window_start), time(early.window_end), len(early.signal_ids),
              len(early.event_ids), early.summary, early.status])  # fmt: skip


SIGNAL_TIMES = ("occurred_at", "reported_at", "deadline_at")
SIGNAL_COLUMNS = (
    "category__code", "occurred_at_text", "reported_at_text", "source", "description", "rd_x",
    "rd_y", "lat", "lon", "location_method", "buurt_code", "wijk_code", "stadsdeel_code",
    "address__postcode", "address__house_number", "address__house_letter",
    "address__house_number_addition", "reported_by__username", "reporting_organisation__code",
    "status", "routed_rule_name", "team__name", "organisation__code", "priority",
    "deadline_at_text", "case__reference",
)  # fmt: skip
EVENT_COLUMNS = (
    "source__code", "external_id", "theme", "category", "incident_code", "begin_at_text",
    "end_at_text", "reported_at_text", "rd_x", "rd_y", "lat", "lon", "buurt_code", "wijk_code",
    "person_key", "address_key", "attributes_text",
)  # fmt: skip


def events_digest() -> tuple[int, str]:
    """The number of demo records and a SHA-256 over all their stored values."""
    events = demo_events().order_by("source__code", "external_id")
    events = events.annotate(attributes_text=Cast("attributes", CharField()))
    return rows_digest(events, EVENT_COLUMNS, times=("begin_at", "end_at", "reported_at"))


def rows_digest(
    queryset: QuerySet[Any], columns: Sequence[str], *, times: Sequence[str] = ()
) -> tuple[int, str]:
    """The number of rows and a SHA-256 over them, for tables of hundreds of thousands of rows.

    The database hands times over as text (``<name>_text``, ``__`` as ``_``; no datetime
    object per value) and
    each row is hashed as one ``repr``: seconds instead of the minute the JSON feed would
    take. The text of a time differs between SQLite and PostgreSQL, so a digest is compared
    on one database.
    """
    digest = hashlib.sha256()
    texts = {f"{name.replace('__', '_')}_text": Cast(name, CharField()) for name in times}
    count = 0
    for row in queryset.annotate(**texts).values_list(*columns).iterator(chunk_size=20_000):
        digest.update(repr(row).encode())
        count += 1
    return count, digest.hexdigest()
