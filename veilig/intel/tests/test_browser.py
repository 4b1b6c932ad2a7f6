# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""A team member opens the forecast map of their own district in Debian's Chromium.

Real sign-in (password + TOTP), the flagged squares drawn by Leaflet, the table as the text
version, another team's map refused, and axe on the map and the register page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from veilig.accounts.models import User
from veilig.intel.tests.conftest import synthetic_events
from veilig.web.tests.test_browser import (  # the shared browser fixtures and helpers
    CHROMIUM,
    PHONE,
    _device,
    _no_horizontal_scroll,
    _serious_violations,
    _sign_in,
    browser,  # noqa: F401 - a fixture
    new_page,  # noqa: F401 - a fixture
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def test_team_member_sees_the_forecast_of_their_own_district(
    live_server: Any, new_page: Any, teams: Any, carol: User
) -> None:
    synthetic_events(n=500, days=500, end=timezone.localdate())
    device = _device(carol)
    page = new_page()
    _sign_in(page, live_server.url, carol, device)
    page.goto(f"{live_server.url}/voorspellingen/teams/")
    page.wait_for_url(f"{live_server.url}/voorspellingen/teams/{teams['centrum'].pk}/")
    page.wait_for_selector("#forecast-map[data-drawn='1']", state="attached")
    assert page.locator("#forecast-map path.forecast-cell").count() == 7
    assert page.locator("#forecast-cells tbody tr").count() == 7
    assert page.locator("#forecast-legend").is_visible()
    # The district outline was loaded too (its buurt polygon).
    assert page.locator("#forecast-map path.leaflet-interactive, #forecast-map path").count() > 7
    found = {"map": _serious_violations(page)}

    response = page.goto(f"{live_server.url}/voorspellingen/teams/{teams['noord'].pk}/")
    assert response is not None and response.status == 404

    page.goto(f"{live_server.url}/algoritmeregister/technisch/")
    assert page.locator("#register-limits").is_visible()
    found["register"] = _serious_violations(page)
    page.goto(f"{live_server.url}/algoritmeregister/")
    assert page.locator("#public-not-list").is_visible()
    found["register_public"] = _serious_violations(page)

    phone = page
    phone.set_viewport_size(PHONE)
    phone.goto(f"{live_server.url}/voorspellingen/teams/{teams['centrum'].pk}/")
    phone.wait_for_selector("#forecast-map[data-drawn='1']", state="attached")
    _no_horizontal_scroll(phone)
    for path in ("/algoritmeregister/", "/algoritmeregister/technisch/"):
        phone.goto(f"{live_server.url}{path}")
        _no_horizontal_scroll(phone)
    serious = {name: [v["id"] for v in vs] for name, vs in found.items() if vs}
    assert not serious, serious
