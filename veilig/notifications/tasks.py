"""Background tasks of notifications (run by ``manage.py veilig_worker``)."""

from __future__ import annotations

from django_tasks import task

from veilig.notifications.services import notification_digest_send, notification_email_send


@task()
def notification_email(notification_id: int) -> bool:
    """The e-mail of one notification, enqueued by ``notify`` for immediate delivery."""
    return notification_email_send(notification_id=notification_id)


@task()
def notification_digest() -> dict[str, int]:
    """The daily digests; scheduled by ``settings.PERIODIC_TASKS`` (it acts once a day)."""
    return {"sent": notification_digest_send()}
