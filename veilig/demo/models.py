"""What the demo generator has built in this database (at most one row)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoState(models.Model):
    """The seed, generator version and size of the demo city in this database.

    A singleton (primary key 1). It is written in the same transaction as the city itself, so
    a row means the city is complete.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    seed = models.PositiveIntegerField(_("seed"))
    generator_version = models.PositiveSmallIntegerField(_("generator version"))
    address_count = models.PositiveIntegerField(_("number of addresses"))
    finished_at = models.DateTimeField(_("finished at"))
    seconds = models.FloatField(_("build time in seconds"))
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("demo city state")
        verbose_name_plural = _("demo city states")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="demo_demostate_singleton"),
        ]

    def __str__(self) -> str:
        return f"Voorbeeldstad seed={self.seed} v{self.generator_version}"
