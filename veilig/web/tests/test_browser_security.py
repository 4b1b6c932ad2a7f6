# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""Script from data never runs, and the Content-Security-Policy breaks no page (Chromium).

An area, an imported theme and a signal category named like markup are written straight into the
database (past the name validation: defence in depth) and must show as plain text in the map
tooltips and popups of the areas explorer, the forecast map and the team map, without running.
Every page visited must pass without a CSP violation: the browser's console and the page's
``securitypolicyviolation`` events are both watched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from veilig.access.signals import system_context
from veilig.accounts.models import User
from veilig.events.models import Event
from veilig.geo.index import area_index_invalidate
from veilig.geo.models import Area
from veilig.geo.rd import rd_to_wgs84
from veilig.intel.tests.conftest import build_city, source, synthetic_events
from veilig.signals.models import Category, Team, TeamMembership
from veilig.signals.services import signal_create
from veilig.signals.vocabulary import TeamFunction
from veilig.testing.seeds import seed_signal_catalogue
from veilig.web.tests.areas import build_small_city
from veilig.web.tests.test_browser import (  # the shared browser fixtures and helpers
    CHROMIUM,
    _device,
    _password_step,
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

PAYLOAD = "<img src=x onerror=window.__x=1>"
# Collects the page's CSP violations before any of its own scripts run (Playwright's init scripts
# are not subject to the page's policy).
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class Watch:
    """The CSP problems a page reported: console messages and violation events."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if re.search(r"Content.Security.Policy|Permissions.Policy|Refused to", text, re.I):
            self.console.append(f"{self.page.url}: {text}")

    def visit(self, url: str) -> Any:
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        assert response is not None
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), url
        self.check()
        return response

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__violations || []")
        return found

    def check(self) -> None:
        events = self.page.evaluate("window.__violations || []")
        assert not events, f"{self.page.url}: CSP violations {events}"
        assert not self.console, self.console


def tooltip_texts(page: Any, selector: str) -> list[str]:
    """Hovers every shape of ``selector`` and returns the text of each tooltip that opened."""
    texts = []
    for shape in page.locator(selector).all():
        shape.hover()
        tooltip = page.locator(".leaflet-tooltip").last
        tooltip.wait_for(state="attached")
        texts.append(tooltip.evaluate("node => node.textContent"))
        assert tooltip.locator("img").count() == 0
    return texts


def no_script_ran(page: Any) -> None:
    assert page.evaluate("typeof window.__x") == "undefined"
    assert page.locator(".leaflet-tooltip img, .leaflet-popup img").count() == 0


def test_area_name_with_markup_is_text_in_the_explorer(
    live_server: Any, new_page: Any, alice: User
) -> None:
    build_small_city()
    Area.objects.filter(code="BU99990102").update(name=PAYLOAD)  # bypasses validation
    area_index_invalidate()
    page = new_page()
    watch = Watch(page)
    _sign_in(page, live_server.url, alice, _device(alice))
    watch.visit(f"{live_server.url}/gebieden/")
    expect(page.locator("#explorer-map path.leaflet-interactive")).to_have_count(5)

    texts = tooltip_texts(page, "#explorer-map path.leaflet-interactive")

    assert PAYLOAD in texts
    assert PAYLOAD in page.locator("#area-BU99990102").inner_text()  # the table: text too
    page.locator("#area-BU99990102 .veilig-map-button").click()
    assert PAYLOAD in page.locator("#explorer-status").inner_text()
    no_script_ran(page)
    watch.check()

    # Defence in depth: were the name ever inserted as HTML (as Leaflet did with a string
    # tooltip), the policy still refuses its inline handler - and the watch sees the violation.
    page.evaluate("name => document.body.insertAdjacentHTML('beforeend', name)", PAYLOAD)
    page.wait_for_timeout(500)  # the image fails to load and its handler would run
    assert page.evaluate("typeof window.__x") == "undefined"
    assert any(v.startswith("script-src") for v in watch.violations()), watch.violations()


def _centrum_point() -> tuple[float, float]:
    lon, lat = rd_to_wgs84(np.array([234_000.0]), np.array([582_000.0]))
    return float(lat[0]), float(lon[0])


def test_names_with_markup_are_text_on_the_forecast_and_team_maps(
    live_server: Any, new_page: Any, alice: User
) -> None:
    cache.clear()
    seed_signal_catalogue()
    city = build_city()
    team = Team.objects.create(name="Wijkteam Centrum", area=city["SD999801"])
    synthetic_events(n=500, days=500, end=timezone.localdate())
    Area.objects.filter(code="BU99980101").update(name=PAYLOAD)
    area_index_invalidate()
    lat, lon = _centrum_point()
    Event.objects.create(
        source=source(),
        external_id="markup-1",
        theme=PAYLOAD,
        begin_at=timezone.now() - dt.timedelta(days=2),
        rd_x=234_000.0,
        rd_y=582_000.0,
        lat=lat,
        lon=lon,
        buurt_code="BU99980101",
    )
    category = Category.objects.get(code="overlast-jeugd")
    signal_create(
        context=system_context(),
        category=category,
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        description="Synthetische melding.",
        source="bewoner",
        location_method="kaart",
        lat=lat + 0.002,
        lon=lon + 0.002,
    )
    Category.objects.filter(pk=category.pk).update(name=PAYLOAD)
    page = new_page()
    watch = Watch(page)
    _sign_in(page, live_server.url, alice, _device(alice))

    watch.visit(f"{live_server.url}/voorspellingen/teams/{team.pk}/")
    page.wait_for_selector("#forecast-map[data-drawn='1']", state="attached")
    labels = tooltip_texts(page, "#forecast-map path.forecast-cell")
    assert labels and all(PAYLOAD in label for label in labels)
    no_script_ran(page)

    # The team map shows the last 30 days as points: only the two with markup stay.
    Event.objects.exclude(external_id="markup-1").delete()
    watch.visit(f"{live_server.url}/signalen/teams/{team.pk}/")
    page.wait_for_selector("#team-map[data-drawn='2']", state="attached")
    events = tooltip_texts(page, "#team-map path.signals-point--event")
    assert len(events) == 1 and PAYLOAD in events[0]
    page.locator("#team-map path.signals-point--signal").click()
    link = page.locator(".leaflet-popup-content a")
    assert PAYLOAD in link.evaluate("node => node.textContent")
    assert re.fullmatch(r"/signalen/\d+/", link.get_attribute("href") or "")
    no_script_ran(page)
    watch.check()


def test_no_page_type_breaks_the_content_security_policy(
    live_server: Any, new_page: Any, alice: User, bob: User, frank: User, grace: User
) -> None:
    """The sign-in pages, overview, lists, forms with maps, privacy pages, admin and a 404."""
    cache.clear()
    seed_signal_catalogue()
    city = build_city()
    team = Team.objects.create(name="Wijkteam Centrum", area=city["SD999801"])
    TeamMembership.objects.create(team=team, user=alice, function=TeamFunction.COMMUNITY_OFFICER)
    base = live_server.url

    page = new_page()
    watch = Watch(page)
    watch.visit(f"{base}/account/inloggen/")
    _sign_in(page, base, alice, _device(alice))
    watch.check()
    for path in (
        "/",
        "/gebieden/",
        "/casussen/",
        "/casussen/aanmelden/",
        "/signalen/",
        "/signalen/nieuw/",
        f"/signalen/teams/{team.pk}/",
        f"/voorspellingen/teams/{team.pk}/",
        "/algoritmeregister/",
        "/algoritmeregister/technisch/",
        "/bestaat-niet/",
    ):
        response = watch.visit(f"{base}{path}")
        assert response is not None and response.status in (200, 404), path
    page.wait_for_selector("#veilig-nav-list")

    privacy = new_page()
    watch = Watch(privacy)
    _sign_in(privacy, base, frank, _device(frank))
    for path in ("/privacy/", "/privacy/gebruikers/", "/privacy/noodtoegang/"):
        response = watch.visit(f"{base}{path}")
        assert response is not None and response.status == 200, path

    # Bob has no authenticator yet: the set-up page with its QR code (inline SVG).
    setup = new_page()
    watch = Watch(setup)
    _password_step(setup, base, "bob")
    watch.visit(f"{base}/")
    assert "/account/tweestaps/instellen/" in setup.url
    assert setup.locator("svg").count() >= 1

    grace.is_staff = True
    grace.save()
    grace.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_area", "change_area"])
    )
    admin = new_page()
    watch = Watch(admin)
    _sign_in(admin, base, grace, _device(grace))
    for path in (
        "/beheer/",
        "/beheer/geo/area/",
        f"/beheer/geo/area/{city['BU99980101'].pk}/change/",
    ):
        response = watch.visit(f"{base}{path}")
        assert response is not None and response.status == 200, path
