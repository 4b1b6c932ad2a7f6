"""Early signals a team can act on: what fired and why, the subject within access, the evidence
within access, the status workflow, and "casus aanmelden" with the link back.

Personas: alice (process director), carol (team Centrum), otto (team Noord: another team),
bob (partner at the police), dave (analyst).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.cases.models import Case
from veilig.events.models import Event, EventSource
from veilig.geo.rd import rd_point_to_wgs84, wgs84_point_to_rd
from veilig.registry.keys import address_key
from veilig.registry.models import Address
from veilig.registry.services import person_create
from veilig.signals.early_explain import early_explanation, rule_condition
from veilig.signals.early_selectors import early_evidence
from veilig.signals.early_warning import early_warning_run
from veilig.signals.models import (
    EarlySignal,
    EarlySignalStatusChange,
    EarlyWarningRule,
    Signal,
    Team,
    TeamMembership,
)
from veilig.signals.tests.conftest import CENTRUM, NOORD, address, make_signal
from veilig.signals.vocabulary import EarlyRuleKind, EarlySignalStatus, TeamFunction
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.personas import persona, verified_client

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
_ids = itertools.count(1)


def day(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def only(kind: EarlyRuleKind, *, recipient: str = "team") -> EarlyWarningRule:
    EarlyWarningRule.objects.exclude(kind=kind).update(active=False)
    rule = EarlyWarningRule.objects.get(kind=kind)
    rule.recipient = recipient
    rule.save()
    return rule


def event(
    *,
    at: dt.datetime,
    theme: str = "overig",
    point: tuple[float, float] = CENTRUM,
    buurt: str = "BU99990101",
    dx: float = 0,
    address_key: str = "",
    person_key: str = "",
) -> Event:
    source, _ = EventSource.objects.get_or_create(
        code="bvh", defaults={"name": "Politie BVH", "format": "bvh"}
    )
    x, y = wgs84_point_to_rd(point[1], point[0])
    lon, lat = rd_point_to_wgs84(x + dx, y)
    return Event.objects.create(
        source=source,
        external_id=str(next(_ids)),
        theme=theme,
        category="Testcategorie",
        begin_at=at,
        rd_x=x + dx,
        rd_y=y,
        lat=lat,
        lon=lon,
        buurt_code=buurt,
        address_key=address_key,
        person_key=person_key,
    )


@pytest.fixture
def otto(teams: dict[str, Team]) -> User:
    """A team member of team Noord: must NOT see the early signals of team Centrum."""
    user = persona(
        "otto", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.TEAM_MEMBER]
    )
    TeamMembership.objects.create(team=teams["noord"], user=user, function=TeamFunction.ENFORCEMENT)
    return user


@pytest.fixture
def address_early(teams: dict[str, Team], carol: User) -> EarlySignal:
    """Confused behaviour twice at one address: a signal and an imported incident (team rule)."""
    only(EarlyRuleKind.REPEAT_ADDRESS_CATEGORY)
    home = address()
    make_signal(carol, code="verward-gedrag", occurred_at=day(10), address=home)
    event(at=day(2), theme="verward_gedrag", address_key=address_key(home))
    early_warning_run(now=NOW)
    return EarlySignal.objects.get()


def page(client, early: EarlySignal):
    return client.get(reverse("signals:early_detail", args=[early.pk]))


def headline(content: str) -> str:
    match = re.search(r'<h1[^>]*id="early-headline"[^>]*>(.*?)</h1>', content, re.S)
    assert match, "no headline"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


# --- 1. What fired and why, per rule kind ---------------------------------------------------


def test_repeat_subject_is_explained_from_the_rule_and_the_evidence(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    home = address()
    make_signal(carol, occurred_at=day(20), address=home)
    make_signal(carol, occurred_at=day(10), address=home, source="politie")
    event(at=day(5), address_key=address_key(home))
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    evidence = early_evidence(early=early, signals=Signal.objects.all(), events=Event.objects.all())
    explained = early_explanation(early=early, sources=evidence.sources)
    assert explained.condition == (
        "One address or person appears in at least 3 signals or incidents from at least 2 "
        "different sources within 30 days."
    )
    assert explained.outcome == (
        "3 signals and incidents in this period; the rule asks for at least 3. "
        "They come from 3 different sources; the rule asks for at least 2."
    )
    assert explained.sources == [
        "1 signal, source: Police",
        "1 signal, source: Neighbourhood team",
        "1 incident imported from Politie BVH",
    ]
    assert (explained.count, explained.threshold) == (3, 3)


def test_repeat_address_category_is_explained(address_early) -> None:
    evidence = early_evidence(
        early=address_early, signals=Signal.objects.all(), events=Event.objects.all()
    )
    explained = early_explanation(early=address_early, sources=evidence.sources)
    assert explained.condition == (
        "“Verward gedrag” is reported at least 2 times at the same address within 14 days "
        "(signals, and imported incidents of the same kind)."
    )
    assert explained.outcome == (
        "2 signals and incidents in this period; the rule asks for at least 2."
    )
    assert explained.sources == [
        "1 signal, source: Neighbourhood team",
        "1 incident imported from Politie BVH",
    ]


def test_spatial_burst_is_explained(teams, carol) -> None:
    only(EarlyRuleKind.SPATIAL_BURST)
    make_signal(carol, code="woninginbraak", occurred_at=day(6))
    event(at=day(3), theme="woninginbraak", dx=120)
    event(at=day(1), theme="woninginbraak", dx=-80)
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    explained = early_explanation(early=early, sources=[])
    assert explained.condition == (
        "At least 3 reports of “Woninginbraak” within 200 metres of one of them, within 7 days "
        "(signals, and imported incidents of the same kind)."
    )
    assert explained.outcome.startswith("3 signals and incidents in this period")
    content = page(verified_client(carol), early).content.decode()
    assert headline(content) == (
        "Early signal: Reports of “Woninginbraak” close together in the neighbourhood Grote Markt"
    )


def test_the_condition_follows_the_rules_parameters(teams) -> None:
    rule = EarlyWarningRule.objects.get(kind=EarlyRuleKind.REPEAT_SUBJECT)
    rule.parameters = {"min_count": 5, "min_sources": 3, "days": 10}
    assert rule_condition(rule) == (
        "One address or person appears in at least 5 signals or incidents from at least 3 "
        "different sources within 10 days."
    )


def test_the_page_shows_rule_condition_window_count_and_sources(address_early, carol) -> None:
    content = html.unescape(page(verified_client(carol), address_early).content.decode())
    assert address_early.rule.name in content
    assert "“Verward gedrag” is reported at least 2 times" in content
    window = (
        f"{timezone.localtime(address_early.window_start):%d-%m-%Y} to "
        f"{timezone.localtime(address_early.window_end):%d-%m-%Y}"
    )
    assert window in content
    assert "the rule asks for at least 2" in content
    assert "1 incident imported from Politie BVH" in content


# --- 2. The subject in words, within the viewer's access ------------------------------------


def test_an_address_known_only_by_key_is_named_and_the_key_never_shown(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_ADDRESS_CATEGORY)
    home = address(number=12)
    key = address_key(home)
    event(at=day(4), theme="verward_gedrag", address_key=key)
    event(at=day(2), theme="verward_gedrag", address_key=key)
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    assert early.address == home  # looked up in the registry by its key
    content = page(verified_client(carol), early).content.decode()
    assert headline(content) == "Early signal: Grote Markt 12"
    assert "Neighbourhood Grote Markt, 9711AA Voorbeeldstad" in content
    assert key[:8] not in content and key not in content
    assert "Grote Markt" not in early.summary and key[:8] not in early.summary


def test_an_address_outside_the_registry_is_its_neighbourhood(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_ADDRESS_CATEGORY)
    key = "ab" * 16
    event(at=day(4), theme="verward_gedrag", address_key=key)
    event(at=day(2), theme="verward_gedrag", address_key=key)
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    content = page(verified_client(carol), early).content.decode()
    assert headline(content) == "Early signal: An address in the neighbourhood Grote Markt"
    assert key[:8] not in content


def test_a_person_is_pseudonymised_for_the_team_and_named_for_the_director(
    teams, carol, alice
) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    person = person_create(first_name="Synthetische", last_name="Testpersoon")
    make_signal(None, occurred_at=day(3), persons=[person], source="bewoner")
    make_signal(None, occurred_at=day(2), persons=[person])
    event(at=day(1), person_key=person.pseudonym)
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    team_page = page(verified_client(carol), early).content.decode()
    assert headline(team_page) == "Early signal: A person (pseudonymised)"
    assert "Testpersoon" not in team_page
    assert person.pseudonym[:8] not in team_page
    assert "3 signals and incidents in this period" in team_page  # the count
    director_page = page(verified_client(alice), early).content.decode()
    assert headline(director_page) == "Early signal: Synthetische Testpersoon"


# --- 3. The underlying signals and incidents, within access ---------------------------------


@pytest.fixture
def spread_early(teams, carol) -> dict[str, object]:
    """One person: signals and incidents in Centrum and in Noord; the latest in Centrum."""
    only(EarlyRuleKind.REPEAT_SUBJECT)
    person = person_create(first_name="Verspreide", last_name="Testpersoon")
    north = make_signal(None, point=NOORD, occurred_at=day(4), persons=[person], source="partner")
    centre = make_signal(None, occurred_at=day(1), persons=[person])
    event(at=day(3), point=NOORD, buurt="BU99990301", person_key=person.pseudonym)
    event(at=day(2), person_key=person.pseudonym)
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    assert early.team == teams["centrum"]
    return {"early": early, "north": north, "centre": centre}


def test_the_team_sees_only_its_own_evidence_and_a_count_of_the_rest(spread_early, carol) -> None:
    early, north, centre = spread_early["early"], spread_early["north"], spread_early["centre"]
    content = page(verified_client(carol), early).content.decode()
    assert f'href="/signalen/{centre.pk}/"' in content
    assert f"/signalen/{north.pk}/" not in content
    assert f"Signal {north.pk}" not in content
    events = re.search(r'id="early-evidence-events".*?</table>', content, re.S)
    assert events and events.group(0).count("<tr") == 2  # the header and the one in Centrum
    assert "Havenkwartier" not in content
    assert "2 signals and incidents lie outside what you may see" in content


def test_the_director_sees_all_evidence(spread_early, alice) -> None:
    early, north, centre = spread_early["early"], spread_early["north"], spread_early["centre"]
    content = page(verified_client(alice), early).content.decode()
    assert f'href="/signalen/{north.pk}/"' in content
    assert f'href="/signalen/{centre.pk}/"' in content
    assert "Havenkwartier" in content  # the incident in Noord, by its buurt's name
    assert "outside what you may see" not in content
    assert 'id="early-map-points"' in content


def test_another_team_gets_404_and_never_sees_the_evidence(spread_early, otto) -> None:
    early = spread_early["early"]
    client = verified_client(otto)
    before = audit_seq()
    response = page(client, early)
    assert response.status_code == 404
    assert f"/signalen/{spread_early['centre'].pk}/" not in response.content.decode()
    rows = audit_rows_after(before)
    assert [(r.action, r.object_type, r.result, r.subject_person_id) for r in rows] == [
        ("read", "early_signal", "denied", None)
    ]
    listing = client.get(reverse("signals:early_list"), {"status": "alle"}).content.decode()
    assert f"/signalen/vroegsignalen/{early.pk}/" not in listing


def test_the_read_row_names_the_person(spread_early, carol) -> None:
    early = spread_early["early"]
    before = audit_seq()
    page(verified_client(carol), early)
    rows = audit_rows_after(before)
    assert [(r.action, r.object_type, r.object_id, r.subject_person_id) for r in rows] == [
        ("read", "early_signal", str(early.pk), early.person_id)
    ]


def test_detail_query_count_does_not_grow_with_the_evidence(teams, carol) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    only(EarlyRuleKind.SPATIAL_BURST)
    client = verified_client(carol)

    def count() -> int:
        early = EarlySignal.objects.order_by("-pk").get()
        with CaptureQueriesContext(connection) as context:
            assert page(client, early).status_code == 200
        return len(context)

    for n in range(3):
        make_signal(None, code="woninginbraak", occurred_at=day(3 - n))
    event(at=day(2.9), theme="woninginbraak")
    early_warning_run(now=NOW)
    small = count()
    for n in range(12):
        make_signal(None, code="woninginbraak", occurred_at=day(2.5 - n / 10))
        event(at=day(2.4 - n / 10), theme="woninginbraak", dx=n)
    early_warning_run(now=NOW)
    assert EarlySignal.objects.get().evidence_count == 28
    assert count() == small <= 30


# --- 5. Status: nieuw / in behandeling / afgehandeld, with a note ---------------------------


def status_url(early: EarlySignal) -> str:
    return reverse("signals:early_status", args=[early.pk])


def test_status_moves_and_closing_needs_a_note(address_early, carol) -> None:
    client = verified_client(carol)
    assert address_early.status == EarlySignalStatus.NEW
    before = audit_seq()
    client.post(status_url(address_early), {"status": "in_progress"})
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.IN_PROGRESS
    assert [(r.action, r.object_type, r.detail) for r in audit_rows_after(before)] == [
        ("update", "early_signal", "status:in_progress")
    ]
    before = audit_seq()
    response = client.post(status_url(address_early), {"status": "done", "note": " "})
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.IN_PROGRESS  # nothing changed
    assert [r.detail for r in audit_rows_after(before)] == ["status:done;invalid"]
    shown = client.get(response["Location"]).content.decode()
    assert "Write what was done before you close the early signal." in shown
    client.post(status_url(address_early), {"status": "done", "note": "Huisbezoek gedaan."})
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.DONE
    change = EarlySignalStatusChange.objects.filter(early_signal=address_early).last()
    assert change is not None
    assert (change.from_status, change.to_status, change.note, change.by) == (
        "in_progress",
        "done",
        "Huisbezoek gedaan.",
        carol,
    )
    content = page(client, address_early).content.decode()
    assert "Huisbezoek gedaan." in content  # the history shows who, when and the note
    # Reopening needs a note too; an impossible move is refused.
    client.post(status_url(address_early), {"status": "in_progress"})
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.DONE
    response = client.post(status_url(address_early), {"status": "new"}, follow=True)
    assert "cannot move to" in response.content.decode()


def test_a_note_that_is_too_long_is_refused_with_its_reason(address_early, carol) -> None:
    client = verified_client(carol)
    response = client.post(status_url(address_early), {"status": "done", "note": "x" * 2001})
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.NEW
    assert "The note is too long" in client.get(response["Location"]).content.decode()


def test_a_status_form_that_does_not_parse_changes_nothing(address_early, carol) -> None:
    before = audit_seq()
    verified_client(carol).post(status_url(address_early), {"status": "gezien"})
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.NEW
    assert [(r.action, r.result, r.detail) for r in audit_rows_after(before)] == [
        ("update", "granted", "invalid")
    ]


@pytest.mark.parametrize("who", ["otto", "bob", "dave"])
def test_others_cannot_change_the_status(address_early, request, who) -> None:
    user = request.getfixturevalue(who)
    before = audit_seq()
    response = verified_client(user).post(status_url(address_early), {"status": "in_progress"})
    assert response.status_code == 404
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.NEW
    assert [(r.action, r.result) for r in audit_rows_after(before)] == [("update", "denied")]


def test_new_evidence_reopens_a_closed_early_signal_and_says_so(address_early) -> None:
    address_early.status = EarlySignalStatus.DONE
    address_early.save()
    home = address_early.address
    assert home is not None
    event(at=day(1), theme="verward_gedrag", address_key=address_key(home))
    early_warning_run(now=NOW)
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.NEW
    change = address_early.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("done", "new", None)


def test_the_team_page_shows_the_status_and_filters_open_ones(address_early, carol, teams) -> None:
    client = verified_client(carol)
    url = reverse("signals:team", args=[teams["centrum"].pk])
    link = f"/signalen/vroegsignalen/{address_early.pk}/"
    content = client.get(url).content.decode()
    assert link in content and "signals-status--new" in content
    address_early.status = EarlySignalStatus.DONE
    address_early.save()
    assert link not in client.get(url).content.decode()  # open ones only, by default
    everything = client.get(url, {"vroeg": "alle", "period": "7"}).content.decode()
    assert link in everything and "signals-status--done" in everything
    assert 'href="?period=7#early-heading"' in everything  # "open only" keeps the map's filters


def test_the_list_of_early_signals_filters_by_status(address_early, alice) -> None:
    client = verified_client(alice)
    url = reverse("signals:early_list")
    link = f"/signalen/vroegsignalen/{address_early.pk}/"
    assert link in client.get(url).content.decode()
    assert link not in client.get(url, {"status": "done"}).content.decode()
    assert link in client.get(url, {"status": "new"}).content.decode()


# --- 6. Casus aanmelden from it, and the link back ------------------------------------------


def register_url(early: EarlySignal) -> str:
    return reverse("cases:register") + f"?vroegsignaal={early.pk}"


REGISTRATION = {
    "first_name": "Testpersoon",
    "last_name": "Vroegsignaal",
    "date_of_birth": "01-02-1990",
    "theme": "ico",
    "reason": "Synthetische aanmelding vanuit een vroegsignaal.",
    "crit_area_problem": "on",
}


def test_the_button_opens_a_prefilled_registration_by_id_only(address_early, alice) -> None:
    client = verified_client(alice)
    content = page(client, address_early).content.decode()
    assert f'href="{register_url(address_early)}"' in html.unescape(content)
    before = audit_seq()
    response = client.get(register_url(address_early))
    assert response.status_code == 200
    form = response.context["form"]
    reason = form.initial["reason"]
    assert f"Registered from early signal {address_early.pk}" in reason
    assert address_early.rule.name in reason
    assert f"{timezone.localtime(address_early.window_start):%d-%m-%Y}" in reason
    assert "Address: Grote Markt 1, 9711AA Voorbeeldstad" in reason
    district = form.fields["stadsdeel"].queryset.get(pk=form.initial["stadsdeel"])
    assert district.code == "SD999901"
    assert 'name="vroegsignaal"' in response.content.decode()
    rows = audit_rows_after(before)
    assert [(r.action, r.object_type, r.object_id, r.detail) for r in rows] == [
        ("read", "early_signal", str(address_early.pk), "case-registration")
    ]


def test_registering_links_the_case_and_moves_the_early_signal(address_early, alice, carol) -> None:
    client = verified_client(alice)
    before = audit_seq()
    response = client.post(
        reverse("cases:register"), {**REGISTRATION, "vroegsignaal": address_early.pk}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    address_early.refresh_from_db()
    assert address_early.case == case
    assert address_early.status == EarlySignalStatus.IN_PROGRESS
    change = address_early.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("new", "in_progress", alice)
    rows = [(r.action, r.object_type, r.detail) for r in audit_rows_after(before)]
    assert ("create", "case", "subject:new") in rows
    assert ("update", "early_signal", f"case:{case.pk};status:in_progress") in rows
    director = page(client, address_early).content.decode()
    assert f'href="/casussen/{case.pk}/"' in director and case.reference in director
    assert 'id="early-register-case"' not in director  # registered once
    team = page(verified_client(carol), address_early).content.decode()
    assert case.reference not in team and f"/casussen/{case.pk}/" not in team


def test_a_person_early_signal_prefills_the_person_for_the_director(teams, alice) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT, recipient="coordinator")
    person = person_create(
        first_name="Vooringevuld", last_name="Testpersoon", date_of_birth=dt.date(1990, 2, 1)
    )
    make_signal(None, occurred_at=day(3), persons=[person], source="bewoner")
    make_signal(None, occurred_at=day(2), persons=[person])
    event(at=day(1), person_key=person.pseudonym)
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    initial = verified_client(alice).get(register_url(early)).context["form"].initial
    assert (initial["first_name"], initial["last_name"], initial["date_of_birth"]) == (
        "Vooringevuld",
        "Testpersoon",
        dt.date(1990, 2, 1),
    )


def test_who_may_not_register_from_it_gets_404(address_early, carol, bob) -> None:
    # carol sees the early signal but registers no cases; bob registers cases but does not
    # see the early signal.
    content = page(verified_client(carol), address_early).content.decode()
    assert 'id="early-register-case"' not in content
    before = audit_seq()
    assert verified_client(carol).get(register_url(address_early)).status_code == 404
    assert audit_rows_after(before) == []  # no case role: the empty form's gate, as before
    before = audit_seq()
    assert verified_client(bob).get(register_url(address_early)).status_code == 404
    rows = audit_rows_after(before)
    assert [(r.action, r.object_type, r.result, r.subject_person_id) for r in rows] == [
        ("read", "early_signal", "denied", None)
    ]


def test_a_registration_with_an_early_signal_of_someone_else_is_not_linked(
    address_early, bob
) -> None:
    before = audit_seq()
    response = verified_client(bob).post(
        reverse("cases:register"), {**REGISTRATION, "vroegsignaal": address_early.pk}, follow=True
    )
    assert Case.objects.count() == 1  # bob's own registration stands
    assert "could not be linked to the early signal" in response.content.decode()
    address_early.refresh_from_db()
    assert address_early.case is None and address_early.status == EarlySignalStatus.NEW
    rows = [(r.action, r.object_type, r.result) for r in audit_rows_after(before)]
    assert ("update", "early_signal", "denied") in rows


# --- 7. Access: anonymous, another team, a partner, an analyst ------------------------------


def test_anonymous_is_sent_to_sign_in(address_early, client) -> None:
    for url in (
        reverse("signals:early_detail", args=[address_early.pk]),
        reverse("signals:early_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    response = client.post(status_url(address_early), {"status": "in_progress"})
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    address_early.refresh_from_db()
    assert address_early.status == EarlySignalStatus.NEW


@pytest.mark.parametrize("who", ["otto", "bob", "dave"])
def test_other_team_partner_and_analyst_get_404(address_early, request, who) -> None:
    client = verified_client(request.getfixturevalue(who))
    assert page(client, address_early).status_code == 404
    listing = client.get(reverse("signals:early_list"))
    if who == "otto":  # a team member has the list, without this early signal
        assert f"/signalen/vroegsignalen/{address_early.pk}/" not in listing.content.decode()
    else:
        assert listing.status_code == 404


def test_the_address_is_not_shown_to_a_team_outside_its_district(address_early, otto) -> None:
    """Were the early signal routed to team Noord, its members would not read the address."""
    from veilig.signals.early_explain import early_subject

    address_early.team = Team.objects.get(name="Wijkteam Noord")
    address_early.save()
    subject = early_subject(user=otto, early=address_early)
    assert subject.headline == "An address in the neighbourhood Grote Markt"
    assert not subject.named


def test_an_address_in_the_registry_keeps_its_key_out_of_the_page(address_early, alice) -> None:
    home = Address.objects.get()
    content = page(verified_client(alice), address_early).content.decode()
    assert address_key(home)[:8] not in content
    assert address_early.subject_key.split(":")[-1][:8] not in content
