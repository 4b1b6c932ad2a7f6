"""Building blocks for consultation tests: a table, a case accepted at it, a meeting."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from veilig.accounts.models import Organisation, User
from veilig.audit.context import AuditContext
from veilig.cases.models import Case, Table
from veilig.cases.vocabulary import Theme
from veilig.consultations.models import Meeting
from veilig.consultations.services import meeting_schedule, triage_decide
from veilig.consultations.vocabulary import TriageOutcome
from veilig.testing.casework import case_for, table_member


def table_with(
    *, code: str = "ico", theme: Theme = Theme.ICO, representatives: list[User]
) -> Table:
    table, _ = Table.objects.get_or_create(
        code=code, defaults={"name": f"Casusoverleg {code}", "theme": theme}
    )
    table.representatives.add(*representatives)
    orgs = {user.organisation_id for user in representatives if user.organisation_id}
    for org in Organisation.objects.filter(pk__in=orgs):
        table_member(table, org)  # every data category
    return table


def accepted_case(
    director: User,
    registrant: User,
    table: Table,
    *,
    participants: list[Organisation] | None = None,
) -> Case:
    """A case registered by ``registrant`` and accepted at ``table`` by ``director``."""
    case = case_for(registrant, theme=Theme(table.theme), participants=participants)
    outcome = (
        TriageOutcome.ZVH_TABLE if table.theme == Theme.RADICALISATION else TriageOutcome.ACCEPT
    )
    triage_decide(
        context=AuditContext.for_command(director),
        case_id=case.pk,
        outcome=outcome,
        reason="Meervoudige problematiek.",
        table_id=table.pk,
    )
    case.refresh_from_db()
    return case


def meeting_of(director: User, table: Table, *, in_days: int = 7) -> Meeting:
    return meeting_schedule(
        context=AuditContext.for_command(director),
        table_id=table.pk,
        starts_at=timezone.now() + dt.timedelta(days=in_days),
        place="Veiligheidshuis, zaal 2",
    )
