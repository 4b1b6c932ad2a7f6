"""Triage in a real browser: the coordinator opens the queue, decides one case in one step and
records informing the person; axe finds nothing and nothing scrolls sideways at 360 px."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from veilig.accounts.models import User
from veilig.cases.models import Case
from veilig.cases.vocabulary import Status
from veilig.consultations.models import TriageDecision
from veilig.consultations.selectors.triage import triage_current_session, triage_session_cutoff
from veilig.testing.casework import case_for, synthetic_person
from veilig.testing.consultations import table_with
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


def nl(message: str) -> str:
    """The Dutch the browser (locale nl-NL) is shown for an English message id."""
    with translation.override("nl"):
        return str(gettext(message))


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="no Chromium"),
]


def _axe(page: Any) -> list[str]:
    violations = axe_module.Axe().run(page).response["violations"]
    return [f"{v['impact']} {v['id']}" for v in violations]


def _check(page: Any, name: str, viewport: dict[str, int]) -> list[str]:
    assert page.locator("h1").count() == 1, page.url
    if viewport["width"] <= PHONE["width"]:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} is {width}px wide"
    _no_horizontal_scroll(page)
    _screenshot(page, name)
    return _axe(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_coordinator_runs_triage(
    live_server: Any,
    new_page: Any,  # noqa: F811 - the fixture imported above
    alice: User,
    bob: User,
    viewport: dict[str, int],
) -> None:
    table = table_with(representatives=[bob])
    cutoff = triage_session_cutoff(session=triage_current_session(today=timezone.localdate()))
    person = synthetic_person()
    case_for(bob, subject=person)  # an earlier case of the same person
    case = case_for(bob, subject=person)
    later = case_for(bob)
    Case.objects.filter(pk=case.pk).update(registered_at=cutoff - dt.timedelta(hours=3))
    Case.objects.filter(pk=later.pk).update(registered_at=cutoff + dt.timedelta(hours=3))
    page = new_page(viewport)
    _sign_in(page, live_server.url, alice, _device(alice))
    found: dict[str, list[str]] = {}

    assert page.locator("nav a[href='/triage/']").count() == 1  # behind the menu on a phone
    page.goto(f"{live_server.url}/triage/")
    found["queue"] = _check(page, "triage-queue", viewport)
    assert page.locator(f"#triage-case-{case.pk} [data-earlier]").inner_text().startswith("1")

    page.locator(f"#triage-case-{case.pk} a[href$='/besluit/']").click()
    found["decide"] = _check(page, "triage-decide", viewport)
    label = page.locator("label[for=id_outcome_0]").bounding_box()
    assert label is not None and label["width"] > 150  # one line, not a letter per line
    page.locator("main button[type=submit]").click()  # nothing chosen: every error at once
    assert page.locator("#form-errors li").count() == 2
    found["decide-errors"] = _check(page, "triage-decide-errors", viewport)
    page.get_by_label(nl("Accept into a case table")).check()
    page.locator("#id_table").select_option(str(table.pk))
    page.locator("#id_reason").fill("Problemen op meer leefgebieden; ketenaanpak nodig.")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/triage/")
    recorded = nl("The triage decision on case %(reference)s has been recorded.")
    assert recorded % {"reference": case.reference} in page.locator("main").inner_text()
    found["queue-after"] = _check(page, "triage-queue-after", viewport)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.table == table
    assert TriageDecision.objects.filter(case=case).count() == 1

    page.goto(f"{live_server.url}/triage/{case.pk}/informeren/")
    found["inform"] = _check(page, "triage-inform", viewport)
    page.get_by_label(nl("The person has been informed")).check()
    page.get_by_label(nl("Informed on")).fill(timezone.localdate().strftime("%d-%m-%Y"))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/casussen/{case.pk}/")
    informed = nl("Person informed on %(date)s") % {
        "date": timezone.localdate().strftime("%d-%m-%Y")
    }
    assert informed in page.locator("#informing").inner_text()
    found["case"] = _check(page, "triage-case", viewport)
    assert not any(found.values()), found
