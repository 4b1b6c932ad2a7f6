"""Area names: letters, digits, spaces and a few signs; no markup, no control characters."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import User
from veilig.geo.models import Area, AreaLevel
from veilig.geo.names import area_name_problem
from veilig.testing.personas import verified_client

# Real Dutch names of gemeenten, wijken and buurten (CBS), in every shape the list allows.
REAL_NAMES = [
    "Groningen",
    "'s-Hertogenbosch",
    "’s-Gravenhage",
    "Helpman e.o.",
    "Stainkoel'n",
    "Hortusbuurt-Ebbingekwartier",
    "Súdwest-Fryslân",
    "Nuenen, Gerwen en Nederwetten",
    "Bedrijventerrein A1/A12",
    "Oosterpark (Noord)",
    "Rijnsburg: Centrum",
    "Kop van Zuid & Entrepot",
    "Ytsje 2+",
    "IJsselstein",
    "Bergen (NH.)",
    "Cafe\u0301 Noord",  # a decomposed accent (combining mark)
]

BAD_NAMES = {
    "<img src=x onerror=window.__x=1>": "“<”",
    "<script>alert(1)</script>": "“<”",
    'Noord" onmouseover="x': '“"”',
    "Noord\x00": "U+0000",
    "Noord\nZuid": "U+000A",
    "Noord\tZuid": "U+0009",
    "Noord\u202eZuid": "U+202E",
    "Noord\u200bZuid": "U+200B",
    "{{ 7*7 }}": "“{”",
    "Noord`x`": "“`”",
}


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_are_allowed(name: str) -> None:
    assert area_name_problem(name) is None


@pytest.mark.parametrize(("name", "shown"), BAD_NAMES.items())
def test_markup_and_control_characters_are_refused(name: str, shown: str) -> None:
    problem = area_name_problem(name)
    assert problem is not None
    assert "characters that are not allowed" in problem
    assert shown in problem


def test_too_long_names_are_refused() -> None:
    assert area_name_problem("a" * 200) is None
    assert "longer than 200" in (area_name_problem("a" * 201) or "")


def area_editor(grace: User) -> Client:
    """The functional administrator as a staff user who may edit areas."""
    grace.is_staff = True
    grace.save()
    grace.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_area", "change_area"])
    )
    return verified_client(grace)


def test_the_admin_refuses_a_name_with_markup(grace: User) -> None:
    grace_client = area_editor(grace)
    area = Area.objects.create(
        code="BU99990101", name="Oosthoek", level=AreaLevel.BUURT, boundary_year=2021
    )
    url = reverse("admin:geo_area_change", args=[area.pk])
    data = {
        "code": area.code,
        "name": "<img src=x onerror=window.__x=1>",
        "level": AreaLevel.BUURT,
        "boundary_year": "2021",
        "parent": "",
        "inhabitants": "",
        "households": "",
    }

    response = grace_client.post(url, data)

    assert response.status_code == 200  # the form again, with the error beside the name
    assert "characters that are not allowed" in response.content.decode()
    area.refresh_from_db()
    assert area.name == "Oosthoek"

    response = grace_client.post(url, {**data, "name": "Oosthoek-Noord"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == "Oosthoek-Noord"
