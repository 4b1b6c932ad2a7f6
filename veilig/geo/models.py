"""Areas: gemeente -> stadsdeel -> wijk -> buurt, with CBS codes and the boundary year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.geo.names import validate_area_name


class AreaLevel(models.TextChoices):
    GEMEENTE = "gemeente", _("Municipality")
    STADSDEEL = "stadsdeel", _("District")
    WIJK = "wijk", _("Neighbourhood")
    BUURT = "buurt", _("Quarter")


# The depth of each level, gemeente at the top.
LEVEL_DEPTH = {
    AreaLevel.GEMEENTE: 0,
    AreaLevel.STADSDEEL: 1,
    AreaLevel.WIJK: 2,
    AreaLevel.BUURT: 3,
}


class Area(models.Model):
    """One area of one boundary year.

    ``geometry`` is a GeoJSON (Multi)Polygon in WGS84 for maps; the RD bounding box lets
    queries narrow down by coordinates without decoding geometries. Stadsdelen are not in
    CBS data: their codes are made by Veilig (``SD`` + gemeente number + a sequence number).
    """

    code = models.CharField(_("code"), max_length=16)
    # Checked in the admin (and by the importers, veilig.geo.names): no markup, no control codes.
    name = models.CharField(_("name"), max_length=200, validators=[validate_area_name])
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
    )
    boundary_year = models.PositiveSmallIntegerField(_("boundary year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    geometry = models.JSONField(_("geometry (GeoJSON, WGS84)"), null=True, blank=True)
    rd_min_x = models.FloatField(null=True, blank=True)
    rd_min_y = models.FloatField(null=True, blank=True)
    rd_max_x = models.FloatField(null=True, blank=True)
    rd_max_y = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["code", "boundary_year"], name="geo_area_code_year"),
        ]
        indexes = [models.Index(fields=["level", "boundary_year"], name="geo_area_level_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Street(models.Model):
    """A street's centre line for the local base layer of the maps (docs/maps.md).

    Filled with the demo city (its streets are synthetic); an installation that configures a
    tile base layer (``VEILIG_MAP_TILES_URL``) needs none. ``geometry`` is a GeoJSON LineString
    or MultiLineString in WGS84. Not personal data: a street name and where it runs.
    """

    name = models.CharField(_("name"), max_length=200)
    buurt = models.ForeignKey(
        Area,
        verbose_name=_("quarter"),
        on_delete=models.CASCADE,
        related_name="streets",
        null=True,
        blank=True,
    )
    geometry = models.JSONField(_("geometry (GeoJSON, WGS84)"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self) -> str:
        return self.name
