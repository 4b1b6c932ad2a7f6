"""Inhabitants and households: totals, sums up the tree, denser in the centre."""

from __future__ import annotations

import numpy as np
import pytest

from veilig.demo.generator.population import apportion


def test_about_250000_inhabitants_and_plausible_households(small_plan):
    population = small_plan.population
    inhabitants = population.inhabitants["GM9999"]
    households = population.households["GM9999"]
    assert 240_000 <= inhabitants <= 260_000
    assert 1.9 <= inhabitants / households <= 2.4  # Dutch average household about 2.1


def test_every_level_sums_its_children(small_plan):
    geography, population = small_plan.geography, small_plan.population
    for parent in (geography.gemeente, *geography.stadsdelen, *geography.wijken):
        children = [a.code for a in geography.areas() if a.parent_code == parent.code]
        for figures in (population.inhabitants, population.households):
            assert figures[parent.code] == sum(figures[c] for c in children)


def test_centre_is_denser_than_the_rest(small_plan):
    geography, population = small_plan.geography, small_plan.population

    def density(area):
        return population.inhabitants[area.code] / (area.polygon.area / 1e6)

    centrum, *outer = geography.stadsdelen
    assert density(centrum) > 1.5 * max(density(s) for s in outer)


def test_apportion_sums_exactly_and_is_proportional():
    shares = apportion([1.0, 2.0, 3.0, 0.0], 601)
    assert shares.sum() == 601
    assert shares.tolist()[3] == 0
    assert np.abs(shares - np.array([100.17, 200.33, 300.5, 0])).max() < 1


def test_apportion_refuses_nonsense():
    with pytest.raises(ValueError, match="non-negative"):
        apportion([0.0, 0.0], 5)
    with pytest.raises(ValueError, match="non-negative"):
        apportion([1.0, -1.0], 5)
