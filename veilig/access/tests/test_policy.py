"""The access rules of DESIGN.md, persona by persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from veilig.access.cases import access_case, access_contribution
from veilig.access.errors import NotFound
from veilig.access.persons import access_person
from veilig.access.policy import cases_visible_to, contributions_visible_to
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.cases.models import BreakGlass
from veilig.cases.services import break_glass_open
from veilig.cases.vocabulary import DataCategory, Scope, Theme
from veilig.testing.casework import (
    case_for,
    contribution,
    ggz,
    radicalisation_table,
    table_member,
)

pytestmark = pytest.mark.django_db


def test_coordinator_sees_all_regular_cases(alice, bob, hank) -> None:
    mine = case_for(bob)
    other = case_for(hank)
    assert set(cases_visible_to(alice)) == {mine, other}


def test_partner_sees_only_cases_of_own_organisation(bob, hank) -> None:
    police_case = case_for(bob)
    ggz_case = case_for(hank)
    assert set(cases_visible_to(bob)) == {police_case}
    assert set(cases_visible_to(hank)) == {ggz_case}


def test_invited_organisation_sees_the_case(bob, hank) -> None:
    case = case_for(bob, participants=[ggz()])
    assert case in cases_visible_to(hank)


@pytest.mark.parametrize("who", ["carol", "dave", "erin", "frank", "grace"])
def test_roles_without_case_access_see_nothing(request, bob, who) -> None:
    user = request.getfixturevalue(who)
    case = case_for(bob)
    assert not cases_visible_to(user).exists()
    with pytest.raises(NotFound):
        access_case(AuditContext.for_command(user), case.pk)


def test_radicalisation_cases_only_for_table_members(alice, bob) -> None:
    case = case_for(bob, theme=Theme.RADICALISATION)
    assert case not in cases_visible_to(alice)
    assert case not in cases_visible_to(bob)  # even the registering partner, until on the table
    radicalisation_table(representatives=[alice])
    assert case in cases_visible_to(alice)
    assert case not in cases_visible_to(bob)


def test_scopes_of_contributions(alice, bob, hank) -> None:
    case = case_for(bob, participants=[ggz()])
    shared = contribution(case, bob, scope=Scope.PARTICIPANTS)
    coordination = contribution(case, bob, scope=Scope.COORDINATION)
    source = contribution(case, bob, scope=Scope.SOURCE)
    assert set(contributions_visible_to(bob, case)) == {shared, coordination, source}
    assert set(contributions_visible_to(alice, case)) == {shared, coordination}
    assert set(contributions_visible_to(hank, case)) == {shared}
    with pytest.raises(NotFound):
        access_contribution(AuditContext.for_command(hank), coordination.pk)
    assert access_contribution(AuditContext.for_command(hank), shared.pk) == shared


def test_table_data_categories_limit_what_other_partners_see(alice, bob, hank) -> None:
    case = case_for(bob, participants=[ggz()])
    table = radicalisation_table(representatives=[])
    table.theme = Theme.ICO
    table.save()
    table_member(table, ggz(), categories=[DataCategory.CARE])
    case.table = table
    case.save()
    police = contribution(case, bob, scope=Scope.PARTICIPANTS, category=DataCategory.POLICE)
    care = contribution(case, bob, scope=Scope.PARTICIPANTS, category=DataCategory.CARE)
    assert set(contributions_visible_to(hank, case)) == {care}
    assert set(contributions_visible_to(alice, case)) == {police, care}


def test_denied_access_is_404_and_audited(hank, bob) -> None:
    case = case_for(bob)
    before = AuditEntry.objects.count()
    with pytest.raises(NotFound):
        access_case(AuditContext.for_command(hank), case.pk)
    row = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert row is not None
    assert (row.result, row.object_type, row.object_id) == ("denied", "case", str(case.pk))
    assert row.subject_person_id == case.subject_id
    assert row.actor_username == "hank"


def test_missing_case_is_indistinguishable_from_forbidden(hank) -> None:
    with pytest.raises(NotFound):
        access_case(AuditContext.for_command(hank), 999_999)
    row = AuditEntry.objects.order_by("-seq").first()
    assert row is not None and row.result == "denied"


def test_person_visible_through_a_visible_case(bob, hank) -> None:
    case = case_for(bob)
    assert access_person(AuditContext.for_command(bob), case.subject_id) == case.subject
    with pytest.raises(NotFound):
        access_person(AuditContext.for_command(hank), case.subject_id)


def test_break_glass_gives_time_limited_flagged_access(bob, hank) -> None:
    case = case_for(bob)
    with pytest.raises(Exception, match="20"):
        break_glass_open(
            context=AuditContext.for_command(hank), reference=case.reference, reason="kort"
        )
    grant = break_glass_open(
        context=AuditContext.for_command(hank),
        reference=case.reference,
        reason="Acute crisis, de behandelaar heeft de voorgeschiedenis nodig.",
    )
    opened = access_case(AuditContext.for_command(hank), case.pk)
    assert opened == case
    row = AuditEntry.objects.order_by("-seq").first()
    assert row is not None and row.break_glass
    BreakGlass.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    with pytest.raises(NotFound):
        access_case(AuditContext.for_command(hank), case.pk)


def test_break_glass_never_opens_radicalisation_cases(bob, hank) -> None:
    case = case_for(bob, theme=Theme.RADICALISATION)
    with pytest.raises(NotFound):
        break_glass_open(
            context=AuditContext.for_command(hank),
            reference=case.reference,
            reason="Ik wil deze casus graag inzien vanwege een crisis.",
        )
