"""Reads of the case consultations for the pages and the API, on objects a choke point in
``veilig.access.meetings`` has already opened (they check nothing and write no audit row)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce

from veilig.access import policy
from veilig.access.meetings import shown_item_ids
from veilig.accounts.models import User
from veilig.cases.models import Action, Case
from veilig.consultations.models import AgendaAction, AgendaItem, Attendance, Decision, Meeting


@dataclass(frozen=True)
class AgendaEntry:
    """One line of an agenda as one viewer sees it: the case only when it may be shown."""

    item: AgendaItem
    shown: bool


@dataclass
class ItemAction:
    """An action listed at an agenda item (agreed there, or back because it was not done), with
    every item it has been on: its history across meetings."""

    action: Action
    kind: str
    history: list[AgendaAction] = field(default_factory=list)


def agenda_entries(*, user: User, meeting: Meeting, items: list[AgendaItem]) -> list[AgendaEntry]:
    """The agenda of a meeting the user may see; items outside their view carry no case."""
    shown = shown_item_ids(user, meeting)
    prefetch_related_objects([item for item in items if item.pk in shown], "case")
    return [AgendaEntry(item=item, shown=item.pk in shown) for item in items]


def meeting_attendance(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("user", "organisation").order_by(
        "organisation__name", "pk"
    )


def item_actions(*, item: AgendaItem) -> list[ItemAction]:
    """The actions at an item, each with its history (two queries)."""
    links = list(
        item.agenda_actions.select_related(
            "action__owner_organisation", "action__owner_user"
        ).order_by("pk")
    )
    entries = {link.action_id: ItemAction(action=link.action, kind=link.kind) for link in links}
    history = AgendaAction.objects.filter(action_id__in=list(entries)).select_related(
        "item__meeting"
    )
    for link in history.order_by("item__meeting__starts_at", "pk"):
        entries[link.action_id].history.append(link)
    return list(entries.values())


def item_decisions(*, item: AgendaItem) -> QuerySet[Decision]:
    return item.decisions.select_related("decided_by").order_by("decided_at", "pk")


def triage_queue_ordered(*, user: User, queue: QuerySet[Case]) -> QuerySet[Case]:
    """The triage queue oldest first, with what a row shows; ``earlier_cases`` counts the
    person's earlier cases among those ``user`` may see (so a radicalisation case is counted
    only for a member of its table)."""
    earlier = (
        policy.cases_visible_to(user)
        .filter(subject_id=OuterRef("subject_id"), registered_at__lt=OuterRef("registered_at"))
        .order_by()
        .values("subject_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        queue.select_related("registering_organisation", "table", "stadsdeel")
        .annotate(earlier_cases=Coalesce(Subquery(earlier), 0))
        .order_by("registered_at", "pk")
    )
