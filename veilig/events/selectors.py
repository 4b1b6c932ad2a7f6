"""Reads of the events app: sources, past imports and the live state of a run.

The choke points (``veilig.access.events``) read runs here, so nothing here imports the import
pipeline (``veilig.events.importing``); the results' reasons are counted in ``reports``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from veilig.events.models import EventSource, ImportRun, ImportStatus

# A running import publishes progress after every batch (well under a minute apart).
STALL_SECONDS = 300.0


def event_source_list() -> QuerySet[EventSource]:
    return EventSource.objects.order_by("name")


def event_source_get(*, source_id: int) -> EventSource | None:
    return EventSource.objects.filter(pk=source_id).first()


def import_run_list() -> QuerySet[ImportRun]:
    return (
        ImportRun.objects.select_related("source", "started_by")
        .defer("rejections")
        .order_by("-started_at", "-pk")
    )


def import_run_get(*, run_id: int) -> ImportRun | None:
    return ImportRun.objects.select_related("source", "started_by").filter(pk=run_id).first()


@dataclass(frozen=True)
class RunState:
    status: str
    rows_done: int
    rows_total: int
    stalled: bool

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if self.rows_total <= 0:
            return 0
        return min(100, int(100 * self.rows_done / self.rows_total))


def live_progress_supported() -> bool:
    """Whether a running import can publish progress while its transaction is open."""
    return bool(connections[DEFAULT_DB_ALIAS].vendor == "postgresql")


def stall_seconds() -> float:
    """How long a running run may go without a heartbeat before it counts as stalled.

    With live progress (PostgreSQL) a heartbeat comes after every batch. On SQLite none comes
    while the import's transaction is open, so a run is stalled only once its job would have
    stopped itself at its time budget (importing.budget), plus the same margin.
    """
    if live_progress_supported():
        return STALL_SECONDS
    return float(settings.IMPORT_MAX_SECONDS) + STALL_SECONDS


def import_run_state(*, run: ImportRun, now: float | None = None) -> RunState:
    """The run's status and progress as its job last wrote them to the run's row."""
    if run.status != ImportStatus.RUNNING:
        return RunState(run.status, run.rows_done, run.rows_total, stalled=False)
    clock = time.time() if now is None else now
    heartbeat = run.progress_at or run.started_at
    stalled = clock - heartbeat.timestamp() > stall_seconds()
    return RunState(run.status, run.rows_done, run.rows_total, stalled=stalled)


@dataclass(frozen=True)
class RejectionLine:
    """One reason why one row of an import's file was rejected (a line of its report)."""

    row: str
    external_id: str
    reason: str  # a code of ``veilig.events.importing.reasons``
    column: str


def import_run_rejection_lines(*, run: ImportRun) -> Iterator[RejectionLine]:
    """The report's table: every rejected row once per reason, in the order of the file."""
    for rejection in run.rejections or []:
        reasons = rejection.get("reasons", [])
        columns = rejection.get("columns") or [""] * len(reasons)
        for reason, column in zip(reasons, columns, strict=False):
            yield RejectionLine(
                row=str(rejection.get("row", "")),
                external_id=str(rejection.get("external_id", "")),
                reason=str(reason),
                column=str(column),
            )
