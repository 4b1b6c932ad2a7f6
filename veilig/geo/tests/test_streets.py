"""The local street layer: what /gebieden/straten.geojson serves, to whom, and how it caches."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.geo.models import Street
from veilig.geo.views import _streets_body
from veilig.testing.personas import verified_client
from veilig.web.tests.areas import build_small_city

URL = reverse("geo:streets_geojson")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _streets() -> list[Street]:
    areas = build_small_city()
    return [
        Street.objects.create(
            name="Kerkstraat",
            buurt=areas["BU99990101"],
            geometry={"type": "LineString", "coordinates": [[6.5601, 53.2151], [6.5635, 53.2178]]},
        ),
        Street.objects.create(
            name="Achterom",
            buurt=areas["BU99990102"],
            geometry={
                "type": "MultiLineString",
                "coordinates": [
                    [[6.5651, 53.2151], [6.5660, 53.2160]],
                    [[6.5665, 53.2165], [6.567, 53.217]],
                ],
            },
        ),
        # Not a line: left out rather than breaking the map.
        Street.objects.create(
            name="Kapot", geometry={"type": "Point", "coordinates": [6.56, 53.2]}
        ),
    ]


def test_anonymous_and_half_signed_in_users_get_nothing(client: Client, bob: User) -> None:
    _streets()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")
    client.force_login(bob)  # password only, no second factor yet
    response = client.get(URL)
    assert response.status_code == 302 and "tweestaps" in response["Location"]


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "dave", "erin", "frank", "grace"])
def test_every_signed_in_role_gets_the_lines_with_their_names(request: Any, persona: str) -> None:
    _streets()
    client = verified_client(request.getfixturevalue(persona))
    before = AuditEntry.objects.count()
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert [f["properties"] for f in data["features"]] == [
        {"name": "Achterom"},
        {"name": "Kerkstraat"},
    ]
    assert [f["geometry"]["type"] for f in data["features"]] == ["MultiLineString", "LineString"]
    # Synthetic streets, no personal data: not in the access log.
    assert AuditEntry.objects.count() == before


def test_the_browser_keeps_it_an_hour_and_then_revalidates(alice_client: Client) -> None:
    _streets()
    response = alice_client.get(URL)
    assert response["Cache-Control"] == "private, max-age=3600"
    etag = response["ETag"]
    assert etag.startswith('"') and len(etag) == 34
    again = alice_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == "private, max-age=3600"
    # A compressed answer carries a weak tag; sent back, it matches too.
    weak = alice_client.get(URL, HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    assert weak.status_code == 304
    assert alice_client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_changed_layer_gets_a_new_etag_at_once(alice_client: Client) -> None:
    streets = _streets()
    first = alice_client.get(URL)["ETag"]
    streets[0].delete()  # a rebuilt demo city: other rows, other ids
    response = alice_client.get(URL, HTTP_IF_NONE_MATCH=first)
    assert response.status_code == 200 and response["ETag"] != first
    assert [f["properties"]["name"] for f in json.loads(response.content)["features"]] == [
        "Achterom"
    ]


def test_compressed_for_browsers_that_accept_it(alice_client: Client) -> None:
    _streets()
    plain = alice_client.get(URL)
    packed = alice_client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content


def test_an_empty_layer_is_an_empty_collection(alice_client: Client) -> None:
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert json.loads(response.content) == {"type": "FeatureCollection", "features": []}


def test_a_cached_layer_costs_one_small_query(
    alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    _streets()
    alice_client.get(URL)  # fills the cache
    with django_assert_max_num_queries(1) as captured:
        _streets_body()
    assert "COUNT" in captured.captured_queries[0]["sql"].upper()
