"""When each periodic task is next due. django-tasks has no scheduler; ``services`` is ours."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicTask(models.Model):
    """One row per entry of ``settings.PERIODIC_TASKS``: kept in the database so that several
    workers (on several machines) agree on who enqueues it."""

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    due_at = models.DateTimeField(_("next due"))
    enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic task")
        verbose_name_plural = _("periodic tasks")

    def __str__(self) -> str:
        return self.name
