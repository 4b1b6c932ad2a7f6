"""Case tables (overlegtafels): the covenant as configuration.

A table declares its member organisations and their representatives, the data categories the
members may see, the retention period and whether the subject is informed. Access follows it:
membership of the radicalisation table is what opens radicalisation cases.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import Organisation
from veilig.cases.vocabulary import DataCategory, Theme


class Table(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    member_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations"), related_name="tables", blank=True
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        related_name="tables",
        blank=True,
    )
    data_categories = models.JSONField(
        _("data categories members may see"),
        default=list,
        blank=True,
        help_text=_("Codes: %(codes)s") % {"codes": ", ".join(DataCategory.values)},
    )
    retention_months = models.PositiveSmallIntegerField(_("retention (months)"), default=60)
    subject_informed = models.BooleanField(_("subject is informed"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("case table")
        verbose_name_plural = _("case tables")

    def __str__(self) -> str:
        return self.name

    @property
    def is_radicalisation(self) -> bool:
        return self.theme == Theme.RADICALISATION
