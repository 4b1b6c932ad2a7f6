"""One notification for one user: a kind and a link, nothing else of what it is about."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veilig.notifications.vocabulary import NotificationKind

# A site path of lowercase words and ids (``/casussen/17/``, ``/casussen/17/#plan``): no scheme,
# no host, no query string, so that a link can carry nothing but ids.
_LINK = re.compile(r"/(?:[a-z0-9_-]+/)*(?:#[a-z0-9_-]+)?")


def validate_link(value: str) -> None:
    """A relative site path holding ids only (see ``_LINK``); anything else is refused."""
    if not _LINK.fullmatch(value):
        raise ValidationError(
            _("A notification link must be a site path of ids, such as /casussen/17/."),
            code="link",
        )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    link = models.CharField(_("link"), max_length=200, validators=[validate_link])
    # Sent once per recipient and key ("action_due_soon:17:2026-12-07"); empty: no deduplication.
    dedupe_key = models.CharField(_("deduplication key"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notifications_once_per_key",
            ),
        ]
        indexes = [
            # The unread count in the header of every page.
            models.Index(fields=["recipient", "read_at"], name="notifications_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The inbox redirects to the link: no row may hold anything but a site path of ids,
        # whoever writes it (notify validates too, before anything is stored).
        validate_link(self.link)
        super().save(*args, **kwargs)
