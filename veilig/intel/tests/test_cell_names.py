"""Flagged forecast cells are named by street and buurt, on the server (docs/maps.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import count

import pytest
from django.utils import timezone, translation

from veilig.accounts.models import User
from veilig.intel.teammap import FlaggedCell, cell_place, team_forecast
from veilig.intel.tests.conftest import add_events
from veilig.registry.models import Address
from veilig.signals.models import Team
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

# The cell 125m-E233500-N581500 of the Centrum district (buurt "Centrum-buurt"), and a cell
# 1 km east of it, 125m-E234500-N581500.
HOT = (233_562.5, 581_562.5)
EAST = (234_562.5, 581_562.5)
_numbers = count(1)


def _address(street: str, x: float, y: float) -> None:
    Address.objects.create(
        street=street,
        house_number=next(_numbers),
        postcode="9999ZZ",
        city="Proefstad",
        rd_x=x,
        rd_y=y,
        lat=0.0,
        lon=0.0,
    )


@pytest.fixture
def hotspots(teams: dict[str, Team]) -> None:
    recent = [timezone.now() - dt.timedelta(days=d) for d in (3, 5, 8, 13)]
    add_events([HOT] * 4, recent, theme="fietsdiefstal")
    add_events([EAST] * 3, recent[:3], theme="fietsdiefstal")


def _flagged(team: Team) -> dict[str, FlaggedCell]:
    result = team_forecast(team=team, theme="fietsdiefstal", method="naive")
    assert result.forecast is not None
    return {c.cell_id: c for c in result.forecast.flagged}


def test_a_cell_in_a_buurt_on_a_street_gets_that_name(
    hotspots: None, teams: dict[str, Team]
) -> None:
    x, y = HOT
    for dx in (-40, -10, 20):  # three houses of the Kerkstraat in the cell
        _address("Kerkstraat", x + dx, y + 30)
    _address("Dorpsstraat", x + 2, y + 2)  # one, nearest the centre: fewer addresses lose
    for dx in range(6):  # many, but in the next cell
        _address("Buitenweg", x + 70 + dx, y)
    # The eastern cell has no address of its own; the nearest lies 100 m from its centre.
    _address("Molenpad", EAST[0], EAST[1] + 100)
    cells = _flagged(teams["centrum"])
    hot, east = cells["125m-E233500-N581500"], cells["125m-E234500-N581500"]
    assert (hot.street_name, hot.area_name) == ("Kerkstraat", "Centrum-buurt")
    assert (east.street_name, east.area_name) == ("Molenpad", "Centrum-buurt")
    with translation.override("en"):
        assert cell_place(hot) == "Kerkstraat and surroundings, quarter Centrum-buurt"
    with translation.override("nl"):
        # The Dutch comes with the catalogue (e.g. "Kerkstraat e.o., buurt Centrum-buurt").
        assert "Kerkstraat" in cell_place(hot) and "Centrum-buurt" in cell_place(hot)


def test_without_addresses_or_areas_the_name_falls_back(
    hotspots: None, teams: dict[str, Team]
) -> None:
    hot = _flagged(teams["centrum"])["125m-E233500-N581500"]
    assert hot.street_name == ""  # nothing within one cell of the centre
    with translation.override("en"):
        assert cell_place(hot) == "quarter Centrum-buurt"
        assert cell_place(replace(hot, area_name="")) == "125m-E233500-N581500"
        assert cell_place(replace(hot, street_name="Kerkstraat", area_name="")) == (
            "Kerkstraat and surroundings"
        )


def test_the_page_shows_the_place_with_the_cell_id_as_a_note(
    hotspots: None, teams: dict[str, Team], carol: User
) -> None:
    _address("Kerkstraat", HOT[0], HOT[1])
    client = verified_client(carol)
    with translation.override("en"):
        response = client.get(
            f"/voorspellingen/teams/{teams['centrum'].pk}/?thema=fietsdiefstal",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    html = response.content.decode()
    row = html.split('data-cell="125m-E233500-N581500"', 1)[1].split("</tr>", 1)[0]
    assert "Kerkstraat" in row and "Centrum-buurt" in row
    assert "125m-E233500-N581500" in row  # the technical id stays, as secondary text
    labels = [c["label"] for c in response.context["payload"]["cells"]]
    assert any("Kerkstraat" in label and "Centrum-buurt" in label for label in labels)
