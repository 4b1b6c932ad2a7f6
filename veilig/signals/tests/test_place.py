"""Where a signal is, in words: the nearest address of a map or GPS point, and area names."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from veilig.accounts.models import User
from veilig.geo.rd import wgs84_point_to_rd
from veilig.signals.selectors import signal_place
from veilig.signals.tests.conftest import CENTRUM, address, make_signal
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db


def _location(carol: User, signal_id: int) -> str:
    html = verified_client(carol).get(reverse("signals:detail", args=[signal_id])).content
    return html.decode().split('id="signal-location">', 1)[1].split("</dd>", 1)[0]


def test_a_gps_signal_shows_the_nearest_address_and_the_area_names(
    teams: object, carol: User
) -> None:
    near = address("Grote Markt", 12, point=(CENTRUM[0] + 0.0001, CENTRUM[1]))  # about 11 m
    address("Grote Markt", 40, point=(CENTRUM[0] + 0.0008, CENTRUM[1]), postcode="9711AB")
    signal = make_signal(location_method="gps")
    place = signal_place(signal=signal)
    assert place.nearest is not None and place.nearest.address == near
    assert 10 < place.nearest.metres < 13
    assert (place.buurt_name, place.wijk_name) == ("Grote Markt", "Binnenstad")
    shown = _location(carol, signal.pk)
    assert "Near Grote Markt 12, about 11 m away" in shown
    assert "Quarter Grote Markt, neighbourhood Binnenstad" in shown
    assert "BU99990101" not in shown  # the buurt by name, never by its CBS code
    # The coordinates stay, as a note under the address.
    assert 'id="signal-coordinates"' in shown
    assert re.search(r"53[.,]21700, 6[.,]56200", shown)


def test_a_signal_at_an_address_needs_no_search(teams: object, carol: User) -> None:
    home = address("Kerkpad", 3)
    signal = make_signal(address=home)
    assert signal_place(signal=signal).nearest is None
    shown = _location(carol, signal.pk)
    assert str(home) in shown and 'id="signal-coordinates"' not in shown


def test_no_address_nearby_says_so(teams: object, carol: User) -> None:
    _x, y = wgs84_point_to_rd(CENTRUM[1], CENTRUM[0])
    far = address("Verweg", 1, point=(CENTRUM[0] + 0.004, CENTRUM[1]))  # about 445 m north
    assert far.rd_y - y > 400
    signal = make_signal()
    assert signal_place(signal=signal).nearest is None
    assert "No address within 250 m" in _location(carol, signal.pk)
