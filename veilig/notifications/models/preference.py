"""How a user wants the e-mails of their notifications: one by one, or once a day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.notifications.vocabulary import Delivery


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    delivery = models.CharField(
        _("e-mail delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    # The local day of the last digest, so that the digest goes out once a day.
    digest_sent_on = models.DateField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.delivery}"
