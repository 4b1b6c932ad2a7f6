"""The task worker of django-tasks' database backend, with the scheduler beside it.

``db_worker`` runs enqueued tasks; this command adds a thread that calls ``scheduler_tick``
every ``--tick`` seconds, so that one process per machine does both. Several workers (also on
other machines, against the same database) may run at once: the scheduler's compare-and-set
lets only one of them enqueue each due task.
"""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from veilig.scheduler.services import scheduler_tick

logger = logging.getLogger(__name__)


def _tick_once() -> None:
    try:
        scheduler_tick()
    except Exception:  # a database hiccup must not end the loop; the next tick tries again
        logger.exception("scheduler tick failed")
    finally:
        connection.close()  # this thread's own connection


def _scheduler_loop(every: float, stop: threading.Event) -> None:
    while not stop.is_set():
        _tick_once()
        stop.wait(every)


class Command(DatabaseWorkerCommand):
    help = "Run background tasks (django-tasks database backend) and enqueue periodic ones."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--tick",
            type=float,
            default=30.0,
            help="seconds between two looks at the schedule (default: %(default)s)",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="only run tasks; another worker enqueues the periodic ones",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tick: float = options.pop("tick")
        without_scheduler: bool = options.pop("no_scheduler")
        if not without_scheduler:
            if options["batch"]:
                _tick_once()  # enqueue what is due, then run it below and stop
            elif not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # With --reload only the reloaded child schedules, not the watching parent.
                thread = threading.Thread(
                    target=_scheduler_loop,
                    args=(tick, threading.Event()),
                    name="veilig-scheduler",
                    daemon=True,
                )
                thread.start()
        super().handle(*args, **options)
