"""The person pages of process direction in a real browser: axe finds nothing at any level and
nothing scrolls sideways at 360 px (duplicates, merge, merge detail, person page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.cases.services import case_register_new_person, person_merge
from veilig.cases.vocabulary import Theme
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


def _register(user: User, **person: Any) -> Any:
    return case_register_new_person(
        context=AuditContext.for_command(user),
        person={"first_name": "Łukasz", "last_name": "Ødegård-Çelik"} | person,
        theme=Theme.NUISANCE,
        reason="Ernstige overlast in de buurt.",
        criteria={"multi_domain": True},
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_person_pages_pass_axe(
    live_server: Any,
    new_page: Any,  # noqa: F811 - the fixture imported above
    alice: User,
    bob: User,
    hank: User,
    viewport: Any,
) -> None:
    first = _register(bob, date_of_birth=dt.date(1980, 5, 6), bsn="111222333")
    _register(hank, date_of_birth=dt.date(1980, 5, 6), bsn="123456782")  # a BSN conflict
    third = _register(hank, first_name="Lukas", date_of_birth=dt.date(1980, 5, 6))
    merged = person_merge(
        context=AuditContext.for_command(alice),
        survivor_id=first.subject_id,
        absorbed_id=_register(bob, date_of_birth=dt.date(1981, 5, 6)).subject_id,
    )
    page = new_page(viewport)
    _sign_in(page, live_server.url, alice, _device(alice))
    found = {}
    for path in (
        "/casussen/personen/dubbel/",
        f"/casussen/personen/{first.subject_id}/samenvoegen/{third.subject_id}/",
        f"/casussen/personen/samenvoegingen/{merged.pk}/",
        f"/casussen/personen/{first.subject_id}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        _no_horizontal_scroll(page)
        _screenshot(page, "person" + path.replace("/", "-").rstrip("-"))
        violations = axe_module.Axe().run(page).response["violations"]
        found[path] = [f"{v['impact']} {v['id']}" for v in violations]
    assert not any(found.values()), found
