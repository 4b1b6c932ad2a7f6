# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""A phone is a first-class screen: every demo role, every page type, in Chromium.

Signs in as each demo role (password and the real TOTP step) and opens every page type of
``page_types.PAGE_TYPES`` that role can open, at 360×740: the page answers 200, it does not
scroll sideways (``document.documentElement.scrollWidth <= 360``), its title starts in the top
half of the screen and axe-core reports no violation at any impact; then the same page at
1280×900 must be axe-clean too.

One test, so the small demo city is built once (about 7 s) and each role signs in once; every
finding of every page is collected and reported together. With ``-s`` it prints one line per
page and viewport (scroll width, violations, seconds). ``VEILIG_SCREENSHOT_DIR`` keeps a
screenshot of each page at both widths.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import User
from veilig.demo.constants import DEMO_PASSWORD
from veilig.web.tests.page_types import ROLES, PageType, Site, pages_of, site_build
from veilig.web.tests.test_browser import (  # the shared browser fixture and helpers
    CHROMIUM,
    _code,
    axe_module,
    browser,  # noqa: F401 - a fixture
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOT_DIR = os.environ.get("VEILIG_SCREENSHOT_DIR")
# Where the page's title (its first h1) starts: header and menu must not eat the phone screen.
HEADING_TOP = "(() => { const h = document.querySelector('h1');"
HEADING_TOP += " return h ? Math.round(h.getBoundingClientRect().top + window.scrollY) : -1; })()"
AXE_RUN = "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)"


def _sign_in(browser: Any, base: str, user: User) -> Any:
    """A new browser context signed in as ``user`` through the real form and its TOTP step."""
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/account/inloggen/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{base}/")  # a half-signed-in user is sent to the TOTP step
    assert "/account/tweestaps/" in page.url, page.url
    page.locator("#id_token").fill(_code(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    # From here on axe-core is in every page before its own scripts (an init script is not
    # subject to the page's Content-Security-Policy), to check each page at both widths.
    context.add_init_script(script=axe_module.Axe().axe_script)
    return page


def _violations(page: Any) -> list[str]:
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'])})"
        for v in found
    ]


def _screenshot(page: Any, name: str) -> None:
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}-{width}.png"), full_page=True)


def _check(page: Any, base: str, role: str, kind: PageType, site: Site) -> list[str]:
    """Open one page as one role; returns what is wrong with it (empty when all is well)."""
    started = time.perf_counter()
    label = f"{role} {kind.name}"
    page.set_viewport_size(PHONE)
    response = page.goto(base + kind.url(site))  # waits for "load": the deferred scripts ran
    if response is None or response.status != kind.status:
        return [f"{label}: HTTP {response.status if response else 'none'} for {page.url}"]
    if kind.act is not None:
        kind.act(page, site)
    if kind.ready:
        page.wait_for_selector(kind.ready)
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{label}: {width} px wide at 360 ({page.url})")
    heading = page.evaluate(HEADING_TOP)
    if not 0 <= heading <= PHONE["height"] / 2:
        problems.append(f"{label}: the page title starts at {heading} px, not in the first screen")
    phone = _violations(page)
    _screenshot(page, f"{role}-{kind.name}")
    page.set_viewport_size(DESKTOP)
    desktop = _violations(page)
    _screenshot(page, f"{role}-{kind.name}")
    problems += [f"{label} at 360: {v}" for v in phone]
    problems += [f"{label} at 1280: {v}" for v in desktop]
    seconds = time.perf_counter() - started
    axe = f"axe {len(phone)}/{len(desktop)}"
    print(f"{label:40} {width:4} px, h1 at {heading:3}, {axe}, {seconds:.1f} s")
    return problems


def test_every_role_sees_every_page_type_fit_a_phone_and_pass_axe(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    started = time.perf_counter()
    site = site_build(var_dir=settings.VAR_DIR, documents=settings.DOCUMENTS_ROOT)
    print(f"\nsite built in {time.perf_counter() - started:.1f}s")
    users = {user.username: user for user in User.objects.filter(username__in=ROLES)}
    problems: list[str] = []
    visited = 0
    for role in ROLES:
        page = _sign_in(browser, live_server.url, users[role])
        try:
            for kind in pages_of(role):
                problems += _check(page, live_server.url, role, kind, site)
                visited += 1
        finally:
            page.context.close()
    print(f"{visited} pages in {time.perf_counter() - started:.1f}s")
    assert visited >= len(ROLES) * 4
    assert not problems, "\n".join(problems)
