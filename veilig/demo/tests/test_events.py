"""The synthetic incident records: volumes, near-repeat, rhythms, repeat persons and addresses.

The generator is pure, so these tests run without a database, on a city of 20,000 addresses
(a fifth of the full size: about 64,000 records). test_street_full checks the full size once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest
from scipy.spatial import cKDTree

from veilig.demo.generator.casework_plan import casework_anchor, casework_build
from veilig.demo.generator.events import (
    CATEGORIES,
    HISTORY_YEARS,
    NO_TIME,
    EventPlan,
    events_build,
    events_checksum,
)
from veilig.demo.generator.events_plan import StreetPlan, street_build
from veilig.demo.generator.events_space import city_space_build
from veilig.demo.generator.events_themes import THEMES
from veilig.demo.generator.events_time import TZ, hour_grid
from veilig.demo.generator.plan import CityPlan, city_plan_build
from veilig.demo.generator.seeding import stage_rng
from veilig.geo.index import AreaIndex

TODAY = dt.date(2026, 3, 2)
ANCHOR = casework_anchor(TODAY)
ADDRESSES = 20_000
DAY = 86_400


@pytest.fixture(scope="module")
def city() -> CityPlan:
    return city_plan_build(seed=11, address_count=ADDRESSES)


@pytest.fixture(scope="module")
def street(city: CityPlan) -> StreetPlan:
    casework = casework_build(
        seed=11, geography=city.geography, addresses=city.addresses, today=TODAY
    )
    return street_build(
        seed=11,
        geography=city.geography,
        addresses=city.addresses,
        casework=casework,
        anchor=ANCHOR,
    )


def theme(plan: EventPlan, code: str) -> np.ndarray:
    found: np.ndarray = plan.themes() == code
    return found


def knox_ratio(plan: EventPlan, mask: np.ndarray, *, metres: float, days: float) -> float:
    """Pairs close in space and time, against the same pairs with the times shuffled."""
    xy = np.column_stack([plan.rd_x[mask], plan.rd_y[mask]])
    times = plan.begin[mask]
    pairs = cKDTree(xy).query_pairs(metres, output_type="ndarray")
    observed = (np.abs(times[pairs[:, 0]] - times[pairs[:, 1]]) <= days * DAY).sum()
    rng = np.random.default_rng(0)
    expected = []
    for _ in range(10):
        shuffled = rng.permutation(times)
        expected.append((np.abs(shuffled[pairs[:, 0]] - shuffled[pairs[:, 1]]) <= days * DAY).sum())
    return float(observed / np.mean(expected))


def months(seconds: np.ndarray) -> np.ndarray:
    return seconds.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64) % 12 + 1


def local_hours(seconds: np.ndarray) -> np.ndarray:
    return np.asarray([dt.datetime.fromtimestamp(int(s), TZ).hour for s in seconds])


def test_volume_scales_with_the_city_and_every_theme_is_there(street):
    plan = street.events
    expected = sum(spec.per_year for spec in THEMES) + 6_500 * 0.6 / 0.85
    expected *= HISTORY_YEARS * ADDRESSES / 100_000
    assert 0.9 * expected < len(plan) < 1.1 * expected, (len(plan), expected)
    counts = Counter(plan.themes().tolist())
    assert set(counts) == {spec.code for spec in THEMES}
    assert counts["overlast_jeugd"] > counts["woninginbraak"] > 0
    assert set(plan.source.tolist()) == {0, 1}


def test_near_repeat_burglary_is_there_and_only_where_the_process_puts_it(street):
    plan = street.events
    burglary = theme(plan, "woninginbraak")
    assert burglary.sum() > 1_000
    assert knox_ratio(plan, burglary, metres=200, days=14) > 1.5
    # Bicycle theft has no self-excitation: its hotspots are stable, so shuffling time
    # barely changes the count of close pairs.
    assert knox_ratio(plan, theme(plan, "fietsdiefstal"), metres=200, days=14) < 1.25


def test_burglary_in_the_dark_months_and_youth_on_summer_evenings(street):
    plan = street.events
    burglary = plan.begin[theme(plan, "woninginbraak")]
    dark = np.isin(months(burglary), [11, 12, 1]).sum()
    light = np.isin(months(burglary), [5, 6, 7]).sum()
    assert dark > 1.4 * light
    youth = plan.begin[theme(plan, "overlast_jeugd")]
    summer = np.isin(months(youth), [6, 7, 8]).sum()
    winter = np.isin(months(youth), [12, 1, 2]).sum()
    assert summer > 1.4 * winter
    hours = local_hours(youth[:5_000])
    assert ((hours >= 18) | (hours < 1)).sum() > 3 * ((hours >= 6) & (hours < 13)).sum()


def test_weekly_cycle_of_night_life_violence(street):
    plan = street.events
    violence = plan.begin[theme(plan, "geweld") & (plan.address < 0)]
    local = [dt.datetime.fromtimestamp(int(s), TZ) for s in violence[:6_000]]
    nights = Counter((m - dt.timedelta(hours=6)).weekday() for m in local)
    assert nights[5] > 2 * nights[1]  # Saturday night against Tuesday night


def test_hic_themes_huiselijk_geweld_straatroof_and_overval(street):
    plan = street.events
    counts = Counter(plan.themes().tolist())
    years = HISTORY_YEARS * ADDRESSES / 100_000
    for code, per_year in (("huiselijk_geweld", 900), ("straatroof", 350), ("overval", 60)):
        assert 0.7 * per_year * years < counts[code] < 1.3 * per_year * years, (code, counts)
    names = {CATEGORIES[c][1] for c in np.unique(plan.category[theme(plan, "geweld")]).tolist()}
    assert names == {"Mishandeling", "Bedreiging", "Openlijk geweld"}  # no record counts twice
    domestic = theme(plan, "huiselijk_geweld")
    assert (plan.address[domestic] >= 0).all() and (plan.source[domestic] == 0).all()
    hours = local_hours(plan.begin[domestic][:3_000])
    assert ((hours >= 17) | (hours < 1)).sum() > 2 * ((hours >= 6) & (hours < 13)).sum()
    robbery = theme(plan, "straatroof")
    assert (plan.address[robbery] < 0).all()
    hours = local_hours(plan.begin[robbery])
    assert ((hours >= 18) | (hours < 2)).sum() > 2 * ((hours >= 6) & (hours < 14)).sum()
    # Shop robberies happen at the shopping centres more than across the city.
    shops = cKDTree(np.column_stack([plan.rd_x, plan.rd_y])[theme(plan, "winkeldiefstal")])

    def to_shops(mask: np.ndarray) -> float:
        return float(np.median(shops.query(np.column_stack([plan.rd_x, plan.rd_y])[mask])[0]))

    holdup = theme(plan, "overval") & (plan.address < 0)
    assert holdup.sum() > 20
    assert to_shops(holdup) < 0.25 * to_shops(theme(plan, "vernieling"))
    home = {CATEGORIES[c][1] for c in plan.category[theme(plan, "overval") & (plan.address >= 0)]}
    assert home <= {"Woningoverval"}


def test_e33_has_repeat_persons_repeat_addresses_and_registry_persons(street):
    plan = street.events
    e33 = theme(plan, "verward_gedrag")
    codes = {CATEGORIES[c][2] for c in np.unique(plan.category[e33]).tolist()}
    assert codes == {"E33"}
    addresses = Counter(plan.address[e33 & (plan.address >= 0)].tolist())
    assert sum(1 for n in addresses.values() if n >= 2) > 100
    persons = Counter(plan.person[e33 & (plan.person >= 0)].tolist())
    assert sum(1 for n in persons.values() if n >= 2) > 100
    assert max(persons.values()) >= 10  # a few persons come back again and again
    registry = [p for p in persons if p < plan.registry_count]
    assert len(registry) > 20
    # Known persons' records at home carry their address: repeat person = repeat address.
    assert (e33 & (plan.person >= 0) & (plan.address >= 0)).sum() > 0.4 * (
        e33 & (plan.person >= 0)
    ).sum()


def test_every_record_lies_in_a_buurt_of_the_city_with_its_codes(city, street):
    plan = street.events
    buurten = city.geography.buurten
    index = AreaIndex.from_rd_geometries(
        codes=[b.code for b in buurten], geometries=[b.polygon for b in buurten]
    )
    located = index.locate_rd(plan.rd_x, plan.rd_y)
    assert (located != "").all()
    assert (located == np.asarray(plan.buurt_codes)[plan.buurt]).all()
    parents = {b.code: b.parent_code for b in buurten}
    assert all(parents[b] == w for b, w in zip(plan.buurt_codes, plan.wijk_codes, strict=True))
    at_address = plan.address >= 0
    assert (
        plan.rd_x[at_address] == np.round(city.addresses.rd_x[plan.address[at_address]], 3)
    ).all()
    assert (np.abs(plan.lat - 52.47) < 0.1).all() and (np.abs(plan.lon - 5.63) < 0.1).all()


def test_times_are_consistent_and_inside_the_history(street):
    plan = street.events
    anchor = int(ANCHOR.timestamp())
    assert (plan.begin < anchor).all() and (plan.reported < anchor).all()
    assert plan.begin.min() >= int(ANCHOR.timestamp()) - 5 * 366 * DAY - 14 * DAY
    has_end = plan.end != NO_TIME
    assert (plan.begin[has_end] <= plan.end[has_end]).all()
    assert (plan.end[has_end] <= plan.reported[has_end]).all()
    assert (plan.reported >= plan.begin).all()
    burglary = theme(plan, "woninginbraak")
    assert has_end[burglary].all()
    window = (plan.end - plan.begin)[burglary]
    assert np.median(window) > 3_600  # a window of hours: the residents were away
    assert not has_end[theme(plan, "verward_gedrag")].any()
    assert (np.diff(plan.begin) >= 0).all()  # in order of the begin
    assert len(set(plan.external_id)) == len(plan)


def test_hour_grid_knows_daylight_saving_time_and_darkness():
    start = dt.datetime(2025, 3, 29, tzinfo=TZ).astimezone(dt.UTC)
    grid = hour_grid(start=start, end=start + dt.timedelta(days=3))
    local = [dt.datetime.fromtimestamp(int(s), TZ).hour for s in grid.utc]
    assert grid.local_hour.tolist() == local
    december = dt.datetime(2025, 12, 21, tzinfo=TZ).astimezone(dt.UTC)
    winter = hour_grid(start=december, end=december + dt.timedelta(days=1))
    assert (
        winter.dark[winter.local_hour == 18].all()
        and not winter.dark[winter.local_hour == 13].any()
    )
    june = dt.datetime(2025, 6, 21, tzinfo=TZ).astimezone(dt.UTC)
    summer = hour_grid(start=june, end=june + dt.timedelta(days=1))
    assert not summer.dark[summer.local_hour == 18].any()
    assert winter.new_year.sum() == 0
    eve = dt.datetime(2025, 12, 31, tzinfo=TZ).astimezone(dt.UTC)
    assert hour_grid(start=eve, end=eve + dt.timedelta(days=2)).new_year.sum() == 10


def test_same_seed_same_records_other_seed_other_records(small_plan):
    casework = casework_build(
        seed=7, geography=small_plan.geography, addresses=small_plan.addresses, today=TODAY
    )

    def build(seed: int) -> EventPlan:
        space = city_space_build(
            rng=stage_rng(seed=seed, stage="city-space"),
            geography=small_plan.geography,
            addresses=small_plan.addresses,
        )
        return events_build(seed=seed, space=space, casework=casework, anchor=ANCHOR)

    first, again, other = build(7), build(7), build(8)
    assert len(first) == len(again) and events_checksum(first) == events_checksum(again)
    assert events_checksum(other) != events_checksum(first)
    assert len(first) > 10_000 * len(small_plan.addresses) / 100_000


def test_signals_follow_the_records(street):
    events, signals = street.events, street.signals
    assert 0.9 * 4_000 < len(signals) < 1.1 * 4_000  # 20,000 at full size
    e33 = theme(events, "verward_gedrag")
    tree = cKDTree(np.column_stack([events.rd_x[e33], events.rd_y[e33]]))
    begin = events.begin[e33]
    confused = np.asarray([c == "verward-gedrag" for c in signals.category])
    xy = np.column_stack([signals.rd_x[confused], signals.rd_y[confused]])
    near = tree.query_ball_point(xy, r=300.0)
    at = signals.occurred[confused]
    follows = [
        any(0 <= at[i] - begin[j] <= 3 * DAY for j in candidates)
        for i, candidates in enumerate(near)
    ]
    assert np.mean(follows) > 0.6  # most are reported within days of a record close by
    anchor = int(ANCHOR.timestamp())
    assert (signals.occurred < anchor).all() and (signals.reported >= signals.occurred).all()
    assert {len(p) for p in signals.persons} <= {0, 1} and any(signals.persons)


def test_a_city_without_addresses_has_no_street():
    empty = city_plan_build(seed=3, address_count=0)
    casework = casework_build(
        seed=3, geography=empty.geography, addresses=empty.addresses, today=TODAY
    )
    plan = street_build(
        seed=3, geography=empty.geography, addresses=empty.addresses, casework=casework,
        anchor=ANCHOR,
    )  # fmt: skip
    assert len(plan.events) == 0 and len(plan.signals) == 0
    assert len(plan.teams) == 6
