"""The inbox in a real browser: axe finds nothing and nothing scrolls sideways at 360 and
1280 px (the inbox with read and unread items, the menu's count, the e-mail settings)."""

from __future__ import annotations

from typing import Any

import pytest

from veilig.accounts.models import User
from veilig.notifications.services import notify
from veilig.notifications.vocabulary import NotificationKind
from veilig.web.tests.test_browser import (  # the browser fixtures and the sign-in
    CHROMIUM,
    DESKTOP,
    PHONE,
    _device,
    _no_horizontal_scroll,
    _screenshot,
    _sign_in,
    axe_module,
    browser,  # noqa: F401 - a fixture
    new_page,  # noqa: F401 - a fixture
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="no Chromium"),
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_inbox_pages_pass_axe(
    live_server: Any,
    new_page: Any,  # noqa: F811 - the fixture imported above
    bob: User,
    viewport: Any,
) -> None:
    for kind in NotificationKind:
        notify(recipients=[bob], kind=kind, link="/casussen/1/")
    page = new_page(viewport)
    _sign_in(page, live_server.url, bob, _device(bob))
    page.goto(f"{live_server.url}/berichten/")
    # Following one marks it read; back on the inbox both states show, in words.
    page.locator("#inbox tbody a").first.click()
    page.goto(f"{live_server.url}/berichten/")
    assert page.locator(".veilig-nav__count").count() == 1
    found = {}
    for path in ("/berichten/", "/berichten/instellingen/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        _no_horizontal_scroll(page)
        _screenshot(page, "notifications" + path.replace("/", "-").rstrip("-"))
        violations = axe_module.Axe().run(page).response["violations"]
        found[path] = [f"{v['impact']} {v['id']}" for v in violations]
    assert not any(found.values()), found
    page.goto(f"{live_server.url}/berichten/")
    assert page.locator("#inbox tbody tr").count() == len(NotificationKind)
    page.locator("main form button[type=submit]").click()
    assert page.locator(".veilig-nav__count").count() == 0
