"""Early warning with hand-made sequences: hits, near misses and deduplication."""

from __future__ import annotations

import datetime as dt
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from veilig.events.models import Event, EventSource
from veilig.geo.rd import rd_point_to_wgs84, wgs84_point_to_rd
from veilig.registry.keys import address_key
from veilig.registry.models import Address
from veilig.registry.services import person_create
from veilig.signals.early_warning import early_warning_run
from veilig.signals.models import EarlySignal, EarlyWarningRule
from veilig.signals.tests.conftest import CENTRUM, address, make_signal
from veilig.signals.vocabulary import EarlyRuleKind, EarlySignalStatus
from veilig.testing.worker import worker_run

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2025, 3, 1, 12, 0))
BASE_X, BASE_Y = wgs84_point_to_rd(CENTRUM[1], CENTRUM[0])
_ids = itertools.count(1)


def only(kind: EarlyRuleKind) -> EarlyWarningRule:
    EarlyWarningRule.objects.exclude(kind=kind).update(active=False)
    return EarlyWarningRule.objects.get(kind=kind)


def day(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def event(
    *,
    theme: str = "overig",
    at: dt.datetime,
    source: str = "bvh",
    dx: float = 0,
    dy: float = 0,
    address_key: str = "",
    person_key: str = "",
) -> Event:
    src, _ = EventSource.objects.get_or_create(
        code=source, defaults={"name": source, "format": "generic"}
    )
    x, y = BASE_X + dx, BASE_Y + dy
    lon, lat = rd_point_to_wgs84(x, y)
    return Event.objects.create(
        source=src,
        external_id=str(next(_ids)),
        theme=theme,
        begin_at=at,
        rd_x=x,
        rd_y=y,
        lat=lat,
        lon=lon,
        buurt_code="BU99990101",
        address_key=address_key,
        person_key=person_key,
    )


def signal_at(
    reporter,
    *,
    at: dt.datetime,
    code: str = "overlast-personen",
    source="wijkteam",
    home: Address | None = None,
    dx: float = 0,
    dy: float = 0,
    persons=(),
):
    if home is not None:
        return make_signal(
            reporter, code=code, occurred_at=at, source=source, address=home, persons=persons
        )
    lon, lat = rd_point_to_wgs84(BASE_X + dx, BASE_Y + dy)
    return make_signal(
        reporter, code=code, occurred_at=at, source=source, point=(lat, lon), persons=persons
    )


# --- An address or person with >= 3 signals or events from >= 2 sources in 30 days ----------


def test_address_with_three_items_from_two_sources_is_a_hit(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    home = address()
    s1 = signal_at(carol, at=day(20), home=home)
    s2 = signal_at(carol, at=day(10), home=home, source="politie")
    e1 = event(at=day(5), address_key=address_key(home))
    result = early_warning_run(now=NOW)
    assert result.created == 1
    early = EarlySignal.objects.get()
    assert early.signal_ids == sorted([s1.pk, s2.pk]) and early.event_ids == [e1.pk]
    assert early.address == home
    assert early.subject_key == f"adres:{address_key(home)}"


def test_person_with_three_items_from_two_sources_is_a_hit(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    person = person_create(first_name="Test", last_name="Persoon")
    signal_at(carol, at=day(3), persons=[person])
    signal_at(carol, at=day(2), persons=[person])
    event(at=day(1), person_key=person.pseudonym, source="boa")
    early_warning_run(now=NOW)
    early = EarlySignal.objects.get()
    assert early.person == person and len(early.signal_ids) == 2 and len(early.event_ids) == 1


def test_near_miss_two_signals_only(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    home = address()
    signal_at(carol, at=day(10), home=home)
    signal_at(carol, at=day(5), home=home, source="politie")
    assert early_warning_run(now=NOW).created == 0


def test_near_miss_three_from_one_source(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    home = address()
    for n in (12, 8, 4):
        signal_at(carol, at=day(n), home=home)
    assert early_warning_run(now=NOW).created == 0


def test_near_miss_three_spread_over_more_than_thirty_days(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    home = address()
    signal_at(carol, at=day(50), home=home)
    signal_at(carol, at=day(25), home=home, source="politie")
    event(at=day(1), address_key=address_key(home))
    assert early_warning_run(now=NOW).created == 0


def test_restricted_signals_take_no_part(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_SUBJECT)
    home = address()
    signal_at(carol, at=day(3), home=home, code="radicalisering")
    signal_at(carol, at=day(2), home=home, code="radicalisering", source="politie")
    signal_at(carol, at=day(1), home=home, code="radicalisering", source="partner")
    assert early_warning_run(now=NOW).created == 0


# --- Verward gedrag at the same address twice in 14 days ----------------------------------------


def test_confused_behaviour_twice_at_one_address_within_14_days(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_ADDRESS_CATEGORY)
    home = address()
    signal_at(carol, at=day(14), home=home, code="verward-gedrag")
    event(at=day(1), theme="verward_gedrag", address_key=address_key(home))
    assert early_warning_run(now=NOW).created == 1
    early = EarlySignal.objects.get()
    assert early.team == teams["centrum"]  # this rule is for the team of the area


def test_near_miss_confused_behaviour_15_days_apart(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_ADDRESS_CATEGORY)
    home = address()
    signal_at(carol, at=day(16), home=home, code="verward-gedrag")
    signal_at(carol, at=day(1), home=home, code="verward-gedrag")
    assert early_warning_run(now=NOW).created == 0


def test_near_miss_confused_behaviour_at_two_addresses(teams, carol) -> None:
    only(EarlyRuleKind.REPEAT_ADDRESS_CATEGORY)
    signal_at(carol, at=day(3), home=address(number=1), code="verward-gedrag")
    signal_at(carol, at=day(2), home=address(number=3), code="verward-gedrag")
    assert early_warning_run(now=NOW).created == 0


# --- A burst of burglaries within 200 m in 7 days -----------------------------------------------


def test_burglary_burst_within_200_m_and_7_days(teams, carol) -> None:
    only(EarlyRuleKind.SPATIAL_BURST)
    s = signal_at(carol, at=day(7), code="woninginbraak")
    e1 = event(theme="woninginbraak", at=day(3), dx=120)
    e2 = event(theme="woninginbraak", at=day(0.5), dx=-50, dy=190)
    event(theme="fietsdiefstal", at=day(1), dx=10)  # another theme does not count
    assert early_warning_run(now=NOW).created == 1
    early = EarlySignal.objects.get()
    assert early.signal_ids == [s.pk] and early.event_ids == sorted([e1.pk, e2.pk])
    assert early.team == teams["centrum"] and early.stadsdeel_code == "SD999901"


def test_near_miss_burglary_201_m_apart(teams, carol) -> None:
    only(EarlyRuleKind.SPATIAL_BURST)
    event(theme="woninginbraak", at=day(3))
    event(theme="woninginbraak", at=day(2), dx=1)
    event(theme="woninginbraak", at=day(1), dx=201.5)  # 201 m from both others
    assert early_warning_run(now=NOW).created == 0


def test_near_miss_burglaries_8_days_apart(teams, carol) -> None:
    only(EarlyRuleKind.SPATIAL_BURST)
    event(theme="woninginbraak", at=day(9))
    event(theme="woninginbraak", at=day(5), dx=20)
    event(theme="woninginbraak", at=day(1), dx=40)
    assert early_warning_run(now=NOW).created == 0


# --- Deduplication ------------------------------------------------------------------------------


def test_same_set_twice_is_one_early_signal_and_an_extended_set_updates_it(teams, carol) -> None:
    only(EarlyRuleKind.SPATIAL_BURST)
    for n, dx in ((3, 0), (2, 30), (1, 60)):
        event(theme="woninginbraak", at=day(n), dx=dx)
    assert early_warning_run(now=NOW).created == 1
    second = early_warning_run(now=NOW)
    assert (second.created, second.updated) == (0, 0) and second.unchanged >= 1
    early = EarlySignal.objects.get()
    early.status = EarlySignalStatus.DONE
    early.save()
    fourth = event(theme="woninginbraak", at=day(0.1), dx=90)
    third = early_warning_run(now=NOW)
    assert (third.created, third.updated) == (0, 1)
    early.refresh_from_db()
    assert fourth.pk in early.event_ids and len(early.event_ids) == 4
    assert early.status == EarlySignalStatus.NEW  # new evidence reopens it
    # A separate cluster 2 km away is a second early signal.
    for n in (3, 2, 1):
        event(theme="woninginbraak", at=day(n), dx=2000)
    assert early_warning_run(now=NOW).created == 1
    assert EarlySignal.objects.count() == 2


def test_management_command(teams, carol) -> None:
    only(EarlyRuleKind.SPATIAL_BURST)
    for n in (3, 2, 1):
        event(theme="woninginbraak", at=day(n))
    out = StringIO()
    call_command("early_warning", "--at", NOW.isoformat(), stdout=out)
    assert "created 1" in out.getvalue()


# --- On a schedule, without cron ------------------------------------------------------------


def test_the_scheduler_and_a_worker_run_the_rules(teams, carol, settings) -> None:
    """The worker's scheduler enqueues early warning when due; the worker runs it at its own
    now. Three items at an address from two sources (the first test's hit) give one early
    signal; a second tick within the interval enqueues nothing."""
    from django_tasks_db.models import DBTaskResult

    from veilig.scheduler.services import scheduler_tick

    assert settings.PERIODIC_TASKS["early_warning"] == (
        "veilig.signals.tasks.early_warning",
        settings.EARLY_WARNING_MINUTES,
    )
    only(EarlyRuleKind.REPEAT_SUBJECT)
    now = timezone.now()
    home = address()
    signal_at(carol, at=now - dt.timedelta(days=20), home=home)
    signal_at(carol, at=now - dt.timedelta(days=10), home=home, source="politie")
    event(at=now - dt.timedelta(days=5), address_key=address_key(home))
    assert "early_warning" in scheduler_tick(now=now)
    assert not EarlySignal.objects.exists()  # enqueued, not yet run
    worker_run()
    early = EarlySignal.objects.get()
    assert early.address == home
    task = DBTaskResult.objects.get(task_path="veilig.signals.tasks.early_warning")
    assert task.status == "SUCCESSFUL"
    assert task.return_value == {"created": 1, "updated": 0, "unchanged": 0}
    later = now + dt.timedelta(minutes=settings.EARLY_WARNING_MINUTES - 1)
    assert "early_warning" not in scheduler_tick(now=later)
