"""The partner organisations of the Veiligheidshuis Voorbeeldstad and one demo login per role.

Names of organisations are fictional ("Voorbeeldland" is the made-up region); the people
behind the logins get synthetic names from Faker. Pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from veilig.accounts.roles import PartnerType, Role
from veilig.demo.generator.seeding import stage_faker


@dataclass(frozen=True)
class OrganisationPlan:
    code: str
    name: str
    partner_type: PartnerType


@dataclass(frozen=True)
class UserPlan:
    username: str
    organisation_code: str
    roles: tuple[Role, ...]
    first_name: str
    last_name: str
    email: str
    is_staff: bool = False


ORGANISATIONS: tuple[OrganisationPlan, ...] = (
    OrganisationPlan("vbs-gemeente", "Gemeente Voorbeeldstad", PartnerType.MUNICIPALITY),
    OrganisationPlan("vbs-politie", "Politie eenheid Voorbeeldland", PartnerType.POLICE),
    OrganisationPlan(
        "vbs-om", "Openbaar Ministerie, parket Voorbeeldland", PartnerType.PROSECUTION
    ),
    OrganisationPlan(
        "vbs-reclassering", "Reclassering, regio Voorbeeldstad", PartnerType.PROBATION
    ),
    OrganisationPlan("vbs-ggz", "GGZ Voorbeeldland", PartnerType.MENTAL_HEALTH),
    OrganisationPlan("vbs-veilig-thuis", "Veilig Thuis Voorbeeldland", PartnerType.VEILIG_THUIS),
    OrganisationPlan(
        "vbs-rvdk",
        "Raad voor de Kinderbescherming, regio Voorbeeldland",
        PartnerType.CHILD_PROTECTION,
    ),
    OrganisationPlan("vbs-woonstede", "Woonstede Voorbeeldstad", PartnerType.HOUSING),
    OrganisationPlan("vbs-stadswonen", "Stichting Stadswonen", PartnerType.HOUSING),
    OrganisationPlan("vbs-wijkteam", "Sociaal Wijkteam Voorbeeldstad", PartnerType.SOCIAL_TEAM),
    OrganisationPlan(
        "vbs-onderwijs", "Stichting Openbaar Onderwijs Voorbeeldstad", PartnerType.EDUCATION
    ),
)

# (username, organisation, roles, is_staff). One login per role; partners at several partners.
_LOGINS: tuple[tuple[str, str, tuple[Role, ...], bool], ...] = (
    ("regisseur", "vbs-gemeente", (Role.COORDINATOR,), False),
    ("politie", "vbs-politie", (Role.PARTNER,), False),
    ("ggz", "vbs-ggz", (Role.PARTNER,), False),
    ("reclassering", "vbs-reclassering", (Role.PARTNER,), False),
    ("veiligthuis", "vbs-veilig-thuis", (Role.PARTNER,), False),
    ("corporatie", "vbs-woonstede", (Role.PARTNER,), False),
    ("wijkagent", "vbs-politie", (Role.TEAM_MEMBER,), False),
    ("boa", "vbs-gemeente", (Role.TEAM_MEMBER,), False),
    ("analist", "vbs-gemeente", (Role.ANALYST,), False),
    ("beleid", "vbs-gemeente", (Role.POLICY,), False),
    ("privacy", "vbs-gemeente", (Role.PRIVACY_OFFICER,), False),
    ("beheer", "vbs-gemeente", (Role.ADMIN,), True),
    # Partner logins of the remaining organisations, so that every partner of the casework demo
    # can sign in and see its own cases (appended: the names of the logins above stay the same).
    ("om", "vbs-om", (Role.PARTNER,), False),
    ("raad", "vbs-rvdk", (Role.PARTNER,), False),
    ("stadswonen", "vbs-stadswonen", (Role.PARTNER,), False),
    ("wijkteam", "vbs-wijkteam", (Role.PARTNER,), False),
    ("onderwijs", "vbs-onderwijs", (Role.PARTNER,), False),
    # The wijkagent and BOA of the teams of the other five stadsdelen (``wijkagent`` and ``boa``
    # work in Centrum); see generator/teams.py.
    *((f"wijkagent{n}", "vbs-politie", (Role.TEAM_MEMBER,), False) for n in range(2, 7)),
    *((f"boa{n}", "vbs-gemeente", (Role.TEAM_MEMBER,), False) for n in range(2, 7)),
)

DEMO_USERNAMES: tuple[str, ...] = tuple(login[0] for login in _LOGINS)
DEMO_ORGANISATION_CODES: tuple[str, ...] = tuple(org.code for org in ORGANISATIONS)


def users_build(*, seed: int) -> tuple[UserPlan, ...]:
    """The demo logins with synthetic names (the names depend on the seed, the logins not)."""
    faker = stage_faker(seed=seed, stage="users")
    users = []
    for username, organisation, roles, is_staff in _LOGINS:
        users.append(
            UserPlan(
                username=username,
                organisation_code=organisation,
                roles=roles,
                first_name=str(faker.first_name()),
                last_name=str(faker.last_name()),
                email=f"{username}@voorbeeldstad.example",
                is_staff=is_staff,
            )
        )
    return tuple(users)
