"""Building blocks for casework tests: synthetic persons, tables and cases."""

from __future__ import annotations

import datetime as dt
import itertools

from veilig.accounts.models import Organisation, User
from veilig.accounts.roles import PartnerType
from veilig.audit.context import AuditContext
from veilig.cases.models import (
    Case,
    Contribution,
    Participant,
    ParticipantRole,
    Table,
    TableMember,
)
from veilig.cases.services import case_register
from veilig.cases.vocabulary import DataCategory, LegalBasis, Scope, Theme
from veilig.registry.models import Person
from veilig.registry.services import person_create
from veilig.testing.personas import organisation

_counter = itertools.count(1)


def synthetic_person(**overrides: object) -> Person:
    n = next(_counter)
    data: dict[str, object] = {
        "first_name": f"Testpersoon{n}",
        "last_name": "Voorbeeld",
        "date_of_birth": dt.date(1990, 1, 1) + dt.timedelta(days=n),
    }
    data.update(overrides)
    return person_create(**data)  # type: ignore[arg-type]


def radicalisation_table(*, representatives: list[User]) -> Table:
    table, _ = Table.objects.get_or_create(
        code="radicalisering",
        defaults={"name": "Casusoverleg radicalisering", "theme": Theme.RADICALISATION},
    )
    table.representatives.add(*representatives)
    return table


def table_member(
    table: Table,
    org: Organisation,
    *,
    categories: list[str] | None = None,
    legal_basis: str = LegalBasis.AVG_6_1_E,
) -> TableMember:
    """Make ``org`` a member of ``table`` that may see ``categories`` (None: every category)."""
    member, _ = TableMember.objects.update_or_create(
        table=table,
        organisation=org,
        defaults={
            "legal_basis": legal_basis,
            "data_categories": sorted(DataCategory.values if categories is None else categories),
        },
    )
    return member


def case_for(
    registrant: User,
    *,
    theme: Theme = Theme.ICO,
    participants: list[Organisation] | None = None,
    subject: Person | None = None,
) -> Case:
    case = case_register(
        context=AuditContext.for_command(registrant),
        subject=subject or synthetic_person(),
        theme=theme,
        reason="Synthetische aanmelding voor een test.",
        criteria={"multi_domain": True},
    )
    for org in participants or []:
        Participant.objects.create(
            case=case, organisation=org, role=ParticipantRole.PARTICIPANT, invited_by=registrant
        )
    return case


def contribution(
    case: Case, author: User, *, scope: Scope, category: DataCategory = DataCategory.POLICE
) -> Contribution:
    assert author.organisation is not None
    return Contribution.objects.create(
        case=case,
        organisation=author.organisation,
        author=author,
        text=f"Inbreng ({scope}) van {author.organisation.code}.",
        data_category=category,
        legal_basis=LegalBasis.WPG_16,
        scope=scope,
    )


def ggz() -> Organisation:
    return organisation("ggz", PartnerType.MENTAL_HEALTH)
