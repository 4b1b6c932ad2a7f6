"""Addresses (and, with the casework, persons): the subjects that cases and signals refer to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.geo.models import Area


class Address(models.Model):
    """A Dutch address with its position (RD and WGS84) and the buurt it lies in at ingest."""

    street = models.CharField(_("street"), max_length=200)
    house_number = models.PositiveIntegerField(_("house number"))
    house_letter = models.CharField(_("house letter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("place"), max_length=100)
    buurt = models.ForeignKey(
        Area,
        verbose_name=_("quarter"),
        on_delete=models.PROTECT,
        related_name="addresses",
        null=True,
        blank=True,
    )
    rd_x = models.FloatField(_("RD x"))
    rd_y = models.FloatField(_("RD y"))
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["postcode", "house_number", "house_letter", "house_number_addition"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "house_letter", "house_number_addition"],
                name="registry_address_unique",
            ),
        ]
        indexes = [models.Index(fields=["street", "house_number"], name="registry_addr_street")]

    def __str__(self) -> str:
        number = f"{self.house_number}{self.house_letter}"
        if self.house_number_addition:
            number += f"-{self.house_number_addition}"
        return f"{self.street} {number}, {self.postcode} {self.city}"
