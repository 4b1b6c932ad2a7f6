"""Running the task worker in tests: explicitly, as production does, never an immediate backend."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command
from django.db import connection


def worker_run() -> None:
    """One pass of ``manage.py veilig_worker``: run every queued task, then return.

    Without the scheduler (call ``scheduler_tick`` first to enqueue the periodic tasks that are
    due): its tick closes its connection, which would end a test's transaction. Inside a
    test's transaction the worker must not close the connection between tasks (it would end
    the test's transaction), just as Django's test client keeps requests from closing it.
    """
    arguments = ("veilig_worker", "--batch", "--no-startup-delay", "--no-scheduler")
    if not connection.in_atomic_block:
        call_command(*arguments, verbosity=0)
        return
    target = "django_tasks_db.management.commands.db_worker.close_old_connections"
    with mock.patch(target, lambda: None):
        call_command(*arguments, verbosity=0)
