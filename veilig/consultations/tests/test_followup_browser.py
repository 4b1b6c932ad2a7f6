"""The follow-up overview in a real browser: axe finds nothing at any level and nothing
scrolls sideways at 360 px (the overview and one partner's overdue actions)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.consultations.tests.test_followup import build_world
from veilig.testing.personas import persona
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
def test_follow_up_pages_pass_axe(
    live_server: Any,
    new_page: Any,  # noqa: F811 - the fixture imported above
    alice: User,
    bob: User,
    hank: User,
    viewport: Any,
) -> None:

    ruth = persona(
        "ruth", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.COORDINATOR]
    )
    build_world(alice, bob, hank, ruth)
    cache.clear()
    page = new_page(viewport)
    _sign_in(page, live_server.url, alice, _device(alice))
    found = {}
    for path in (
        "/bijsturen/",
        "/bijsturen/?dagen=abc",
        f"/bijsturen/acties/{bob.organisation_id}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        _no_horizontal_scroll(page)
        _screenshot(page, "followup" + path.replace("/", "-").replace("?", "-").rstrip("-"))
        violations = axe_module.Axe().run(page).response["violations"]
        found[path] = [
            f"{v['impact']} {v['id']}: {v['nodes'][0]['html'][:120]}" for v in violations
        ]
    assert not any(found.values()), found
