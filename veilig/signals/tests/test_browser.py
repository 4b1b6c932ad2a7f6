# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""A team member at phone size (360x740) logs a signal by tapping the map, with a photo.

Debian's Chromium through Playwright, with the real sign-in (password + TOTP) and axe-core.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from veilig.accounts.models import User
from veilig.signals.models import RoutingRule, Signal
from veilig.signals.tests.conftest import address, category, jpeg_with_exif
from veilig.testing.seeds import seed_signal_catalogue
from veilig.web.tests.test_browser import (  # the shared browser fixtures and helpers
    CHROMIUM,
    PHONE,
    _device,
    _no_horizontal_scroll,
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


@pytest.fixture(autouse=True)
def _categories(db: None) -> None:
    """A transactional test flushes the tables: seed the categories again as the migration does."""
    seed_signal_catalogue()


def _fill_form(page: Any, description: str) -> None:
    page.select_option("#id_category", str(category("overlast-jeugd").pk))
    page.fill("#id_description", description)
    page.wait_for_selector("#signal-map[data-ready=true]")
    page.wait_for_selector("#signal-map path.leaflet-interactive")
    page.locator("#signal-map path.leaflet-interactive").first.click()
    assert page.locator("#id_lat").input_value()
    assert page.locator("#id_location_method").input_value() == "kaart"


def test_team_member_logs_a_signal_on_a_phone(
    live_server: Any,
    new_page: Any,
    teams: Any,
    carol: User,
    photo_root: Path,
    tmp_path: Path,
) -> None:
    RoutingRule.objects.create(
        name="Jeugdoverlast naar team Centrum",
        order=1,
        category=category("overlast-jeugd"),
        target_team=teams["centrum"],
    )
    device = _device(carol)
    page = new_page(PHONE)
    _sign_in(page, live_server.url, carol, device)
    page.goto(f"{live_server.url}/signalen/nieuw/")
    _fill_form(page, "Groep jongeren bij de speeltuin, vuurwerk.")
    _no_horizontal_scroll(page)
    found = {"form": _serious_violations(page)}

    photo = tmp_path / "foto.jpg"
    photo.write_bytes(jpeg_with_exif())
    page.set_input_files("#id_photos", str(photo))
    page.locator(".signals-submit__button").click()
    page.wait_for_url(re.compile(r"/signalen/\d+/$"))
    assert "Jeugdoverlast naar team Centrum" in page.locator("#signal-routing").inner_text()
    # The draft is gone after a successful send: nothing personal stays in the browser.
    assert page.evaluate("Object.keys(localStorage).length") == 0

    signal = Signal.objects.get()
    assert signal.routed_rule_name == "Jeugdoverlast naar team Centrum"
    assert signal.stadsdeel_code == "SD999901"
    stored = signal.photos.get().file.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and "exif" not in image.info
    assert b"TestCamera" not in stored

    page.goto(f"{live_server.url}/signalen/teams/{teams['centrum'].pk}/")
    page.wait_for_selector("#team-map[data-drawn='1']", state="attached")
    assert page.locator("#open-signals tbody tr").count() == 1
    _no_horizontal_scroll(page)
    found["team"] = _serious_violations(page)
    serious = {name: [v["id"] for v in vs] for name, vs in found.items() if vs}
    assert not serious, serious


def test_draft_survives_a_dropped_network_and_is_sent_later(
    live_server: Any,
    new_page: Any,
    teams: Any,
    carol: User,
) -> None:
    device = _device(carol)
    page = new_page(PHONE)
    _sign_in(page, live_server.url, carol, device)
    page.goto(f"{live_server.url}/signalen/nieuw/")
    _fill_form(page, "Concept zonder netwerk.")
    page.context.set_offline(True)
    page.locator(".signals-submit__button").click()
    expect(page.locator("#signal-send-status")).to_have_text(re.compile(r"\S"))
    draft = page.evaluate(f"localStorage.getItem('veilig-signal-draft:{carol.pk}')")
    assert draft is not None and "Concept zonder netwerk." in draft and '"pending":true' in draft
    assert Signal.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_url(re.compile(r"/signalen/\d+/$"))
    assert Signal.objects.get().description == "Concept zonder netwerk."
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_address_search_finds_an_address_without_putting_it_in_a_url(
    live_server: Any,
    new_page: Any,
    teams: Any,
    carol: User,
) -> None:
    address(street="Grote Markt", number=7, postcode="9711AB")
    device = _device(carol)
    page = new_page(PHONE)
    _sign_in(page, live_server.url, carol, device)
    requested: list[tuple[str, str]] = []
    page.on("request", lambda request: requested.append((request.method, request.url)))
    page.goto(f"{live_server.url}/signalen/nieuw/")
    page.wait_for_selector("#signal-map[data-ready=true]")
    page.fill("#id_address_text", "Grote Markt 7")
    page.locator("#signal-address-results button").first.click()
    assert page.locator("#id_location_method").input_value() == "adres"
    assert page.locator("#id_address_id").input_value()
    searches = [(m, u) for m, u in requested if "/adressen/" in u]
    assert searches and all(m == "POST" and "Grote" not in u for m, u in searches), searches
