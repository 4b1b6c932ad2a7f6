"""The street stages in the database: records, teams, routing, signals, early warning, removal.

The city (6,000 addresses: about 19,000 records and 1,200 signals) is built once for this
module inside a transaction that is rolled back at the end; each test runs in a savepoint.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

import numpy as np
import pytest
from django.db import transaction
from django.db.models import F
from django.test import override_settings

from veilig.access.signals import signals_visible_to
from veilig.accounts.models import Organisation, User
from veilig.accounts.roles import Role
from veilig.demo import constants
from veilig.demo.generator.casework_plan import casework_anchor
from veilig.demo.selectors.street import (
    demo_early_signals,
    demo_event_sources,
    demo_events,
    demo_rules,
    demo_signals,
    demo_teams,
)
from veilig.demo.services import DemoCityOutcome, demo_city_build, demo_city_remove
from veilig.events.models import Event, EventSource
from veilig.geo.index import area_index
from veilig.geo.models import Area, AreaLevel
from veilig.registry.keys import address_key
from veilig.registry.models import Address, Person
from veilig.signals.models import RoutingRule, Signal, StatusChange
from veilig.signals.services import DEFAULT_DEADLINE_HOURS, Location, routing_rule_for
from veilig.signals.vocabulary import NEEDS_NOTE, TRANSITIONS, SignalStatus

TODAY = dt.date(2026, 3, 2)
ANCHOR = casework_anchor(TODAY)
ADDRESSES = 6_000


@pytest.fixture(scope="module")
def city(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[DemoCityOutcome]:
    with (
        django_db_blocker.unblock(),  # type: ignore[attr-defined]
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo_city_build(
                seed=2, address_count=ADDRESSES, today=TODAY, access_history=False
            )
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def db_city(city: DemoCityOutcome, db: None) -> DemoCityOutcome:
    return city


def test_counts_sources_and_codes_of_the_records(db_city):
    events = demo_events()
    assert db_city.counts["events"] == events.count() > 0.9 * 64_000 * 5 * ADDRESSES / 100_000
    assert set(demo_event_sources().values_list("name", flat=True)) == {
        "Politie (synthetisch)",
        "Handhaving (synthetisch)",
    }
    parents = dict(
        Area.objects.filter(level=AreaLevel.BUURT, code__startswith="BU9999").values_list(
            "code", "parent__code"
        )
    )
    rows = list(events.values_list("buurt_code", "wijk_code", "rd_x", "rd_y"))
    assert all(parents[buurt] == wijk for buurt, wijk, _x, _y in rows)
    xy = np.asarray([(x, y) for _b, _w, x, y in rows])
    located = area_index(level=AreaLevel.BUURT).locate_rd(xy[:, 0], xy[:, 1])
    assert (located == np.asarray([b for b, *_rest in rows])).all()
    assert not events.filter(end_at__lt=F("begin_at")).exists()
    assert not events.filter(begin_at__gte=ANCHOR).exists()


def test_keys_are_the_platforms_own(db_city):
    events = demo_events()
    pseudonyms = set(Person.objects.values_list("pseudonym", flat=True))
    person_keys = set(events.exclude(person_key="").values_list("person_key", flat=True))
    registry = person_keys & pseudonyms
    assert registry and len(person_keys - pseudonyms) > len(registry)  # key-only persons too
    at = {address_key(a): (a.rd_x, a.rd_y) for a in Address.objects.all()}
    keyed = list(events.exclude(address_key="").values_list("address_key", "rd_x", "rd_y"))
    assert keyed and all(at[key] == (x, y) for key, x, y in keyed)
    e33 = events.filter(incident_code="E33").exclude(address_key="")
    repeats = Counter(e33.values_list("address_key", flat=True))
    assert sum(1 for n in repeats.values() if n >= 2) > 10


def test_teams_one_per_stadsdeel_with_a_wijkagent_and_a_boa(db_city):
    teams = list(demo_teams().select_related("area").order_by("area__code"))
    assert [t.area.code for t in teams] == [f"SD9999{n:02d}" for n in range(1, 7)]
    assert teams[0].name == "Veiliger Wijkteam Centrum"
    for number, team in enumerate(teams, start=1):
        members = {m.user.username: m.function for m in team.memberships.select_related("user")}
        suffix = "" if number == 1 else str(number)
        assert members == {f"wijkagent{suffix}": "wijkagent", f"boa{suffix}": "boa"}
        for name in members:
            assert User.objects.get(username=name).role_codes() == {Role.TEAM_MEMBER.value}


def test_every_signal_is_routed_as_the_routing_service_routes_it(db_city):
    signals = demo_signals().select_related("category", "routed_by")
    assert db_city.counts["signals"] == signals.count() > 0.9 * 20_000 * ADDRESSES / 100_000
    teams = {t.area.code: t.pk for t in demo_teams().select_related("area")}
    matched = 0
    for signal in signals:
        location = Location(
            rd_x=signal.rd_x, rd_y=signal.rd_y, lat=signal.lat, lon=signal.lon,
            buurt_code=signal.buurt_code, wijk_code=signal.wijk_code,
            stadsdeel_code=signal.stadsdeel_code, gemeente_code=signal.gemeente_code,
        )  # fmt: skip
        rule = routing_rule_for(
            category=signal.category,
            location=location,
            occurred_at=signal.occurred_at,
            source=signal.source,
        )
        assert signal.routed_by == rule, signal.pk
        if rule is None:
            assert signal.routed_rule_name == "" and signal.team_id == teams[signal.stadsdeel_code]
            hours = DEFAULT_DEADLINE_HOURS
        else:
            matched += 1
            assert signal.routed_rule_name == rule.name
            assert (signal.team_id, signal.organisation_id) == (
                rule.target_team_id,
                rule.target_organisation_id,
            )
            hours = rule.deadline_hours
        assert signal.deadline_at == signal.reported_at + dt.timedelta(hours=hours)
    assert 0.5 * signals.count() < matched < signals.count()  # rules and the fallback both used
    assert demo_rules().filter(active=False).exists()
    assert not signals.filter(routed_by__active=False).exists()


def test_statuses_follow_the_workflow_old_closed_recent_open(db_city):
    signals = demo_signals()
    steps: dict[int, list[StatusChange]] = {}
    for change in StatusChange.objects.filter(signal__in=signals).order_by("signal", "at", "pk"):
        steps.setdefault(change.signal_id, []).append(change)
    assert len(steps) == signals.count()
    for signal in signals.only("pk", "status", "reported_at", "reported_by"):
        history = steps[signal.pk]
        assert history[0].from_status == "" and history[0].to_status == SignalStatus.NEW
        assert history[0].at == signal.reported_at and history[0].by_id == signal.reported_by_id
        for before, after in pairwise(history):
            assert after.from_status == before.to_status
            assert SignalStatus(after.to_status) in TRANSITIONS[SignalStatus(before.to_status)]
            assert before.at <= after.at < ANCHOR
            if (after.from_status, after.to_status) in NEEDS_NOTE:
                assert after.note
        assert history[-1].to_status == signal.status
    old = signals.filter(reported_at__lt=ANCHOR - dt.timedelta(days=120))
    assert old.filter(status=SignalStatus.CLOSED).count() > 0.95 * old.count()
    open_now = signals.exclude(status=SignalStatus.CLOSED)
    assert open_now.filter(reported_at__gte=ANCHOR - dt.timedelta(days=30)).exists()
    assert open_now.filter(deadline_at__lt=ANCHOR).exists()  # some are overdue


def test_persons_addresses_cases_and_restricted_signals(db_city):
    signals = demo_signals()
    assert signals.filter(persons__isnull=False).exists()
    with_address = signals.filter(address__isnull=False)
    assert with_address.exists()
    assert all(s.addresses.filter(pk=s.address_id or 0).exists() for s in with_address[:50])
    assert signals.filter(case__isnull=False).exists()
    restricted = signals.filter(category__restricted=True)
    assert restricted.count() >= 3
    assert set(restricted.values_list("routed_rule_name", flat=True)) == {
        "Radicalisering: naar de gemeente (weegploeg)"
    }
    centrum = User.objects.get(username="wijkagent")
    visible = signals_visible_to(centrum)
    assert visible.exists() and not visible.filter(category__restricted=True).exists()
    own_area = visible.filter(stadsdeel_code="SD999901").count()
    assert own_area == signals.filter(stadsdeel_code="SD999901", category__restricted=False).count()
    assert set(visible.values_list("stadsdeel_code", flat=True)) - {"SD999901"} <= set(
        visible.filter(reported_by=centrum).values_list("stadsdeel_code", flat=True)
    )


def test_early_warning_found_a_plausible_number_of_early_signals(db_city):
    early = demo_early_signals()
    assert db_city.counts["early_signals"] == early.count()
    assert 1 <= early.count() <= 200
    events = set(demo_events().values_list("pk", flat=True))
    signals = set(demo_signals().values_list("pk", flat=True))
    for item in early:
        assert set(item.event_ids) <= events and set(item.signal_ids) <= signals
        assert item.window_end <= ANCHOR
    assert early.filter(team__isnull=False).exists() or early.filter(rule__recipient="coordinator")
    # Every address key of the city's addresses is named, also when only imported events
    # carry it (issue #13: "adres of persoon met sleutel …" could not be acted on).
    keyed = {f"adres:{address_key(a)}": a.pk for a in Address.objects.all()}
    by_address = [e for e in early if e.subject_key.startswith("adres:")]
    assert by_address and all(e.address_id == keyed[e.subject_key] for e in by_address)


def test_remove_takes_the_street_along_and_leaves_other_data(db_city):
    source = EventSource.objects.create(code="politie-echt", name="Politie", format="bvh")
    kept = Event.objects.create(
        source=source, external_id="1", theme="woninginbraak", begin_at=ANCHOR,
        rd_x=233_000.0, rd_y=581_000.0, lat=53.2, lon=6.56,
    )  # fmt: skip
    other = Organisation.objects.create(code="echt", name="Echte partner")
    rule = RoutingRule.objects.create(name="Eigen regel", target_organisation=other)
    demo_city_remove()
    assert not demo_events().exists() and not demo_event_sources().exists()
    assert not demo_signals().exists() and not Signal.objects.exists()
    assert not demo_teams().exists() and not demo_rules().exists()
    assert not demo_early_signals().exists()
    assert list(Event.objects.all()) == [kept]
    assert list(RoutingRule.objects.all()) == [rule]
    assert constants.GENERATOR_VERSION >= 3
