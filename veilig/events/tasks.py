"""Background tasks of the events app (run by ``manage.py veilig_worker``)."""

from __future__ import annotations

from django_tasks import task

from veilig.events.services import import_run_job


@task()
def import_run_task(run_id: int) -> str:
    """Import the stored file of run ``run_id`` (the rest of what it needs is in the database)."""
    return import_run_job(run_id=run_id)
