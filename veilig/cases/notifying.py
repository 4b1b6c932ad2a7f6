"""Who of casework gets which notification (docs/notifications.md).

The services of ``services/work.py`` call these after their write succeeded; the periodic task
``actions_due_soon`` warns the owners of open actions 3 days before the deadline. Every
recipient must be able to open the link: ``visible_recipients`` keeps only those who see the
case (``veilig.access.policy.cases_visible_to``). The acting user is not told what they did.
A notification holds the kind and the link of the case, nothing else (``veilig.notifications``).

Other apps notify about a case the same way, e.g. the outcome of a triage::

    users = partner_users(case.registering_organisation)
    notify(
        recipients=visible_recipients(case=case, users=users),
        kind=NotificationKind.TRIAGE_OUTCOME,
        link=case_link(case),
    )
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from veilig.access.policy import cases_visible_to
from veilig.accounts.models import Organisation, User
from veilig.accounts.roles import Role
from veilig.cases.models import Action, Case, Participant
from veilig.cases.vocabulary import ActionStatus
from veilig.notifications.models import Notification
from veilig.notifications.services import notify
from veilig.notifications.vocabulary import NotificationKind

DUE_SOON_DAYS = 3


def case_link(case: Case, anchor: str = "") -> str:
    """The case page's path (ids only), as a notification's link."""
    return reverse("cases:detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def partner_users(organisation: Organisation) -> QuerySet[User]:
    """The active users with the partner role at ``organisation``."""
    return User.objects.filter(
        organisation=organisation, is_active=True, roles__role=Role.PARTNER
    ).distinct()


def visible_recipients(*, case: Case, users: Iterable[User]) -> list[User]:
    """Those of ``users`` who may open ``case`` (one query each; recipients are few)."""
    return [user for user in users if cases_visible_to(user).filter(pk=case.pk).exists()]


def _others(users: Iterable[User], actor: User | None) -> list[User]:
    return [user for user in users if actor is None or user.pk != actor.pk]


def notify_participant_invited(
    *, participant: Participant, actor: User | None
) -> list[Notification]:
    """The partner professionals of the invited organisation."""
    case = participant.case
    users = _others(partner_users(participant.organisation), actor)
    return notify(
        recipients=visible_recipients(case=case, users=users),
        kind=NotificationKind.CASE_INVITED,
        link=case_link(case),
        dedupe_key=f"case_invited:{participant.pk}",
    )


def action_owners(action: Action) -> list[User]:
    """The owner of an action: its owner person, else the partner professionals of its owner
    organisation."""
    if action.owner_user is not None:
        return [action.owner_user] if action.owner_user.is_active else []
    return list(partner_users(action.owner_organisation))


def notify_action_assigned(*, action: Action, actor: User | None) -> list[Notification]:
    return notify(
        recipients=visible_recipients(
            case=action.case, users=_others(action_owners(action), actor)
        ),
        kind=NotificationKind.ACTION_ASSIGNED,
        link=case_link(action.case, "plan"),
        dedupe_key=f"action_assigned:{action.pk}",
    )


def actions_due_soon_notify(*, today: dt.date | None = None) -> int:
    """Warn the owners of every open action whose deadline is exactly 3 days ahead; once per
    action and deadline (a moved deadline warns again). Returns the notifications stored."""
    today = today or timezone.localdate()
    deadline = today + dt.timedelta(days=DUE_SOON_DAYS)
    due = Action.objects.filter(status=ActionStatus.OPEN, deadline=deadline).select_related(
        "case", "owner_user", "owner_organisation"
    )
    stored = 0
    for action in due:
        stored += len(
            notify(
                recipients=visible_recipients(case=action.case, users=action_owners(action)),
                kind=NotificationKind.ACTION_DUE_SOON,
                link=case_link(action.case, "plan"),
                dedupe_key=f"action_due_soon:{action.pk}:{deadline.isoformat()}",
            )
        )
    return stored


@task()
def actions_due_soon() -> dict[str, int]:
    """Scheduled by ``settings.PERIODIC_TASKS``; the dedupe key makes repeated runs harmless."""
    return {"notified": actions_due_soon_notify()}
