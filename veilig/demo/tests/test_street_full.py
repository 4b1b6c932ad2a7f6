"""The street stages at full size (100,000 addresses), as `make demo` builds them: generated in
seconds, at least 300,000 records and about 20,000 signals. No database."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import numpy as np

from veilig.demo import constants
from veilig.demo.generator.casework_plan import casework_anchor, casework_build
from veilig.demo.generator.events_plan import street_build
from veilig.demo.generator.plan import city_plan_build

TODAY = dt.date(2026, 3, 2)


def test_full_size_records_and_signals():
    city = city_plan_build(seed=1, address_count=constants.DEFAULT_ADDRESS_COUNT)
    casework = casework_build(
        seed=1, geography=city.geography, addresses=city.addresses, today=TODAY
    )
    started = time.perf_counter()
    plan = street_build(
        seed=1,
        geography=city.geography,
        addresses=city.addresses,
        casework=casework,
        anchor=casework_anchor(TODAY),
    )
    seconds = time.perf_counter() - started
    assert len(plan.events) >= 300_000
    assert 19_000 <= len(plan.signals) <= 21_000
    assert seconds < 30, f"generating took {seconds:.1f} s"  # a few seconds on an idle machine
    years = Counter(
        (
            plan.events.begin.astype("datetime64[s]").astype("datetime64[Y]").astype(int) + 1970
        ).tolist()
    )
    full_years = [years[y] for y in sorted(years)[1:-1]]
    assert all(55_000 < n < 75_000 for n in full_years), years
    status = Counter(plan.signals.workflow.status)
    assert status["afgehandeld"] > 0.95 * len(plan.signals)
    assert 50 < len(plan.signals) - status["afgehandeld"] < 1_000  # open work for the teams
    assert Counter(plan.signals.category)["radicalisering"] == 30
    assert np.unique(plan.events.person[plan.events.person >= 0]).size > 2_000
