"""Who of casework is notified: the invited organisation's partners, an action's owner, and the
owners of actions due in 3 days; never a user who cannot open the case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.context import AuditContext
from veilig.cases.models import Action
from veilig.cases.notifying import actions_due_soon_notify
from veilig.cases.services import action_add, participant_invite
from veilig.cases.vocabulary import ActionStatus, Theme
from veilig.notifications.models import Notification
from veilig.notifications.vocabulary import NotificationKind
from veilig.testing.casework import case_for, radicalisation_table
from veilig.testing.personas import persona
from veilig.testing.worker import worker_run

pytestmark = pytest.mark.django_db


def _ggz_colleagues() -> tuple[User, User]:
    """A second GGZ partner, and a GGZ team member (no case role)."""
    gina = persona(
        "gina", org_code="ggz", partner_type=PartnerType.MENTAL_HEALTH, roles=[Role.PARTNER]
    )
    tom = persona(
        "tom", org_code="ggz", partner_type=PartnerType.MENTAL_HEALTH, roles=[Role.TEAM_MEMBER]
    )
    return gina, tom


def _told(kind: NotificationKind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_an_invitation_notifies_the_partners_of_the_invited_organisation(
    alice: User, bob: User, hank: User
) -> None:
    _gina, _tom = _ggz_colleagues()
    case = case_for(bob)
    assert hank.organisation is not None
    participant_invite(
        context=AuditContext.for_command(alice), case_id=case.pk, organisation=hank.organisation
    )
    assert _told(NotificationKind.CASE_INVITED) == {"hank", "gina"}
    link = Notification.objects.filter(kind=NotificationKind.CASE_INVITED).first()
    assert link is not None and link.link == f"/casussen/{case.pk}/"


def test_an_invitation_to_a_radicalisation_case_tells_only_table_members(
    alice: User, bob: User, hank: User
) -> None:
    gina, _tom = _ggz_colleagues()
    radicalisation_table(representatives=[alice, bob, gina])
    case = case_for(bob, theme=Theme.RADICALISATION)
    assert hank.organisation is not None
    participant_invite(
        context=AuditContext.for_command(alice), case_id=case.pk, organisation=hank.organisation
    )
    assert _told(NotificationKind.CASE_INVITED) == {"gina"}  # hank cannot open the case


def test_an_action_notifies_its_owner_person(alice: User, bob: User, hank: User) -> None:
    _gina, _tom = _ggz_colleagues()
    assert hank.organisation is not None
    case = case_for(bob, participants=[hank.organisation])
    action_add(
        context=AuditContext.for_command(alice),
        case_id=case.pk,
        description="Contact opnemen",
        owner_organisation=hank.organisation,
        owner_user=hank,
        deadline=timezone.localdate() + dt.timedelta(days=14),
    )
    assert _told(NotificationKind.ACTION_ASSIGNED) == {"hank"}


def test_an_action_without_a_person_notifies_the_owner_organisations_partners(
    bob: User, hank: User
) -> None:
    _gina, _tom = _ggz_colleagues()
    assert hank.organisation is not None and bob.organisation is not None
    case = case_for(bob, participants=[hank.organisation])
    action_add(
        context=AuditContext.for_command(bob),
        case_id=case.pk,
        description="Contact opnemen",
        owner_organisation=hank.organisation,
        deadline=timezone.localdate() + dt.timedelta(days=14),
    )
    assert _told(NotificationKind.ACTION_ASSIGNED) == {"hank", "gina"}
    # The acting user is not told about their own action.
    action_add(
        context=AuditContext.for_command(bob),
        case_id=case.pk,
        description="Zelf doen",
        owner_organisation=bob.organisation,
        deadline=timezone.localdate() + dt.timedelta(days=14),
    )
    assert not Notification.objects.filter(recipient=bob).exists()


def test_a_refused_write_notifies_nobody(alice: User, bob: User, hank: User) -> None:
    from django.core.exceptions import ValidationError

    assert hank.organisation is not None
    case = case_for(bob)  # GGZ does not take part
    with pytest.raises(ValidationError):
        action_add(
            context=AuditContext.for_command(alice),
            case_id=case.pk,
            description="Contact opnemen",
            owner_organisation=hank.organisation,
            deadline=timezone.localdate() + dt.timedelta(days=14),
        )
    assert not Notification.objects.exists()


def test_deadline_in_three_days_once_per_action(bob: User, hank: User) -> None:
    _gina, _tom = _ggz_colleagues()
    assert hank.organisation is not None
    case = case_for(bob, participants=[hank.organisation])
    today = timezone.localdate()

    def action(days: int, **extra: object) -> Action:
        assert hank.organisation is not None
        return Action.objects.create(
            case=case,
            description="Synthetisch",
            owner_organisation=hank.organisation,
            deadline=today + dt.timedelta(days=days),
            **extra,
        )

    due = action(3, owner_user=hank)
    by_org = action(3)
    action(2, owner_user=hank)
    action(4, owner_user=hank)
    action(3, owner_user=hank, status=ActionStatus.DONE)
    assert actions_due_soon_notify(today=today) == 3  # hank for one; hank and gina for the other
    assert actions_due_soon_notify(today=today) == 0  # once
    rows = Notification.objects.filter(kind=NotificationKind.ACTION_DUE_SOON)
    assert {(n.recipient.username, n.dedupe_key.split(":")[1]) for n in rows} == {
        ("hank", str(due.pk)),
        ("hank", str(by_org.pk)),
        ("gina", str(by_org.pk)),
    }
    # A moved deadline warns again, 3 days before the new one.
    Action.objects.filter(pk=due.pk).update(deadline=today + dt.timedelta(days=5))
    assert actions_due_soon_notify(today=today + dt.timedelta(days=2)) == 1


def test_the_due_soon_task_runs_on_the_worker(bob: User, hank: User, settings) -> None:
    from veilig.scheduler.services import scheduler_tick

    assert hank.organisation is not None
    case = case_for(bob, participants=[hank.organisation])
    Action.objects.create(
        case=case,
        description="Synthetisch",
        owner_organisation=hank.organisation,
        owner_user=hank,
        deadline=timezone.localdate() + dt.timedelta(days=3),
    )
    settings.PERIODIC_TASKS = {
        "actions_due_soon": settings.PERIODIC_TASKS["actions_due_soon"],
    }
    assert scheduler_tick() == ["actions_due_soon"]
    worker_run()
    assert _told(NotificationKind.ACTION_DUE_SOON) == {"hank"}
