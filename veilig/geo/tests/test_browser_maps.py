# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""The base layer of the maps in Debian's Chromium (docs/maps.md).

Without a tile server the explorer draws the local street layer under the buurten and names
the streets from zoom level 16 on; with a configured tile server (answered here by Playwright,
no network) it shows the tiles, their attribution, and loads no street layer. axe stays clean.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest

from veilig.accounts.models import User
from veilig.geo.models import Street
from veilig.settings import content_security_policy
from veilig.web.tests.areas import build_small_city
from veilig.web.tests.test_browser import (  # the shared browser fixtures and helpers
    CHROMIUM,
    PHONE,
    _device,
    _no_horizontal_scroll,
    _screenshot,
    _serious_violations,
    _sign_in,
    browser,  # noqa: F401 - a fixture
    expect,
    new_page,  # noqa: F401 - a fixture
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

TILES = "https://tiles.example.nl/brt/{z}/{x}/{y}.png"
# A 1 x 1 grey PNG: what the fake tile server answers.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4e/cuAAVrAsGlqV9FAAAAAElFTkSuQmCC"
)


def _streets() -> None:
    areas = build_small_city()
    # Two streets across the buurt Grote Markt (6.560-6.564 E, 53.215-53.219 N).
    for name, coordinates in (
        ("Kerkstraat", [[6.5603, 53.2160], [6.5637, 53.2182]]),
        ("Molenweg", [[6.5605, 53.2185], [6.5636, 53.2157]]),
    ):
        Street.objects.create(
            name=name,
            buurt=areas["BU99990101"],
            geometry={"type": "LineString", "coordinates": coordinates},
        )


def _canvas_has_lines(page: Any) -> bool:
    painted: int = page.evaluate(
        """() => {
            const pane = '#explorer-map .leaflet-veiligStreets-pane';
            const canvas = document.querySelector(pane + ' canvas');
            if (!canvas) { return 0; }
            const data = canvas.getContext('2d')
                .getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted += 1; } }
            return painted;
        }"""
    )
    return painted > 100


def test_the_local_street_layer_draws_streets_and_names_them(
    live_server: Any, new_page: Any, alice: User
) -> None:
    _streets()
    device = _device(alice)
    found = {}
    page = new_page()
    _sign_in(page, live_server.url, alice, device)
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/gebieden/")
        expect(page.locator("#explorer-map")).to_have_attribute("data-streets", "2")
        assert page.locator("#explorer-map").get_attribute("data-basemap") == "streets"
        # The streets lie under the polygons and take no clicks: the buurten stay the only
        # interactive shapes.
        expect(page.locator("#explorer-map path.leaflet-interactive")).to_have_count(5)
        assert _canvas_has_lines(page)
        # The whole city in view: no names yet (too small to read).
        assert page.locator(".veilig-street-label").count() == 0
        # Zoom to the buurt (at most level 15), then in until level 16: the names appear.
        page.locator("#area-BU99990101 .veilig-map-button").click()
        for _step in range(3):
            page.locator(".leaflet-control-zoom-in").click()
            page.wait_for_timeout(400)  # the zoom animation
            if page.locator(".veilig-street-label").count():
                break
        labels = page.locator(".veilig-street-label")
        expect(labels.filter(has_text="Kerkstraat")).to_be_visible()
        expect(labels.filter(has_text="Molenweg")).to_be_visible()
        assert page.locator(".leaflet-veiligStreetLabels-pane").get_attribute("aria-hidden") == (
            "true"
        )
        _no_horizontal_scroll(page)
        _screenshot(page, "explorer-streets")
        found[viewport["width"]] = _serious_violations(page)
    serious = {width: [v["id"] for v in vs] for width, vs in found.items() if vs}
    assert not serious, serious


def test_a_configured_tile_server_replaces_the_street_layer(
    live_server: Any, new_page: Any, alice: User, settings: Any
) -> None:
    settings.MAP_TILES_URL = TILES
    settings.MAP_TILES_ATTRIBUTION = "Kaartgegevens © Kadaster"
    settings.MAP_TILES_MAX_ZOOM = 19
    settings.CONTENT_SECURITY_POLICY = content_security_policy(tile_url=TILES)
    _streets()
    device = _device(alice)
    page = new_page()
    tiles_asked: list[str] = []
    streets_asked: list[str] = []

    def tile(route: Any) -> None:
        tiles_asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route("https://tiles.example.nl/**", tile)
    page.on(
        "request",
        lambda request: streets_asked.append(request.url) if "straten" in request.url else None,
    )
    _sign_in(page, live_server.url, alice, device)
    page.goto(f"{live_server.url}/gebieden/")
    expect(page.locator("#explorer-map path.leaflet-interactive")).to_have_count(5)
    assert page.locator("#explorer-map").get_attribute("data-basemap") == "tiles"
    expect(page.locator("#explorer-map img.leaflet-tile-loaded").first).to_be_attached()
    assert tiles_asked and all(url.endswith(".png") for url in tiles_asked)
    # Loaded, so the policy let the tile server's images in.
    width = page.locator("#explorer-map img.leaflet-tile-loaded").first.evaluate(
        "image => image.naturalWidth"
    )
    assert width == 1
    expect(page.locator(".leaflet-control-attribution")).to_have_text("Kaartgegevens © Kadaster")
    assert streets_asked == [] and page.locator(".veilig-street-label").count() == 0
    assert page.locator("#explorer-map").get_attribute("data-streets") is None
    serious = [v["id"] for v in _serious_violations(page)]
    assert not serious, serious
