"""An import started in the screens lives in the database only: the web process enqueues it and
a worker in another process, started afterwards, finishes it (a restart of the web process in
between changes nothing, since nothing of the run is in its memory)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from veilig.events import selectors, services
from veilig.events.importing import progress
from veilig.events.models import Event, EventSource, ImportPhase, ImportRun, ImportStatus
from veilig.testing.personas import verified_client
from veilig.testing.worker import worker_run

from .conftest import GENERIC_HEADER, generic_row
from .test_limits import _generic_run
from .test_views import _csv_bytes

pytestmark = [pytest.mark.urls("veilig.events.tests.urls")]

MAPPING = {
    "crs": "rd",
    "external_id": "id",
    "x": "x",
    "y": "y",
    "begin": "begin",
    "theme": "overlast",
}


def _database_url() -> str:
    """The test database, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker_in_another_process() -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": _database_url()}
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "veilig_worker",
            "--batch",
            "--no-startup-delay",
            "--no-scheduler",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_an_import_started_in_the_screens_is_finished_by_a_worker_process(dave, areas) -> None:
    services.event_source_create(code="boa", name="BOA", format="generic", mapping=MAPPING)
    source = EventSource.objects.get(code="boa")
    client = verified_client(dave)
    upload = _csv_bytes([GENERIC_HEADER, generic_row("A1"), generic_row("A2", begin="nooit")])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("events:import_new"),
        {"file": SimpleUploadedFile("m.csv", upload), "source": source.pk},
    )
    run = ImportRun.objects.get()
    client.post(response["Location"], MAPPING)

    # The request only enqueued: one task with the run's id as its only argument, the run
    # waiting, and no thread of the import in this (web) process.
    task = DBTaskResult.objects.get()
    assert task.task_path == "veilig.events.tasks.import_run_task"
    assert task.args_kwargs == {"args": [run.pk], "kwargs": {}}
    run.refresh_from_db()
    assert (run.status, run.phase) == (ImportStatus.QUEUED, ImportPhase.WAITING)
    assert not [t for t in threading.enumerate() if t.name.startswith("event-import")]

    finished = _worker_in_another_process()
    assert finished.returncode == 0, finished.stderr[-2000:]

    run.refresh_from_db()
    assert (run.status, run.phase) == (ImportStatus.DONE, ImportPhase.ENDED)
    assert (run.rows_total, run.created, run.rejected) == (2, 1, 1)
    assert run.progress_at is not None
    assert list(Event.objects.values_list("external_id", flat=True)) == ["A1"]
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", "done")
    page = client.get(reverse("events:import_detail", args=[run.pk])).content.decode()
    assert 'id="import-done"' in page


@pytest.mark.django_db(transaction=True)
def test_other_connections_see_the_progress_while_the_import_runs(tmp_path, areas, monkeypatch):
    """The counts are committed while the import's own transaction is still open (PostgreSQL;
    on SQLite the single write lock rules this out, see importing/progress.py)."""
    if not selectors.live_progress_supported():
        pytest.skip("SQLite: no second writer while an import holds the write lock")
    run = _generic_run(tmp_path, rows=5)
    seen: list[tuple[str, str, int]] = []
    publish = progress.LiveProgress.publish

    def publish_and_look(self: progress.LiveProgress, **counts: object) -> None:
        publish(self, **counts)  # type: ignore[arg-type]
        other = progress._side_connection()
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT status, phase, rows_done FROM events_importrun WHERE id = %s", [run.pk]
            )
            seen.append(cursor.fetchone())
        other.close()

    monkeypatch.setattr(progress.LiveProgress, "publish", publish_and_look)
    services.import_run_enqueue(run=run)
    worker_run()
    assert seen == [("running", "reading", 5), ("running", "saving", 5)]
    assert Event.objects.count() == 5
