"""The whole city as plain data: the output of every generator stage for one seed."""

from __future__ import annotations

from dataclasses import dataclass

from veilig.demo.generator.addresses import AddressPlan, addresses_build
from veilig.demo.generator.geography import Geography, geography_build
from veilig.demo.generator.organisations import (
    ORGANISATIONS,
    OrganisationPlan,
    UserPlan,
    users_build,
)
from veilig.demo.generator.population import Population, population_build


@dataclass(frozen=True)
class CityPlan:
    seed: int
    geography: Geography
    population: Population
    addresses: AddressPlan
    organisations: tuple[OrganisationPlan, ...]
    users: tuple[UserPlan, ...]


def city_plan_build(*, seed: int, address_count: int) -> CityPlan:
    geography = geography_build(seed=seed)
    population = population_build(seed=seed, geography=geography)
    return CityPlan(
        seed=seed,
        geography=geography,
        population=population,
        addresses=addresses_build(
            seed=seed, geography=geography, population=population, count=address_count
        ),
        organisations=ORGANISATIONS,
        users=users_build(seed=seed),
    )
