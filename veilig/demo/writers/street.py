"""Writes the events and signals stages (``generator/events_plan``) and runs early warning.

Private to ``writers``. Early warning runs once at the end of the history, as the nightly job
would have: the coordinator and the teams then find the early signals of the last weeks.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.events_plan import street_build
from veilig.demo.generator.geography import Geography
from veilig.demo.writers.casework import CaseworkIds
from veilig.demo.writers.events import events_write
from veilig.demo.writers.persons import address_ids_of
from veilig.demo.writers.signals import signals_write, teams_and_rules_write
from veilig.geo.models import Area
from veilig.signals.early_warning import early_warning_run


def street_write(
    *,
    seed: int,
    geography: Geography,
    addresses: AddressPlan,
    areas: dict[str, Area],
    casework: CaseworkPlan,
    ids: CaseworkIds,
    anchor: dt.datetime,
) -> None:
    plan = street_build(
        seed=seed, geography=geography, addresses=addresses, casework=casework, anchor=anchor
    )
    events_write(plan=plan.events, addresses=addresses, casework=casework, seed=seed)
    teams = teams_and_rules_write(plan=plan, areas=areas)
    signals = plan.signals
    used = sorted(set(np.unique(signals.address[signals.address >= 0]).tolist()))
    signals_write(
        plan=signals,
        buurt_codes=plan.events.buurt_codes,
        wijk_codes=plan.events.wijk_codes,
        stadsdeel_codes=plan.events.stadsdeel_codes,
        address_ids=address_ids_of(addresses, used),
        person_ids=ids.persons,
        case_ids=ids.cases,
        teams=teams,
    )
    early_warning_run(now=anchor)
