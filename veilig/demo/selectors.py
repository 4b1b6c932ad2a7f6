"""Reads about the demo city: its state, whether its data is present, and its digest."""

from __future__ import annotations

import hashlib
import json

from django.db.models import Q, QuerySet

from veilig.accounts.models import Organisation, User
from veilig.demo import constants
from veilig.demo.generator.organisations import DEMO_ORGANISATION_CODES, DEMO_USERNAMES
from veilig.demo.models import DemoState
from veilig.geo.models import Area
from veilig.registry.models import Address


def demo_state_get() -> DemoState | None:
    return DemoState.objects.filter(pk=1).first()


def demo_areas() -> QuerySet[Area]:
    """Every area of Voorbeeldstad (its codes use the fictional gemeente number)."""
    number = constants.GEMEENTE_NUMBER
    return Area.objects.filter(boundary_year=constants.BOUNDARY_YEAR).filter(
        Q(code=constants.GEMEENTE_CODE)
        | Q(code__startswith=f"SD{number}")
        | Q(code__startswith=f"WK{number}")
        | Q(code__startswith=f"BU{number}")
    )


def demo_addresses() -> QuerySet[Address]:
    return Address.objects.filter(buurt__in=demo_areas())


def demo_users() -> QuerySet[User]:
    return User.objects.filter(username__in=DEMO_USERNAMES)


def demo_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(code__in=DEMO_ORGANISATION_CODES)


def demo_city_data_exists() -> bool:
    """True when any area, user or organisation of the demo city is in the database."""
    return (
        demo_areas().exists()
        or demo_users().exists()
        or Organisation.objects.filter(
            Q(code__in=DEMO_ORGANISATION_CODES) | Q(name__startswith="Gemeente Voorbeeldstad")
        ).exists()
    )


def demo_city_digest() -> str:
    """SHA-256 over everything the generator wrote (not password hashes, ids or times).

    Equal digests mean an identical city: codes, names, figures, geometries, addresses,
    organisations and logins.
    """
    digest = hashlib.sha256()

    def feed(row: object) -> None:
        digest.update(json.dumps(row, sort_keys=True, separators=(",", ":")).encode())
        digest.update(b"\n")

    for area in demo_areas().select_related("parent").order_by("code"):
        feed(
            [
                area.code,
                area.name,
                area.level,
                area.parent.code if area.parent else None,
                area.boundary_year,
                area.inhabitants,
                area.households,
                area.geometry,
                [area.rd_min_x, area.rd_min_y, area.rd_max_x, area.rd_max_y],
            ]
        )
    rows = demo_addresses().order_by(
        "postcode", "house_number", "house_letter", "house_number_addition"
    )
    for row in rows.values_list(
        "street",
        "house_number",
        "house_letter",
        "house_number_addition",
        "postcode",
        "city",
        "buurt__code",
        "rd_x",
        "rd_y",
        "lat",
        "lon",
    ).iterator(chunk_size=10_000):
        feed(list(row))
    for organisation in demo_organisations().order_by("code"):
        feed([organisation.code, organisation.name, organisation.partner_type])
    for user in demo_users().select_related("organisation").order_by("username"):
        feed(
            [
                user.username,
                user.organisation.code if user.organisation else None,
                user.first_name,
                user.last_name,
                user.email,
                user.is_staff,
                user.is_superuser,
                sorted(user.roles.values_list("role", flat=True)),
            ]
        )
    return digest.hexdigest()
