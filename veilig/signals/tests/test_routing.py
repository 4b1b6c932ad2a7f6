"""Routing: rules evaluated in order, the first match wins; every condition is checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from veilig.accounts.roles import PartnerType
from veilig.signals.models import RoutingRule
from veilig.signals.services import time_in_window
from veilig.signals.tests.conftest import NOORD, category, make_signal
from veilig.signals.vocabulary import Priority
from veilig.testing.personas import organisation

pytestmark = pytest.mark.django_db


def _at(hour: int, minute: int = 0) -> dt.datetime:
    today = timezone.localtime() - dt.timedelta(days=1)
    return today.replace(hour=hour, minute=minute, second=0, microsecond=0)


def test_first_matching_rule_in_order_wins(teams, city, carol) -> None:
    ggz = organisation("ggz", PartnerType.MENTAL_HEALTH)
    RoutingRule.objects.create(name="Alles naar Noord", order=30, target_team=teams["noord"])
    RoutingRule.objects.create(
        name="Verward gedrag naar GGZ",
        order=10,
        category=category("verward-gedrag"),
        target_organisation=ggz,
        priority=Priority.HIGH,
        deadline_hours=4,
    )
    RoutingRule.objects.create(
        name="Centrum naar team Centrum",
        order=20,
        area=city["SD999901"],
        target_team=teams["centrum"],
    )
    confused = make_signal(carol, code="verward-gedrag")
    assert confused.routed_rule_name == "Verward gedrag naar GGZ"
    assert confused.organisation == ggz and confused.team is None
    assert confused.priority == Priority.HIGH
    assert confused.deadline_at == confused.reported_at + dt.timedelta(hours=4)

    youth = make_signal(carol, code="overlast-jeugd")
    assert youth.routed_rule_name == "Centrum naar team Centrum"
    assert youth.team == teams["centrum"]

    elsewhere = make_signal(carol, code="overlast-jeugd", point=NOORD)
    assert elsewhere.routed_rule_name == "Alles naar Noord"


def test_reordering_changes_the_winner_and_inactive_rules_are_skipped(teams, carol) -> None:
    first = RoutingRule.objects.create(name="A", order=1, target_team=teams["noord"])
    RoutingRule.objects.create(name="B", order=2, target_team=teams["centrum"])
    assert make_signal(carol).routed_by == first
    first.order = 3
    first.save()
    assert make_signal(carol).routed_rule_name == "B"
    RoutingRule.objects.filter(name="B").update(active=False)
    assert make_signal(carol).routed_rule_name == "A"


def test_category_rule_covers_subcategories(teams, carol) -> None:
    RoutingRule.objects.create(
        name="Drugs", order=1, category=category("drugsoverlast"), target_team=teams["noord"]
    )
    assert make_signal(carol, code="drugsoverlast-handel").routed_rule_name == "Drugs"
    assert make_signal(carol, code="vernieling").routed_rule_name == ""


def test_area_rule_matches_buurt_wijk_and_stadsdeel_codes(teams, city, carol) -> None:
    RoutingRule.objects.create(
        name="Buurt", order=1, area=city["BU99990301"], target_team=teams["noord"]
    )
    assert make_signal(carol, point=NOORD).routed_rule_name == "Buurt"
    assert make_signal(carol).routed_rule_name == ""


def test_source_condition(teams, carol) -> None:
    RoutingRule.objects.create(
        name="Bewoners", order=1, source="bewoner", target_team=teams["noord"]
    )
    assert make_signal(carol, source="bewoner").routed_rule_name == "Bewoners"
    assert make_signal(carol, source="wijkteam").routed_rule_name == ""


def test_time_window_including_one_that_passes_midnight(teams, carol) -> None:
    RoutingRule.objects.create(
        name="Nacht",
        order=1,
        time_from=dt.time(22),
        time_until=dt.time(6),
        target_team=teams["noord"],
    )
    assert make_signal(carol, occurred_at=_at(23, 30)).routed_rule_name == "Nacht"
    assert make_signal(carol, occurred_at=_at(5, 59)).routed_rule_name == "Nacht"
    assert make_signal(carol, occurred_at=_at(6, 0)).routed_rule_name == ""
    assert make_signal(carol, occurred_at=_at(12, 0)).routed_rule_name == ""


def test_time_in_window_edges() -> None:
    assert time_in_window(dt.time(9), dt.time(9), dt.time(17))
    assert not time_in_window(dt.time(17), dt.time(9), dt.time(17))
    assert time_in_window(dt.time(3), None, None)
    assert time_in_window(dt.time(0), dt.time(22), dt.time(6))
    assert not time_in_window(dt.time(21, 59), dt.time(22), dt.time(6))
