"""Writing notifications: ``notify`` stores them and enqueues the immediate e-mails; the digest
and the inbox's reads and preferences.

Callers decide who may be told (only users who may open the link's target; for cases see
``veilig.cases.notifying``): this app knows users, not what a link points to.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from veilig.accounts.models import User
from veilig.notifications.mail import digest_mail, single_mail
from veilig.notifications.models import Notification, NotificationPreference, validate_link
from veilig.notifications.selectors import notification_of
from veilig.notifications.vocabulary import Delivery, NotificationKind

logger = logging.getLogger(__name__)


def delivery_of(user: User) -> str:
    """The user's choice; immediate when they never chose."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.delivery if preference else Delivery.IMMEDIATE


def notify(
    *,
    recipients: Iterable[User],
    kind: NotificationKind,
    link: str,
    dedupe_key: str = "",
) -> list[Notification]:
    """Store one notification per recipient and enqueue the e-mail of those who want it at once.

    ``link`` is a site path holding ids only (``/casussen/17/``); anything else raises
    ``ValidationError``. With a ``dedupe_key`` a recipient who already has a notification with
    that key gets no second one. Inactive users and duplicates in ``recipients`` are skipped.
    Returns the notifications stored. The rows and the queued mails commit together.
    """
    from veilig.notifications.tasks import notification_email  # the task imports this module

    validate_link(link)
    kind = NotificationKind(kind)
    users = {user.pk: user for user in recipients if user.is_active}
    if dedupe_key:
        seen = Notification.objects.filter(recipient_id__in=users, dedupe_key=dedupe_key)
        for recipient_id in seen.values_list("recipient_id", flat=True):
            users.pop(recipient_id, None)
    digest = set(
        NotificationPreference.objects.filter(
            user_id__in=users, delivery=Delivery.DAILY_DIGEST
        ).values_list("user_id", flat=True)
    )
    stored: list[Notification] = []
    with transaction.atomic():
        for user in users.values():
            try:
                with transaction.atomic():  # a concurrent twin with the same key loses here
                    item = Notification.objects.create(
                        recipient=user, kind=kind, link=link, dedupe_key=dedupe_key
                    )
            except IntegrityError:
                continue
            stored.append(item)
            if user.email and user.pk not in digest:
                notification_email.enqueue(item.pk)
    return stored


def notification_email_send(*, notification_id: int) -> bool:
    """Send the e-mail of one notification, once; True when a mail went to the mail server.

    Nothing is sent for a notification already e-mailed or read, a recipient without an
    address or no longer active, or one who switched to the digest meanwhile (the digest
    takes it)."""
    item = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
        .first()
    )
    if item is None:
        return False
    user = item.recipient
    if not user.email or not user.is_active or delivery_of(user) != Delivery.IMMEDIATE:
        return False
    subject, body = single_mail(item)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        # Raised again so that the task is marked failed; the log names codes and ids only.
        logger.warning("notification %s (%s) not e-mailed to user %s", item.pk, item.kind, user.pk)
        raise
    Notification.objects.filter(pk=item.pk).update(emailed_at=timezone.now())
    return True


def notification_digest_send(*, now: dt.datetime | None = None) -> int:
    """Send the daily digest to each digest user with unsent, unread notifications; the number
    of mails sent.

    Before ``settings.NOTIFICATION_DIGEST_HOUR`` (local time) nothing goes out; after it each
    user gets at most one digest a day (``digest_sent_on``). A failed mail leaves the user's
    items unsent for the next look."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.NOTIFICATION_DIGEST_HOUR:
        return 0
    today = local.date()
    preferences = (
        NotificationPreference.objects.select_related("user")
        .filter(delivery=Delivery.DAILY_DIGEST, user__is_active=True)
        .exclude(user__email="")
        .exclude(digest_sent_on=today)
    )
    sent = 0
    for preference in preferences:
        items = list(
            Notification.objects.filter(
                recipient=preference.user, emailed_at__isnull=True, read_at__isnull=True
            ).order_by("created_at", "id")
        )
        if not items:
            continue
        subject, body = digest_mail(items)
        try:
            send_mail(subject, body, None, [preference.user.email])
        except (smtplib.SMTPException, OSError):
            logger.warning("notification digest not e-mailed to user %s", preference.user_id)
            continue
        with transaction.atomic():
            Notification.objects.filter(pk__in=[i.pk for i in items]).update(emailed_at=now)
            NotificationPreference.objects.filter(pk=preference.pk).update(digest_sent_on=today)
        sent += 1
    return sent


def notification_open(*, user: User, notification_id: int) -> Notification:
    """The user's own notification, marked read; ``Http404`` for any other id."""
    item = notification_of(user=user, notification_id=notification_id)
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return item


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_preference_set(*, user: User, delivery: Delivery) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"delivery": Delivery(delivery)}
    )
    return preference
