"""The scheduler enqueues each periodic task once per due time, however many workers tick."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from veilig.accounts.models import User
from veilig.audit.anchor import AnchorStatus, anchor_file_read
from veilig.audit.models import AuditChainHead
from veilig.audit.selectors import audit_chain_verify
from veilig.audit.tests.test_chain import _fill
from veilig.scheduler.models import PeriodicTask
from veilig.scheduler.services import next_due, periodic_task_claim, scheduler_tick

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _hourly(settings) -> None:
    settings.PERIODIC_TASKS = {"audit_anchor": ("veilig.audit.tasks.audit_anchor", 60)}


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path="veilig.audit.tasks.audit_anchor").count()


@pytest.mark.django_db
def test_two_ticks_do_not_enqueue_twice() -> None:
    assert scheduler_tick(now=NOW) == ["audit_anchor"]  # first seen: due at once
    assert scheduler_tick(now=NOW) == []
    assert scheduler_tick(now=NOW + HOUR - dt.timedelta(seconds=1)) == []
    assert _queued() == 1
    assert scheduler_tick(now=NOW + HOUR) == ["audit_anchor"]
    assert _queued() == 2
    assert PeriodicTask.objects.get().due_at == NOW + 2 * HOUR


@pytest.mark.django_db
def test_a_long_pause_enqueues_a_missed_task_once_and_keeps_the_cadence() -> None:
    scheduler_tick(now=NOW)
    assert scheduler_tick(now=NOW + 5 * HOUR + dt.timedelta(minutes=30)) == ["audit_anchor"]
    assert _queued() == 2
    assert PeriodicTask.objects.get().due_at == NOW + 6 * HOUR
    assert next_due(NOW, HOUR, NOW) == NOW + HOUR


@pytest.mark.django_db
def test_a_worker_that_read_the_old_due_time_does_not_claim_it() -> None:
    """The compare-and-set a second worker meets when the first has just enqueued."""
    scheduler_tick(now=NOW)
    seen = NOW  # what both workers read before the first one moved it
    assert not periodic_task_claim(name="audit_anchor", seen_due_at=seen, due_at=NOW + HOUR)
    assert PeriodicTask.objects.get().due_at == NOW + HOUR


@pytest.mark.django_db(transaction=True)
def test_workers_ticking_at_once_enqueue_once() -> None:
    scheduler_tick(now=NOW - HOUR)  # the row exists, due at NOW: every worker reads it at once
    start = threading.Barrier(4)
    found: list[list[str]] = []

    def tick() -> None:
        try:
            start.wait()
            found.append(scheduler_tick(now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(found) == [[], [], [], ["audit_anchor"]]
    assert _queued() == 2


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_task_writes_an_anchor(alice: User) -> None:
    """One run of the worker (scheduler tick, then the queue) writes the chain head."""
    _fill(alice, 4)
    call_command("veilig_worker", "--batch", "--no-startup-delay", verbosity=0)
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL" and result.return_value == {"line": 1, "seq": 4}
    anchor = anchor_file_read(Path(settings.AUDIT_ANCHOR_FILE)).last
    assert anchor is not None and anchor.seq == 4
    assert anchor.hash == AuditChainHead.objects.get().hash
    verdict = audit_chain_verify()
    assert verdict.intact and verdict.anchor is not None
    assert verdict.anchor.status == AnchorStatus.OK
    # Not due again yet: a second run enqueues nothing and writes nothing.
    call_command("veilig_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_a_setting_that_names_no_task_is_refused(settings) -> None:
    settings.PERIODIC_TASKS = {"x": ("veilig.audit.services.audit_anchor_write", 5)}
    with pytest.raises(TypeError, match="not a django-tasks task"):
        scheduler_tick(now=NOW)
