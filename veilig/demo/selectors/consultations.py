"""Reads about the demo's consultations: its meetings, and their share of the city digest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from veilig.consultations.models import (
    AgendaAction,
    AgendaItem,
    Attendance,
    Decision,
    DiscussionRequest,
    Meeting,
    SubjectInforming,
    TriageDecision,
)
from veilig.demo.generator.tables import DEMO_TABLE_CODES


def demo_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(table__code__in=DEMO_TABLE_CODES)


def consultations_feed(feed: Callable[[object], None], time: Callable[[object], object]) -> None:
    """Feed triage, informing, meetings and what hangs on them, by natural keys (references,
    table codes, start times, user names), never by ids."""
    meetings = demo_meetings()
    for row in meetings.order_by("table__code", "starts_at").values_list(
        "table__code",
        "starts_at",
        "duration_minutes",
        "place",
        "video_link",
        "chair__username",
        "status",
        "agenda_ready_at",
        "created_at",
    ):
        feed([time(value) for value in row])
    related: list[tuple[QuerySet[Any], tuple[str, ...]]] = [
        (TriageDecision.objects.order_by("case__reference", "decided_at", "id"),
         ("case__reference", "outcome", "table__code", "reason", "decided_by__username",
          "decided_at", "session")),
        (SubjectInforming.objects.order_by("case__reference"),
         ("case__reference", "informed_on", "postponed_reason", "review_on",
          "recorded_by__username", "recorded_at")),
        (Attendance.objects.filter(meeting__in=meetings).order_by(
            "meeting__table__code", "meeting__starts_at", "user__username"),
         ("meeting__table__code", "meeting__starts_at", "user__username", "organisation__code",
          "incidental", "present", "statement_accepted_at", "statement_version")),
        (AgendaItem.objects.filter(meeting__in=meetings).order_by(
            "meeting__table__code", "meeting__starts_at", "position", "case__reference"),
         ("meeting__table__code", "meeting__starts_at", "case__reference", "position", "reason",
          "beeld", "oordeel", "besluit", "minuted_by__username", "minuted_at")),
        (Decision.objects.filter(item__meeting__in=meetings).order_by(
            "item__meeting__table__code", "item__meeting__starts_at", "item__position",
            "decided_at", "text"),
         ("item__meeting__table__code", "item__meeting__starts_at", "item__case__reference",
          "text", "decided_by__username", "decided_at")),
        (AgendaAction.objects.filter(item__meeting__in=meetings).order_by(
            "item__meeting__table__code", "item__meeting__starts_at", "item__position",
            "action__created_at", "action__description", "kind"),
         ("item__meeting__table__code", "item__meeting__starts_at", "item__case__reference",
          "action__created_at", "action__description", "kind")),
        (DiscussionRequest.objects.filter(case__table__code__in=DEMO_TABLE_CODES).order_by(
            "case__reference", "requested_at"),
         ("case__reference", "requested_by__username", "requested_at",
          "item__meeting__starts_at")),
    ]  # fmt: skip
    for queryset, fields in related:
        for row in queryset.values_list(*fields).iterator(chunk_size=5_000):
            feed([time(value) for value in row])
