"""A meeting in a real browser, as the coordinator runs it: open the meeting, accept the
confidentiality statement, record an attendee, open an agenda item and write the minutes, a
decision and an action. axe must find nothing, at any impact, on the meeting and item pages at
360 and 1280 px, and neither page may scroll sideways at 360 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from veilig.accounts.models import User
from veilig.cases.models import Action
from veilig.consultations.models import Attendance, Decision
from veilig.testing.casework import ggz
from veilig.testing.consultations import accepted_case, meeting_of, table_with
from veilig.web.tests.test_browser import (  # the shared browser and sign-in
    CHROMIUM,
    DESKTOP,
    PHONE,
    _device,
    _no_horizontal_scroll,
    _screenshot,
    _sign_in,
    axe_module,
    browser,
    new_page,
)

__all__ = ["browser", "new_page"]  # fixtures used by name

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def _violations(page: Any, found: dict[str, list[str]], name: str) -> None:
    """Every axe violation, whatever its impact (printed with -s)."""
    _screenshot(page, f"meetings-{name}")
    violations = axe_module.Axe().run(page).response["violations"]
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:3]
        print(f"axe {name}: {violation['impact']} {violation['id']} {targets}")
    if violations:
        found[name] = [violation["id"] for violation in violations]


def _both_widths(page: Any, found: dict[str, list[str]], name: str) -> None:
    page.set_viewport_size(DESKTOP)
    _violations(page, found, f"{name}-1280")
    page.set_viewport_size(PHONE)
    page.reload()
    _no_horizontal_scroll(page)
    _violations(page, found, f"{name}-360")
    page.set_viewport_size(DESKTOP)


def _submit(page: Any, form_action: str) -> None:
    page.locator(f'form[action="{form_action}"] button[type=submit]').click()
    page.wait_for_load_state()


def test_the_coordinator_runs_a_meeting(
    live_server: Any, new_page: Any, alice: User, bob: User
) -> None:
    table = table_with(representatives=[alice, bob])
    case = accepted_case(alice, bob, table, participants=[ggz()])
    meeting = meeting_of(alice, table, in_days=2)
    item = meeting.items.get(case=case)
    police = bob.organisation
    assert police is not None
    base = live_server.url
    found: dict[str, list[str]] = {}
    page = new_page()
    page.context.set_default_timeout(30_000)
    _sign_in(page, base, alice, _device(alice))

    # The meeting, from the navigation and the list.
    page.locator('nav a[href="/overleggen/"]').first.click()
    page.wait_for_load_state()
    _violations(page, found, "list")
    page.locator(f'a[href="/overleggen/{meeting.pk}/"]').click()
    page.wait_for_load_state()
    assert page.locator("#statement").count() == 1
    assert case.reference not in page.locator("main").inner_text()
    _both_widths(page, found, "meeting-before-statement")

    # The statement, then the agenda shows the case.
    page.locator("#statement-accept").click()
    page.wait_for_load_state()
    assert page.locator("#statement").count() == 0
    assert Attendance.objects.get(meeting=meeting, user=alice).statement_recorded

    # An attendee.
    page.locator("#id_user").select_option(str(bob.pk))
    _submit(page, f"/overleggen/{meeting.pk}/aanwezigen/")
    assert Attendance.objects.filter(meeting=meeting, user=bob).exists()
    assert bob.first_name in page.locator("#attendance-table").inner_text()
    _both_widths(page, found, "meeting")

    # The item: minutes, a decision, an action.
    page.locator(f'#item-{item.pk} a[href="/overleggen/punten/{item.pk}/"]').click()
    page.wait_for_load_state()
    assert case.reference in page.locator("h1").inner_text()
    _both_widths(page, found, "item")
    page.locator("#id_beeld").fill("Synthetisch beeld van de situatie.")
    page.locator("#id_oordeel").fill("De partners zien risico's.")
    page.locator("#id_besluit").fill("Huisbezoek door de politie.")
    _submit(page, f"/overleggen/punten/{item.pk}/verslag/")
    page.locator("#id_text").fill("De politie legt een huisbezoek af.")
    _submit(page, f"/overleggen/punten/{item.pk}/besluiten/")
    page.locator("#id_description").fill("Huisbezoek afleggen")
    page.locator("#id_owner_organisation").select_option(str(police.pk))
    deadline = timezone.localdate() + dt.timedelta(days=14)
    page.locator("#id_deadline").fill(deadline.strftime("%d-%m-%Y"))
    _submit(page, f"/overleggen/punten/{item.pk}/acties/")
    item.refresh_from_db()
    assert item.beeld.startswith("Synthetisch beeld")
    assert Decision.objects.filter(item=item).count() == 1
    action = Action.objects.get(case=case, description="Huisbezoek afleggen")
    assert action.deadline == deadline and action.owner_organisation_id == police.pk
    assert "Huisbezoek afleggen" in page.locator("#actions").inner_text()
    _both_widths(page, found, "item-written")

    # An error in one round: an empty action shows the summary, nothing is added.
    _submit(page, f"/overleggen/punten/{item.pk}/acties/")
    assert page.locator("#form-errors").count() == 1
    assert Action.objects.filter(case=case).count() == 1
    _violations(page, found, "item-error")

    assert not found, found
