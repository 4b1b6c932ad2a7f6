"""The scheduler: enqueues each periodic task of ``settings.PERIODIC_TASKS`` when it is due.

``settings.PERIODIC_TASKS`` maps a name to ``(dotted path of a django-tasks task, minutes)``.
Every worker runs ``scheduler_tick`` now and then; a task is enqueued by the worker that moves
its due time forward, a compare-and-set on the row (``due_at`` as it was read), in the same
transaction as the enqueue. A second worker's update then matches no row, so two workers never
both enqueue one due time, and a failed enqueue leaves the task due.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from veilig.scheduler.models import PeriodicTask

logger = logging.getLogger(__name__)


def periodic_tasks() -> dict[str, tuple[Task[[], object], timedelta]]:
    """The configured periodic tasks: name → (task, interval)."""
    found: dict[str, tuple[Task[[], object], timedelta]] = {}
    for name, (path, minutes) in settings.PERIODIC_TASKS.items():
        task = import_string(path)
        if not isinstance(task, Task):
            raise TypeError(f"PERIODIC_TASKS[{name!r}] is not a django-tasks task: {path}")
        found[name] = (task, timedelta(minutes=minutes))
    return found


def next_due(due_at: datetime, interval: timedelta, now: datetime) -> datetime:
    """The first due time after ``now`` on the task's own cadence: a worker that was down for a
    day enqueues a missed task once, not once per missed interval."""
    return due_at + interval * ((now - due_at) // interval + 1)


def periodic_task_claim(*, name: str, seen_due_at: datetime, due_at: datetime) -> bool:
    """Move the due time from ``seen_due_at`` to ``due_at``; False if another worker did first."""
    moved = PeriodicTask.objects.filter(name=name, due_at=seen_due_at).update(
        due_at=due_at, enqueued_at=timezone.now()
    )
    return moved == 1


def scheduler_tick(*, now: datetime | None = None) -> list[str]:
    """Enqueue every periodic task that is due; returns the names enqueued.

    A task seen for the first time is due at once (an anchor right after the first start).
    """
    now = now or timezone.now()
    enqueued = []
    for name, (task, interval) in periodic_tasks().items():
        with transaction.atomic():
            state, _ = PeriodicTask.objects.get_or_create(name=name, defaults={"due_at": now})
            if state.due_at > now:
                continue
            due_at = next_due(state.due_at, interval, now)
            if periodic_task_claim(name=name, seen_due_at=state.due_at, due_at=due_at):
                task.enqueue()
                enqueued.append(name)
    if enqueued:
        logger.info("scheduler enqueued %s", ", ".join(enqueued))
    return enqueued
