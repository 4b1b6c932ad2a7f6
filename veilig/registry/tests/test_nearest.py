"""The nearest registry address of a point and the main street of a square (docs/maps.md)."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from itertools import count, repeat

import numpy as np
import pytest

from veilig.events.bulk import bulk_writer
from veilig.registry.models import Address
from veilig.registry.selectors import address_nearest, streets_in_squares

pytestmark = pytest.mark.django_db

X0, Y0 = 171_000.0, 498_000.0  # Voorbeeldstad's centre area, RD metres
_postcodes = (f"{8300 + n // 26}{chr(65 + n % 26)}B" for n in count())


def _address(street: str, number: int, x: float, y: float, *, addition: str = "") -> Address:
    return Address.objects.create(
        street=street,
        house_number=number,
        house_number_addition=addition,
        postcode=next(_postcodes),
        city="Voorbeeldstad",
        rd_x=x,
        rd_y=y,
        lat=52.47,
        lon=5.62,
    )


def test_a_known_point_gets_its_known_address() -> None:
    _address("Kerkstraat", 12, X0 + 10, Y0)
    _address("Kerkstraat", 14, X0 + 18, Y0)
    _address("Molenweg", 3, X0 - 14, Y0 + 3)
    found = address_nearest(rd_x=X0 + 4, rd_y=Y0 + 1)
    assert found is not None
    assert found.address.street_and_number == "Kerkstraat 12"
    assert found.metres == pytest.approx(math.hypot(6, 1))
    found = address_nearest(rd_x=X0 - 9, rd_y=Y0)
    assert found is not None and found.address.street_and_number == "Molenweg 3"


def test_beyond_the_first_square_and_beyond_the_limit() -> None:
    _address("Dijkweg", 1, X0 + 180, Y0)  # outside the 25 m and 100 m squares
    found = address_nearest(rd_x=X0, rd_y=Y0)
    assert found is not None and found.address.street == "Dijkweg"
    assert found.metres == pytest.approx(180)
    assert address_nearest(rd_x=X0 - 100, rd_y=Y0) is None  # 280 m: more than 250 m away
    assert address_nearest(rd_x=X0 - 100, rd_y=Y0, within=300) is not None
    assert address_nearest(rd_x=math.nan, rd_y=Y0) is None


def test_a_corner_of_the_square_is_not_taken_for_the_nearest() -> None:
    # In the 25 m square, but 33 m away (its corner); a house 27 m away lies outside the square.
    _address("Hoekstraat", 1, X0 + 24, Y0 + 23)
    _address("Rechtestraat", 2, X0, Y0 + 27)
    found = address_nearest(rd_x=X0, rd_y=Y0)
    assert found is not None and found.address.street == "Rechtestraat"


def test_flats_in_one_building_give_the_lowest_addition() -> None:
    for addition in ("3", "1", "H", "2"):
        Address.objects.create(
            street="Flatlaan", house_number=7, house_number_addition=addition, postcode="8399ZZ",
            city="Voorbeeldstad", rd_x=X0, rd_y=Y0, lat=52.47, lon=5.62,
        )  # fmt: skip
    found = address_nearest(rd_x=X0 + 1, rd_y=Y0)
    assert found is not None
    assert found.address.house_number_addition == "1"
    assert found.address.street_and_number == "Flatlaan 7"


def test_the_street_of_a_square_is_the_one_with_most_addresses() -> None:
    square = (X0, Y0, X0 + 125, Y0 + 125)
    for n, x in enumerate((10, 30, 50)):
        _address("Kerkstraat", n + 1, X0 + x, Y0 + 10)
    _address("Dorpsstraat", 1, X0 + 60, Y0 + 60)  # nearest the centre, but one address
    _address("Dorpsstraat", 3, X0 + 70, Y0 + 70)
    for n in range(5):  # many, but just outside the square
        _address("Buitenweg", n + 1, X0 + 126 + n, Y0 + 60)
    # A tie: the street whose address lies nearest the centre.
    tie = (X0 + 1000, Y0, X0 + 1125, Y0 + 125)
    _address("Verre Laan", 1, X0 + 1001, Y0 + 1)
    _address("Midden", 1, X0 + 1060, Y0 + 60)
    empty = (X0 - 500, Y0 - 500, X0 - 375, Y0 - 375)
    assert streets_in_squares(squares=[square, tie, empty]) == ["Kerkstraat", "Midden", ""]
    # An empty square may take the street of the address nearest its centre, within reach.
    _address("Parkrand", 1, X0 - 437.5, Y0 - 437.5 + 100)  # 100 m from the empty centre
    assert streets_in_squares(squares=[empty], search=125) == ["Parkrand"]
    assert streets_in_squares(squares=[empty], search=90) == [""]
    assert streets_in_squares(squares=[square, empty], search=125) == ["Kerkstraat", "Parkrand"]
    assert streets_in_squares(squares=[]) == []


def _rows(xs: np.ndarray, ys: np.ndarray) -> Iterable[tuple[object, ...]]:
    for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
        yield (f"Straat {i // 90}", i % 90 + 1, f"{8300 + i // 900}{chr(65 + i // 90 % 10)}A", x, y)


def test_fast_and_right_on_a_city_of_100000_addresses() -> None:
    """The demo's size: 100,000 addresses over 8 x 10 km. Every answer equals a brute-force
    search over all of them, and a lookup takes milliseconds (the square uses the RD index)."""
    rng = np.random.default_rng(13)
    n = 100_000
    xs = np.round(rng.uniform(167_500, 175_500, n), 3)
    ys = np.round(rng.uniform(493_500, 503_500, n), 3)
    fields = "street house_number postcode rd_x rd_y house_letter house_number_addition city"
    writer = bulk_writer(Address, [*fields.split(), "lat", "lon"])
    with writer.session(new_rows=n):
        writer.insert(
            (*row, "", "", city, 52.47, 5.62)
            for row, city in zip(_rows(xs, ys), repeat("Voorbeeldstad"), strict=False)
        )
    points = np.column_stack([rng.uniform(168_000, 175_000, 60), rng.uniform(494_000, 503_000, 60)])
    started = time.perf_counter()
    answers = [address_nearest(rd_x=float(x), rd_y=float(y)) for x, y in points]
    per_lookup = (time.perf_counter() - started) / len(points)
    print(f"nearest address: {per_lookup * 1000:.2f} ms per lookup among {n} addresses")
    for (x, y), answer in zip(points, answers, strict=True):
        distances = np.hypot(xs - x, ys - y)
        assert answer is not None
        assert answer.metres == pytest.approx(float(distances.min()), abs=1e-6)
    assert per_lookup < 0.05, f"{per_lookup * 1000:.1f} ms per lookup"
