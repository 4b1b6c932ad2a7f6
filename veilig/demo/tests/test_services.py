"""Building Voorbeeldstad in the database: complete, consistent, deterministic, idempotent."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import numpy as np
import pytest
import shapely

from veilig.accounts.models import Organisation, User
from veilig.accounts.roles import PartnerType, Role
from veilig.demo import constants
from veilig.demo.generator.geojson import geojson_to_rd_geometry
from veilig.demo.generator.postcodes import postcode_is_valid
from veilig.demo.models import DemoState
from veilig.demo.selectors.city import demo_addresses, demo_areas, demo_city_digest
from veilig.demo.services import DemoCityError, demo_city_build, demo_city_remove
from veilig.demo.tests.conftest import tiling_errors
from veilig.geo.models import Area, AreaLevel, Street
from veilig.registry.models import Address

ADDRESSES = 1_500

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    # The access-log history is tested in test_casework; it would make every build here slow.
    return demo_city_build(seed=5, address_count=ADDRESSES, access_history=False)


def shape(geometry: dict[str, Any] | None):
    assert geometry is not None
    return geojson_to_rd_geometry(geometry)


def stored(level):
    return list(Area.objects.filter(level=level, code__contains="9999").select_related("parent"))


def test_build_writes_the_whole_city(city):
    assert city.built
    assert city.counts["addresses"] == ADDRESSES
    assert Counter(demo_areas().values_list("level", flat=True)) == {
        AreaLevel.GEMEENTE: 1,
        AreaLevel.STADSDEEL: 6,
        AreaLevel.WIJK: city.counts["areas"] - 7 - len(stored(AreaLevel.BUURT)),
        AreaLevel.BUURT: len(stored(AreaLevel.BUURT)),
    }
    assert 96 <= len(stored(AreaLevel.BUURT)) <= 104
    assert 23 <= len(stored(AreaLevel.WIJK)) <= 27
    state = DemoState.objects.get()
    assert (state.seed, state.generator_version, state.address_count) == (
        5,
        constants.GENERATOR_VERSION,
        ADDRESSES,
    )
    assert state.digest == demo_city_digest()


def test_the_street_layer_is_stored_with_the_city(city):
    """One line per street of the addresses, in its buurt, as GeoJSON in WGS84 (docs/maps.md)."""
    streets = set(Address.objects.values_list("street", flat=True))
    assert city.counts["streets"] == len(streets) == Street.objects.count()
    assert set(Street.objects.values_list("name", flat=True)) == streets
    for street in Street.objects.select_related("buurt"):
        assert street.buurt is not None and street.buurt.code.startswith("BU9999")
        assert street.geometry["type"] in {"LineString", "MultiLineString"}
        line = shapely.from_geojson(json.dumps(street.geometry))
        lon, lat = shapely.get_coordinates(line).T
        assert ((lon > 5.4) & (lon < 5.9) & (lat > 52.3) & (lat < 52.6)).all()


def test_stored_buurten_tile_the_stored_gemeente_and_parents_are_right(city):
    gemeente = Area.objects.get(code="GM9999", boundary_year=constants.BOUNDARY_YEAR)
    assert gemeente.parent is None and gemeente.name == "Voorbeeldstad"
    shapes = {area.code: shape(area.geometry) for area in demo_areas()}
    buurten = stored(AreaLevel.BUURT)
    errors = tiling_errors([shapes[b.code] for b in buurten], shapes["GM9999"])
    assert sum(errors.values()) < 1.0 * len(buurten), errors
    for level, parent_level in (
        (AreaLevel.STADSDEEL, AreaLevel.GEMEENTE),
        (AreaLevel.WIJK, AreaLevel.STADSDEEL),
        (AreaLevel.BUURT, AreaLevel.WIJK),
    ):
        for area in stored(level):
            assert area.parent.level == parent_level
            outside = shapes[area.code].difference(shapes[area.parent.code]).area
            assert outside < 1.0, area.code
    for parent in Area.objects.filter(code__contains="9999").exclude(level=AreaLevel.BUURT):
        children = list(parent.children.all())
        errors = tiling_errors([shapes[c.code] for c in children], shapes[parent.code])
        assert sum(errors.values()) < 1.0 * len(children), (parent.code, errors)
        assert parent.inhabitants == sum(c.inhabitants or 0 for c in children)
        assert parent.households == sum(c.households or 0 for c in children)


def test_rd_bounding_boxes_match_the_geometry(city):
    for area in demo_areas():
        min_x, _, _, max_y = shapely.bounds(shape(area.geometry))
        assert abs(min_x - area.rd_min_x) < 0.05 and abs(max_y - area.rd_max_y) < 0.05


def test_every_address_lies_inside_its_stored_buurt(city):
    rows = list(demo_addresses().values_list("buurt__geometry", "buurt__code", "rd_x", "rd_y"))
    assert len(rows) == ADDRESSES
    by_buurt: dict[str, list[tuple[float, float]]] = {}
    shapes: dict[str, Any] = {}
    for geometry, code, x, y in rows:
        shapes.setdefault(code, geometry)
        by_buurt.setdefault(code, []).append((x, y))
    for code, points in by_buurt.items():
        xy = np.asarray(points)
        polygon = shape(shapes[code])
        assert shapely.contains_xy(polygon, xy[:, 0], xy[:, 1]).all(), code


def test_postcodes_are_valid_and_addresses_unique(city):
    keys = list(
        Address.objects.values_list(
            "postcode", "house_number", "house_letter", "house_number_addition"
        )
    )
    assert len(keys) == len(set(keys)) == ADDRESSES
    assert all(postcode_is_valid(key[0]) for key in keys)
    assert set(Address.objects.values_list("city", flat=True)) == {"Voorbeeldstad"}


def test_every_role_has_a_demo_user_who_can_sign_in(city):
    users = User.objects.filter(email__endswith="@voorbeeldstad.example")
    roles = {role for user in users for role in user.role_codes()}
    assert roles == {role.value for role in Role}
    assert not users.filter(is_superuser=True).exists()
    assert list(users.filter(is_staff=True).values_list("username", flat=True)) == ["beheer"]
    for username, partner_type in (
        ("politie", PartnerType.POLICE),
        ("ggz", PartnerType.MENTAL_HEALTH),
        ("wijkagent", PartnerType.POLICE),
        ("beheer", PartnerType.MUNICIPALITY),
    ):
        organisation = User.objects.get(username=username).organisation
        assert organisation is not None and organisation.partner_type == partner_type
    types = set(
        Organisation.objects.filter(code__startswith="vbs-").values_list("partner_type", flat=True)
    )
    assert types == {t.value for t in PartnerType} - {PartnerType.OTHER.value}
    assert all(user.check_password(constants.DEMO_PASSWORD) for user in users)
    assert users.count() == 27  # 17 + the wijkagent and BOA of five more teams


def test_rerun_with_the_same_seed_changes_nothing(city, django_assert_max_num_queries):
    before = demo_city_digest()
    ids = list(Address.objects.order_by("pk").values_list("pk", flat=True)[:10])
    with django_assert_max_num_queries(13):  # the state, the counts (8) and the transaction
        again = demo_city_build(seed=5, address_count=ADDRESSES, access_history=False)
    assert not again.built
    assert demo_city_digest() == before
    assert list(Address.objects.order_by("pk").values_list("pk", flat=True)[:10]) == ids


def test_another_seed_is_refused_without_replace_and_nothing_changes(city):
    before = demo_city_digest()
    with pytest.raises(DemoCityError, match="--replace"):
        demo_city_build(seed=6, address_count=ADDRESSES)
    with pytest.raises(DemoCityError, match="--replace"):
        demo_city_build(seed=5, address_count=ADDRESSES + 1)
    assert demo_city_digest() == before


def test_replace_builds_another_city_and_the_same_seed_comes_back_identical(city):
    first = demo_city_digest()
    other = demo_city_build(seed=6, address_count=ADDRESSES, replace=True, access_history=False)
    assert other.built and other.counts["addresses"] == ADDRESSES
    assert demo_city_digest() != first
    assert User.objects.filter(username="regisseur").count() == 1
    back = demo_city_build(seed=5, address_count=ADDRESSES, replace=True, access_history=False)
    assert back.built and demo_city_digest() == first == back.state.digest


def test_leftovers_without_state_are_refused_then_replaced(city):
    DemoState.objects.all().delete()
    with pytest.raises(DemoCityError, match="--replace"):
        demo_city_build(seed=5, address_count=ADDRESSES)
    assert demo_city_build(
        seed=5, address_count=ADDRESSES, replace=True, access_history=False
    ).built


def test_remove_leaves_other_data_alone(city, alice):
    other = Area.objects.create(
        code="GM0014", name="Groningen", level="gemeente", boundary_year=2017
    )
    demo_city_remove()
    assert not demo_areas().exists() and not Address.objects.exists()
    assert not Street.objects.exists()
    assert not User.objects.filter(username="regisseur").exists()
    assert not DemoState.objects.exists()
    assert Area.objects.get() == other
    assert User.objects.get() == alice


@pytest.mark.parametrize(("seed", "addresses"), [(-1, 10), (2**31, 10), (1, -5), (1, 10**7)])
def test_bad_arguments_are_refused(seed, addresses):
    with pytest.raises(DemoCityError):
        demo_city_build(seed=seed, address_count=addresses)
    assert not DemoState.objects.exists()
