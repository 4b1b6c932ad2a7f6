"""The base-layer configuration of the maps, for ``includes/map_head.html`` (docs/maps.md)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()

# From this zoom level on the local street layer names its streets (about 2 m per pixel).
STREET_LABEL_ZOOM = 16


@register.simple_tag
def basemap_config() -> dict[str, Any]:
    """What ``static/js/basemap.js`` needs: the tile layer when one is configured, else the URL
    of the local street layer. No database query: the page stays as cheap as before."""
    tiles = None
    if settings.MAP_TILES_URL:
        tiles = {
            "url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "maxZoom": settings.MAP_TILES_MAX_ZOOM,
        }
    return {
        "tiles": tiles,
        "streetsUrl": reverse("geo:streets_geojson"),
        "labelZoom": STREET_LABEL_ZOOM,
    }
