"""The whole consultation in a real browser (issue #14, Done when): the coordinator runs triage,
prepares a meeting, records attendance, minutes a decision and an action; the owner partner then
sees the action on their home page and in the inbox, and the outgoing e-mail (Django's test
outbox) holds no name, BSN or case text. axe finds nothing, at any impact, on every page on the
way, at 360 and at 1280 px, and no page scrolls sideways at 360 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from veilig.accounts.models import User
from veilig.cases.models import Action, Case, Contribution
from veilig.cases.vocabulary import Scope, Status
from veilig.consultations.models import AgendaItem, Decision, Meeting
from veilig.testing.casework import case_for, contribution, synthetic_person
from veilig.testing.consultations import table_with
from veilig.testing.worker import worker_run
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


def nl(message: str) -> str:
    """The Dutch the browser (locale nl-NL) is shown for an English message id."""
    with translation.override("nl"):
        return str(gettext(message))


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

BSN = "111222333"  # synthetic, passes the eleven test
REASON = "Zorgen om vervuiling van de woning en schulden."
NOTE = "Synthetische inbreng van de politie over de woning."
ACTION = "Huisbezoek afleggen met de wijkagent"
MINUTES = "Beeld: de bewoner mijdt hulp; oordeel: gezamenlijke aanpak."


def _checked(page: Any, found: dict[str, list[str]], name: str) -> None:
    """axe at 1280 and at 360 px (any impact), and no sideways scrolling at 360 px."""
    for size, label in ((DESKTOP, "1280"), (PHONE, "360")):
        page.set_viewport_size(size)
        page.reload()
        page.wait_for_load_state()
        if size is PHONE:
            _no_horizontal_scroll(page)
        _screenshot(page, f"consultation-{name}-{label}")
        violations = axe_module.Axe().run(page).response["violations"]
        if violations:
            found[f"{name}-{label}"] = [f"{v['impact']} {v['id']}" for v in violations]
    page.set_viewport_size(DESKTOP)


def _submit(page: Any, action: str) -> None:
    page.locator(f'form[action="{action}"] button[type=submit]').click()
    page.wait_for_load_state()


def _mail_address(user: User, address: str) -> None:
    user.email = address
    user.save(update_fields=["email"])


def test_triage_meeting_minutes_and_the_owner_is_told(
    live_server: Any, new_page: Any, alice: User, bob: User
) -> None:
    _mail_address(bob, "bob@politie.example")
    table = table_with(representatives=[bob])
    person = synthetic_person(first_name="Jorinde", last_name="Vlietstra", bsn=BSN)
    case = case_for(bob, subject=person)
    Case.objects.filter(pk=case.pk).update(reason=REASON)
    note = contribution(case, bob, scope=Scope.PARTICIPANTS)
    Contribution.objects.filter(pk=note.pk).update(text=NOTE)
    police = bob.organisation
    assert police is not None
    base = live_server.url
    found: dict[str, list[str]] = {}
    page = new_page()
    page.context.set_default_timeout(30_000)
    _sign_in(page, base, alice, _device(alice))

    # Triage: the queue, one decision in one step.
    page.goto(f"{base}/triage/")
    _checked(page, found, "triage-queue")
    page.locator(f"#triage-case-{case.pk} a[href$='/besluit/']").click()
    page.wait_for_load_state()
    _checked(page, found, "triage-decide")
    page.get_by_label(nl("Accept into a case table")).check()
    page.locator("#id_table").select_option(str(table.pk))
    page.locator("#id_reason").fill("Problemen op meer leefgebieden.")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/triage/")
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.table == table

    # A meeting: scheduled, the agenda built by itself and published.
    page.goto(f"{base}/overleggen/nieuw/?tafel={table.pk}")
    _checked(page, found, "meeting-schedule")
    starts = timezone.localtime() + dt.timedelta(days=2)
    page.locator("#id_starts_at").fill(starts.strftime("%d-%m-%Y 10:00"))
    page.locator("#id_place").fill("Veiligheidshuis, zaal 2")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    meeting = Meeting.objects.get(table=table)
    assert page.url.endswith(f"/overleggen/{meeting.pk}/")
    item = AgendaItem.objects.get(meeting=meeting, case=case)
    assert case.reference not in page.locator("main").inner_text()  # not before the statement
    _checked(page, found, "meeting-before-statement")
    page.locator("#statement-accept").click()
    page.wait_for_load_state()
    _submit(page, f"/overleggen/{meeting.pk}/agenda/publiceren/")
    meeting.refresh_from_db()
    assert meeting.status == "agenda_ready"

    # Attendance, then the item: minutes, a decision, an action for the police.
    page.locator("#id_user").select_option(str(bob.pk))
    _submit(page, f"/overleggen/{meeting.pk}/aanwezigen/")
    _checked(page, found, "meeting")
    page.locator(f'#item-{item.pk} a[href="/overleggen/punten/{item.pk}/"]').click()
    page.wait_for_load_state()
    assert NOTE in page.locator("main").inner_text()
    _checked(page, found, "item")
    page.locator("#id_beeld").fill(MINUTES)
    page.locator("#id_oordeel").fill("De partners zien risico's.")
    page.locator("#id_besluit").fill("Huisbezoek door de politie.")
    _submit(page, f"/overleggen/punten/{item.pk}/verslag/")
    page.locator("#id_text").fill("De politie legt een huisbezoek af.")
    _submit(page, f"/overleggen/punten/{item.pk}/besluiten/")
    page.locator("#id_description").fill(ACTION)
    page.locator("#id_owner_organisation").select_option(str(police.pk))
    deadline = timezone.localdate() + dt.timedelta(days=14)
    page.locator("#id_deadline").fill(deadline.strftime("%d-%m-%Y"))
    _submit(page, f"/overleggen/punten/{item.pk}/acties/")
    action = Action.objects.get(case=case, description=ACTION)
    assert Decision.objects.filter(item=item).count() == 1
    _checked(page, found, "item-written")

    # The task runner sends what was queued: the triage outcome, the agenda, the action.
    worker_run()
    to_bob = [message for message in mail.outbox if message.to == ["bob@politie.example"]]
    assert len(to_bob) >= 2, [m.subject for m in mail.outbox]
    secrets = [
        person.first_name,
        person.last_name,
        BSN,
        case.reference,
        REASON,
        NOTE,
        ACTION,
        MINUTES,
    ]
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        for secret in secrets:
            assert secret not in text, (secret, message.subject)
        assert f"/casussen/{case.pk}/" in message.body or "/overleggen/" in message.body

    # The owner partner: the action on the home page and in the inbox.
    page.context.clear_cookies()
    _sign_in(page, base, bob, _device(bob))
    page.goto(f"{base}/")
    assert ACTION in page.locator("main").inner_text() or action.case.reference in (
        page.locator("main").inner_text()
    )
    _checked(page, found, "partner-home")
    page.goto(f"{base}/berichten/")
    inbox = page.locator("main").inner_text()
    assert nl("Action assigned") in inbox, inbox
    _checked(page, found, "inbox")

    assert not found, found
