"""Background tasks of the access log (run by ``manage.py veilig_worker``)."""

from __future__ import annotations

from django_tasks import task

from veilig.audit.services import audit_anchor_write


@task()
def audit_anchor() -> dict[str, int]:
    """Write the chain head to the anchor file; scheduled by ``settings.PERIODIC_TASKS``."""
    anchor = audit_anchor_write()
    return {"line": anchor.number, "seq": anchor.seq}
