"""Background tasks of the consultations (run by ``manage.py veilig_worker``)."""

from __future__ import annotations

from django_tasks import task

from veilig.consultations.services.agenda import agendas_refresh_all


@task()
def agendas_refresh() -> dict[str, int]:
    """Bring every table's next agenda up to date (actions that became overdue overnight come
    back by themselves); scheduled by ``settings.PERIODIC_TASKS``. Counts only."""
    return {"items_added": agendas_refresh_all()}
