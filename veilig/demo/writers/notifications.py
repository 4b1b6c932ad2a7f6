"""The demo's notifications: what the inboxes of the demo logins hold after the consultations.

Derived from what the casework and consultation writers stored (the last eight weeks before the
anchor), the way the services would have notified: the registering partner of each triage
decision, the owners of each action created, the representatives of each agenda made ready,
and the owners of open actions due within three days. Older than a fortnight: read. No e-mail
is sent (``emailed_at`` is set for items older than a day, as if they went out). Links hold
ids only, as the product's do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from veilig.access.meetings import meetings_visible_to
from veilig.access.policy import cases_visible_to
from veilig.accounts.models import User
from veilig.cases.models import Action
from veilig.cases.notifying import action_owners
from veilig.cases.vocabulary import ActionStatus
from veilig.consultations.models import Meeting, TriageDecision
from veilig.notifications.models import Notification
from veilig.notifications.vocabulary import NotificationKind

WINDOW = dt.timedelta(weeks=8)
READ_AFTER = dt.timedelta(weeks=2)


@dataclass(frozen=True)
class _Item:
    recipient: User
    kind: NotificationKind
    link: str
    key: str
    at: dt.datetime


def _sees_case(user: User, case_id: int, cache: dict[int, set[int]]) -> bool:
    if user.pk not in cache:
        cache[user.pk] = set(cases_visible_to(user).values_list("pk", flat=True))
    return case_id in cache[user.pk]


def _triage(since: dt.datetime, seen: dict[int, set[int]]) -> list[_Item]:
    decisions = TriageDecision.objects.filter(decided_at__gte=since).select_related(
        "case__registered_by"
    )
    return [
        _Item(
            d.case.registered_by,
            NotificationKind.TRIAGE_OUTCOME,
            f"/casussen/{d.case_id}/",
            f"triage_outcome:{d.pk}",
            d.decided_at,
        )
        for d in decisions
        if d.case.registered_by.is_active and _sees_case(d.case.registered_by, d.case_id, seen)
    ]


def _actions(
    actions: QuerySet[Action],
    kind: NotificationKind,
    key: str,
    at: dt.datetime | None,
    seen: dict[int, set[int]],
) -> list[_Item]:
    items = []
    for action in actions.select_related("case", "owner_organisation", "owner_user"):
        for user in action_owners(action):
            if _sees_case(user, action.case_id, seen):
                items.append(
                    _Item(
                        user,
                        kind,
                        f"/casussen/{action.case_id}/#plan",
                        f"{key}:{action.pk}",
                        at or action.created_at,
                    )
                )
    return items


def _agendas(since: dt.datetime) -> list[_Item]:
    items = []
    meetings = Meeting.objects.filter(agenda_ready_at__gte=since).prefetch_related(
        "table__representatives"
    )
    for meeting in meetings:
        assert meeting.agenda_ready_at is not None
        for user in meeting.table.representatives.all():
            if meetings_visible_to(user).filter(pk=meeting.pk).exists():
                items.append(
                    _Item(
                        user,
                        NotificationKind.AGENDA_READY,
                        f"/overleggen/{meeting.pk}/",
                        f"agenda_ready:{meeting.pk}",
                        meeting.agenda_ready_at,
                    )
                )
    return items


def notifications_write(*, anchor: dt.datetime) -> int:
    """Store the demo's notifications; returns how many."""
    since = anchor - WINDOW
    seen: dict[int, set[int]] = {}
    created = Action.objects.filter(created_at__gte=since)
    due = Action.objects.filter(
        status=ActionStatus.OPEN,
        deadline=(anchor + dt.timedelta(days=3)).date(),
    )
    items = [
        *_triage(since, seen),
        *_actions(created, NotificationKind.ACTION_ASSIGNED, "action_assigned", None, seen),
        *_actions(due, NotificationKind.ACTION_DUE_SOON, "action_due_soon", anchor, seen),
        *_agendas(since),
    ]
    unique = {(item.recipient.pk, item.key): item for item in items}
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient=i.recipient, kind=i.kind, link=i.link, dedupe_key=i.key)
            for i in unique.values()
        ]
    )
    for row, item in zip(rows, unique.values(), strict=True):
        row.created_at = item.at
        row.read_at = item.at + dt.timedelta(days=1) if anchor - item.at > READ_AFTER else None
        row.emailed_at = item.at if anchor - item.at > dt.timedelta(days=1) else None
    Notification.objects.bulk_update(rows, ["created_at", "read_at", "emailed_at"], batch_size=500)
    return len(rows)
