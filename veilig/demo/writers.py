"""The writers of ``services.demo_city_build``, one per generator stage. Private to services.

Importing this module loads numpy, shapely, pyproj and Faker; ``services`` imports it only
when it really builds, so that a re-run that finds the city already there stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice, repeat
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Field, Model

from veilig.accounts.models import Organisation
from veilig.accounts.services import user_create
from veilig.demo import constants
from veilig.demo.generator.geojson import rd_bounds, rd_geometry_to_geojson
from veilig.demo.generator.plan import CityPlan, city_plan_build
from veilig.geo.models import Area
from veilig.registry.models import Address

INSERT_BATCH_SIZE = 10_000


def city_write(*, seed: int, address_count: int) -> None:
    """Generate the plan for ``seed`` and write every stage (call inside a transaction)."""
    plan = city_plan_build(seed=seed, address_count=address_count)
    areas = _areas_write(plan)
    _addresses_write(plan, areas)
    _organisations_and_users_write(plan)
    # Later stages (persons, cases, signals, events) add their writer here.


def rows_insert(model: type[Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert plain rows (already of the database's types) with ``executemany``.

    Ten times faster than ``bulk_create`` on SQLite, whose batches Django limits to 999
    parameters. Like ``bulk_create`` it sends no signals; the database still checks every
    constraint, so a bad row aborts the whole transaction.
    """
    quote = connection.ops.quote_name
    columns = [_column(model, name) for name in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(str(model._meta.db_table)),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, INSERT_BATCH_SIZE)):
            cursor.executemany(sql, batch)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return str(field.column)


def _areas_write(plan: CityPlan) -> dict[str, Area]:
    """Every area, level by level so parents have ids; returns the areas by code."""
    geography, population = plan.geography, plan.population
    written: dict[str, Area] = {}
    for level in (geography.gemeente,), geography.stadsdelen, geography.wijken, geography.buurten:
        rows = []
        for area in level:
            min_x, min_y, max_x, max_y = rd_bounds(area.polygon)
            rows.append(
                Area(
                    code=area.code,
                    name=area.name,
                    level=area.level,
                    parent=written[area.parent_code] if area.parent_code else None,
                    boundary_year=constants.BOUNDARY_YEAR,
                    inhabitants=population.inhabitants[area.code],
                    households=population.households[area.code],
                    geometry=rd_geometry_to_geojson(area.polygon),
                    rd_min_x=min_x,
                    rd_min_y=min_y,
                    rd_max_x=max_x,
                    rd_max_y=max_y,
                )
            )
        for created in Area.objects.bulk_create(rows):
            written[created.code] = created
    return written


def _addresses_write(plan: CityPlan, areas: dict[str, Area]) -> None:
    columns = plan.addresses
    buurt_ids = {code: area.pk for code, area in areas.items()}
    rows = zip(
        columns.street,
        columns.house_number,
        columns.house_letter,
        columns.addition,
        columns.postcode,
        repeat(constants.CITY_NAME),
        (buurt_ids[code] for code in columns.buurt_code),
        columns.rd_x.tolist(),
        columns.rd_y.tolist(),
        columns.lat.tolist(),
        columns.lon.tolist(),
    )
    fields = (
        "street",
        "house_number",
        "house_letter",
        "house_number_addition",
        "postcode",
        "city",
        "buurt",
        "rd_x",
        "rd_y",
        "lat",
        "lon",
    )
    rows_insert(Address, fields, rows)


def _organisations_and_users_write(plan: CityPlan) -> None:
    organisations = {
        created.code: created
        for created in Organisation.objects.bulk_create(
            Organisation(code=org.code, name=org.name, partner_type=org.partner_type)
            for org in plan.organisations
        )
    }
    # One Argon2 hash for all logins (they share the documented password anyway): hashing
    # twelve times would take seconds.
    password_hash = make_password(constants.DEMO_PASSWORD)
    for login in plan.users:
        user = user_create(
            username=login.username,
            password=None,
            organisation=organisations[login.organisation_code],
            roles=login.roles,
            first_name=login.first_name,
            last_name=login.last_name,
            email=login.email,
        )
        user.password = password_hash
        user.is_staff = login.is_staff  # the functional administrator may use Django's admin
        user.save(update_fields=["password", "is_staff"])
