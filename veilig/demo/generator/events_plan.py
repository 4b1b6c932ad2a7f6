"""The events and signals stages together: records, teams, routing rules and signals for a seed
and a day. Like the casework they depend on the build day: the history is the five years
before its midnight. Each part draws from its own stream (``city-space``, ``events``,
``signals``), so adding them changed none of the earlier stages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.events import EventPlan, events_build
from veilig.demo.generator.events_space import city_space_build
from veilig.demo.generator.geography import Geography
from veilig.demo.generator.seeding import stage_rng
from veilig.demo.generator.signals import SignalPlan, signals_build
from veilig.demo.generator.teams import RulePlan, TeamPlan, rules_build, teams_build


@dataclass(frozen=True)
class StreetPlan:
    events: EventPlan
    teams: tuple[TeamPlan, ...]
    rules: tuple[RulePlan, ...]
    signals: SignalPlan


def street_build(
    *,
    seed: int,
    geography: Geography,
    addresses: AddressPlan,
    casework: CaseworkPlan,
    anchor: dt.datetime,
) -> StreetPlan:
    """Everything that happened on the street in the five years before ``anchor``."""
    space = city_space_build(
        rng=stage_rng(seed=seed, stage="city-space"), geography=geography, addresses=addresses
    )
    events = events_build(seed=seed, space=space, casework=casework, anchor=anchor)
    teams = teams_build(geography=geography)
    signals = signals_build(
        seed=seed,
        space=space,
        events=events,
        casework=casework,
        teams=teams,
        streets=addresses.street,
        anchor=anchor,
    )
    return StreetPlan(
        events=events, teams=teams, rules=rules_build(geography=geography), signals=signals
    )
