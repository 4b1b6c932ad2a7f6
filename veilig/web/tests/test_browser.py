"""The pages in a real browser: Debian's Chromium driven by Playwright, checked with axe-core.

Signs in through the real login form including the TOTP step, uses the areas explorer (map
polygons, table, filter), checks a 360 px phone width and runs axe on every page type.
Set VEILIG_SCREENSHOT_DIR to keep PNG screenshots of each page at 360 and 1280 px.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import User
from veilig.testing.personas import PASSWORD
from veilig.web.tests.areas import build_small_city

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
# (creating users and areas) are not concurrent with it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

playwright_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
# Waits through locators: page.wait_for_function() evaluates its string with eval() in the page,
# which the Content-Security-Policy (no 'unsafe-eval') refuses.
expect = playwright_api.expect

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]
SCREENSHOT_DIR = os.environ.get("VEILIG_SCREENSHOT_DIR")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(viewport: dict[str, int] = DESKTOP) -> Any:
        context = browser.new_context(viewport=viewport, locale="nl-NL")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _device(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return device


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _password_step(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/account/inloggen/")
    page.get_by_label(re.compile("user ?name|gebruikersnaam", re.I)).fill(username)
    page.get_by_label(re.compile("password|wachtwoord", re.I)).fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _sign_in(page: Any, base_url: str, user: User, device: TOTPDevice) -> None:
    """Password, then the real TOTP step, as a person would."""
    _password_step(page, base_url, user.username)
    page.goto(f"{base_url}/")  # the middleware sends a half-signed-in user to the TOTP step
    assert "/account/tweestaps/" in page.url
    page.locator("#id_token").fill(_code(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def _screenshot(page: Any, name: str) -> None:
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}-{width}.png"), full_page=True)


def _serious_violations(page: Any) -> list[dict[str, Any]]:
    results = axe_module.Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    for violation in violations:  # visible with -s; the report lists them
        print(f"axe {page.url}: {violation['impact']} {violation['id']}: {violation['help']}")
    return [v for v in violations if v["impact"] in {"serious", "critical"}]


def _no_horizontal_scroll(page: Any) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_two_roles_sign_in_and_use_the_explorer(
    live_server: Any, new_page: Any, alice: User, grace: User
) -> None:
    build_small_city()
    for user, sees_admin in ((alice, False), (grace, True)):
        device = _device(user)
        page = new_page()
        _sign_in(page, live_server.url, user, device)
        nav = page.get_by_role("navigation")
        assert nav.get_by_role("link", name=re.compile("Management|Beheer")).count() == (
            1 if sees_admin else 0
        )

        nav.get_by_role("link", name=re.compile("Areas|Gebieden")).click()
        expect(page.locator("#explorer-map path.leaflet-interactive")).to_have_count(5)
        assert page.locator("#explorer-table tbody tr").count() == 5
        assert "7.450" in page.locator("#explorer-table tfoot").inner_text()

        # Filter by stadsdeel: htmx swaps table and map without a full reload.
        page.evaluate("window.__sameDocument = true")
        page.select_option("#id_stadsdeel", "SD999902")
        expect(page.locator("#explorer-table tbody tr")).to_have_count(2)
        expect(page.locator("#explorer-map path.leaflet-interactive")).to_have_count(2)
        assert page.evaluate("window.__sameDocument") is True
        assert "stadsdeel=SD999902" in page.url
        wijk_options = page.locator("#id_wijk option").all_inner_texts()
        assert wijk_options[1:] == ["Noorderhaven"]

        # Clicking a polygon highlights its row in the table (the map's text alternative).
        page.locator("#explorer-map path.leaflet-interactive").first.click()
        assert page.locator('#explorer-table tr[aria-current="true"]').count() == 1
        # And the keyboard route: "show on map" in a row.
        button = page.locator("#area-BU99990302 .veilig-map-button")
        button.focus()
        page.keyboard.press("Enter")
        assert page.locator("#area-BU99990302").get_attribute("aria-current") == "true"


def test_explorer_works_without_javascript(live_server: Any, browser: Any, alice: User) -> None:
    build_small_city()
    device = _device(alice)
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        _sign_in(page, live_server.url, alice, device)
        page.goto(f"{live_server.url}/gebieden/")
        page.select_option("#id_stadsdeel", "SD999901")
        page.get_by_role("button", name=re.compile("Show|Toon")).click()
        page.wait_for_load_state()
        assert "stadsdeel=SD999901" in page.url
        assert page.locator("#explorer-table tbody tr").count() == 3
    finally:
        context.close()


def test_phone_width_has_no_horizontal_scroll_and_a_menu_button(
    live_server: Any, new_page: Any, carol: User
) -> None:
    build_small_city()
    device = _device(carol)
    page = new_page(PHONE)
    page.goto(f"{live_server.url}/account/inloggen/")
    _no_horizontal_scroll(page)
    _sign_in(page, live_server.url, carol, device)
    _no_horizontal_scroll(page)
    toggle = page.locator(".veilig-nav__toggle")
    assert toggle.is_visible()
    assert not page.locator("#veilig-nav-list").is_visible()
    toggle.click()
    assert page.locator("#veilig-nav-list").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.goto(f"{live_server.url}/gebieden/")
    page.wait_for_selector("#explorer-map path.leaflet-interactive")
    _no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_serious_on_any_page_type(
    live_server: Any, new_page: Any, alice: User, bob: User, viewport: dict[str, int]
) -> None:
    build_small_city()
    base = live_server.url
    found: dict[str, list[dict[str, Any]]] = {}

    page = new_page(viewport)
    page.goto(f"{base}/account/inloggen/")
    _screenshot(page, "login")
    found["login"] = _serious_violations(page)

    # Bob has no authenticator yet: after his password he lands on the set-up page.
    _password_step(page, base, "bob")
    page.goto(f"{base}/")
    assert "/account/tweestaps/instellen/" in page.url
    _screenshot(page, "two-factor-setup")
    found["two_factor_setup"] = _serious_violations(page)

    device = _device(alice)
    page = new_page(viewport)
    _password_step(page, base, "alice")
    page.goto(f"{base}/")
    assert "/account/tweestaps/" in page.url
    _screenshot(page, "two-factor-verify")
    found["two_factor_verify"] = _serious_violations(page)
    page.locator("#id_token").fill(_code(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    _screenshot(page, "home")
    found["home"] = _serious_violations(page)

    page.goto(f"{base}/gebieden/")
    page.wait_for_selector("#explorer-map path.leaflet-interactive")
    _screenshot(page, "explorer")
    found["explorer"] = _serious_violations(page)

    page.goto(f"{base}/bestaat-niet/")
    _screenshot(page, "not-found")
    found["not_found"] = _serious_violations(page)

    serious = {name: [v["id"] for v in vs] for name, vs in found.items() if vs}
    assert not serious, serious
