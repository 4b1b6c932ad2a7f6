"""The whole city: areas, addresses, the street layer, organisations and logins, then the
casework, consultations and street stages. Private to ``services`` (see the package's docstring).
"""

from __future__ import annotations

import datetime as dt
from itertools import repeat

from django.conf import settings
from django.contrib.auth.hashers import make_password

from veilig.accounts.models import Organisation, UserRole
from veilig.accounts.services import user_create
from veilig.audit.services import audit_entries_append
from veilig.demo import constants
from veilig.demo.generator.casework_plan import casework_anchor, casework_build
from veilig.demo.generator.consultations import consultations_build
from veilig.demo.generator.geojson import rd_bounds, rd_geometry_to_geojson, rd_line_to_geojson
from veilig.demo.generator.plan import CityPlan, city_plan_build
from veilig.demo.selectors.city import demo_organisations, demo_users
from veilig.demo.writers.casework import casework_write
from veilig.demo.writers.consultations import consultations_write
from veilig.demo.writers.notifications import notifications_write
from veilig.demo.writers.street import street_write
from veilig.events.bulk import bulk_writer
from veilig.geo.models import Area, Street
from veilig.registry.models import Address


def city_write(
    *, seed: int, address_count: int, today: dt.date, access_history: bool = True
) -> None:
    """Generate the plan for ``seed`` and write every stage (call inside a transaction).

    ``today`` anchors the casework history: every simulated event lies before its midnight.
    """
    plan = city_plan_build(seed=seed, address_count=address_count)
    areas = _areas_write(plan)
    _addresses_write(plan, areas)
    _streets_write(plan, areas)
    _organisations_and_users_write(plan)
    casework = casework_build(
        seed=seed,
        geography=plan.geography,
        addresses=plan.addresses,
        today=today,
        break_glass_hours=settings.BREAK_GLASS_HOURS,
    )
    ids = casework_write(
        plan=casework, addresses=plan.addresses, areas=areas, access_history=access_history
    )
    anchor = casework_anchor(today)
    consultations = consultations_build(seed=seed, casework=casework, anchor=anchor)
    users = {user.username: user for user in demo_users().select_related("organisation")}
    orgs = {org.code: org for org in demo_organisations()}
    consultation_rows = consultations_write(
        plan=consultations,
        casework=casework,
        users=users,
        orgs=orgs,
        case_ids=ids.cases,
        person_ids=ids.persons,
        access_history=access_history,
    )
    # The inboxes, from what the casework and the consultations stored (writers.notifications).
    notifications_write(anchor=anchor)
    if access_history:
        # One chain, in time order; rows keep their simulated times (the break-the-glass
        # queue counts reads in a window). The sort is stable: ties keep the casework first.
        rows = sorted([*ids.history, *consultation_rows], key=lambda entry: entry.at)
        audit_entries_append(entries=rows)
    street_write(
        seed=seed,
        geography=plan.geography,
        addresses=plan.addresses,
        areas=areas,
        casework=casework,
        ids=ids,
        anchor=anchor,
    )


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
    writer = bulk_writer(Address, fields)
    # A first city fills an empty table: its indexes are built once at the end (see bulk).
    with writer.session(new_rows=len(columns.street)):
        writer.insert(rows)


def _streets_write(plan: CityPlan, areas: dict[str, Area]) -> None:
    """The street layer of the maps: one centre line per street (about 1,100 rows)."""
    Street.objects.bulk_create(
        (
            Street(
                name=line.name, buurt=areas[line.buurt_code], geometry=rd_line_to_geojson(line.line)
            )
            for line in plan.addresses.streets
        ),
        batch_size=500,
    )


def _organisations_and_users_write(plan: CityPlan) -> None:
    """Create the organisations and logins, or take over those a removed city left behind.

    Logins that the access log refers to outlive a removed city (see ``demo_city_remove``);
    they come back with this city's names, roles and the demo password.
    """
    kept_orgs = {org.code: org for org in demo_organisations()}
    organisations: dict[str, Organisation] = {}
    for org in plan.organisations:
        existing = kept_orgs.get(org.code)
        if existing is None:
            existing = Organisation.objects.create(
                code=org.code, name=org.name, partner_type=org.partner_type
            )
        elif (existing.name, existing.partner_type) != (org.name, org.partner_type):
            existing.name, existing.partner_type = org.name, org.partner_type
            existing.save(update_fields=["name", "partner_type"])
        organisations[org.code] = existing
    kept_users = {user.username: user for user in demo_users()}
    # One Argon2 hash for all logins (they share the documented password anyway): hashing
    # every login would take seconds.
    password_hash = make_password(constants.DEMO_PASSWORD)
    for login in plan.users:
        user = kept_users.get(login.username)
        if user is None:
            user = user_create(
                username=login.username,
                password=None,
                organisation=organisations[login.organisation_code],
                roles=login.roles,
                first_name=login.first_name,
                last_name=login.last_name,
                email=login.email,
            )
        else:
            user.organisation = organisations[login.organisation_code]
            user.first_name, user.last_name = login.first_name, login.last_name
            user.email = login.email
            user.is_active = True
            user.roles.all().delete()
            UserRole.objects.bulk_create(UserRole(user=user, role=role) for role in login.roles)
        user.password = password_hash
        user.is_staff = login.is_staff  # the functional administrator may use Django's admin
        user.save()
