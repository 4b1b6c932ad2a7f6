# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""An early signal on a phone (360x740): the team member reads what fired and why, sees the map,
closes it with a note; the process director registers a case from it.

Debian's Chromium through Playwright, with the real sign-in (password + TOTP) and axe-core.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from veilig.accounts.models import User
from veilig.cases.models import Case
from veilig.events.models import Event, EventSource
from veilig.registry.keys import address_key
from veilig.signals.early_warning import early_warning_run
from veilig.signals.models import EarlySignal, EarlyWarningRule
from veilig.signals.tests.conftest import address, make_signal
from veilig.signals.vocabulary import EarlyRuleKind, EarlySignalStatus
from veilig.testing.seeds import seed_signal_catalogue
from veilig.web.tests.test_browser import (  # the shared browser fixtures and helpers
    CHROMIUM,
    PHONE,
    _device,
    _screenshot,
    _sign_in,
    axe_module,
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
    """A transactional test flushes the tables: seed categories and rules as the migration does."""
    seed_signal_catalogue()


def _early_signal(carol: User) -> EarlySignal:
    """Confused behaviour at one address: a signal and an imported incident, team Centrum."""
    EarlyWarningRule.objects.exclude(kind=EarlyRuleKind.REPEAT_ADDRESS_CATEGORY).update(
        active=False
    )
    now = timezone.now()
    home = address()
    make_signal(carol, code="verward-gedrag", occurred_at=now - dt.timedelta(days=6), address=home)
    source = EventSource.objects.create(code="bvh", name="Politie BVH", format="bvh")
    Event.objects.create(
        source=source,
        external_id="1",
        theme="verward_gedrag",
        category="E33 verward persoon",
        begin_at=now - dt.timedelta(days=2),
        rd_x=home.rd_x + 3,
        rd_y=home.rd_y,
        lat=home.lat,
        lon=home.lon + 0.00004,
        buurt_code="BU99990101",
        address_key=address_key(home),
    )
    early_warning_run(now=now)
    return EarlySignal.objects.get()


def _width_and_axe(page: Any, name: str) -> tuple[int, list[str]]:
    _screenshot(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    violations = axe_module.Axe().run(page).response["violations"]
    for violation in violations:  # visible with -s
        print(f"axe {page.url}: {violation['impact']} {violation['id']}: {violation['help']}")
    return width, [v["id"] for v in violations]


def test_a_team_member_reads_and_closes_an_early_signal_on_a_phone(
    live_server: Any, new_page: Any, teams: Any, carol: User
) -> None:
    early = _early_signal(carol)
    page = new_page(PHONE)
    _sign_in(page, live_server.url, carol, _device(carol))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/signalen/vroegsignalen/{early.pk}/")
    page.wait_for_selector("#early-map[data-drawn]", state="attached")
    # The address, the signal and the incident; no script error.
    assert page.locator("#early-map").get_attribute("data-drawn") == "3" and not errors
    assert "Grote Markt 1" in page.locator("#early-headline").inner_text()
    assert page.locator("#early-evidence-signals tbody tr").count() == 1
    assert page.locator("#early-evidence-events tbody tr").count() == 1
    width, violations = _width_and_axe(page, "early-detail")
    assert width <= 360, f"the page is {width}px wide at 360"
    assert violations == []

    page.select_option("#id_status", "done")
    page.locator("#early-transition button[type=submit]").click()
    page.wait_for_load_state()
    early.refresh_from_db()
    assert early.status == EarlySignalStatus.NEW  # a note is needed to close it
    page.select_option("#id_status", "done")
    page.fill("#id_note", "Huisbezoek gedaan, zorg ingeschakeld.")
    page.locator("#early-transition button[type=submit]").click()
    expect(page.locator("#early-status")).to_have_class("signals-status signals-status--done")
    early.refresh_from_db()
    assert early.status == EarlySignalStatus.DONE
    width, violations = _width_and_axe(page, "early-detail-done")
    assert width <= 360 and violations == []


def test_the_director_registers_a_case_from_it_on_a_phone(
    live_server: Any, new_page: Any, teams: Any, carol: User, alice: User
) -> None:
    early = _early_signal(carol)
    page = new_page(PHONE)
    _sign_in(page, live_server.url, alice, _device(alice))
    page.goto(f"{live_server.url}/signalen/vroegsignalen/{early.pk}/")
    page.locator("#early-register-case").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/casussen/aanmelden/?vroegsignaal={early.pk}")
    assert early.rule.name in page.locator("#id_reason").input_value()
    width, violations = _width_and_axe(page, "early-registration")
    assert width <= 360 and violations == []
    page.fill("#id_first_name", "Testpersoon")
    page.fill("#id_last_name", "Vroegsignaal")
    page.select_option("#id_theme", "ico")
    page.locator("#id_crit_area_problem").check()
    page.locator("main form.veilig-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/casussen/*/")
    case = Case.objects.get()
    early.refresh_from_db()
    assert early.case == case and early.status == EarlySignalStatus.IN_PROGRESS
    page.goto(f"{live_server.url}/signalen/vroegsignalen/{early.pk}/")
    assert page.locator("#early-case").inner_text() == case.reference
