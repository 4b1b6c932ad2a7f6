"""Reading a user's own notifications. A notification belongs to its recipient alone: any other
id is a 404, as if it did not exist. (This app sits below ``veilig.access``; ownership is the
only rule, and it holds no personal data, so there is no audit row.)"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from veilig.accounts.models import User
from veilig.notifications.models import Notification


def notifications_of(*, user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_of(*, user: User, notification_id: int) -> Notification:
    item = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if item is None:
        raise Http404
    return item


def unread_count(*, user: User) -> int:
    """The number of unread notifications: one query (the index on recipient and read time),
    for the header of every page, kept on the user object for the rest of the request (the
    header and the home page ask for it both)."""
    if not user.is_authenticated:
        return 0
    cached: int | None = getattr(user, "_unread_notifications", None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        user._unread_notifications = cached  # type: ignore[attr-defined]
    return cached
