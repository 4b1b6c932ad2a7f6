"""Background tasks of the signals app (run by ``manage.py veilig_worker``)."""

from __future__ import annotations

from django_tasks import task

from veilig.signals.early_warning import early_warning_run


@task()
def early_warning() -> dict[str, int]:
    """Evaluate the early-warning rules now; scheduled by ``settings.PERIODIC_TASKS``.

    The result holds counts only (the task's row keeps it): early signals are read in the UI."""
    result = early_warning_run()
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
