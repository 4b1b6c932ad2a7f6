"""The content of a meeting file for one recipient: what the agenda or the minutes show them.

Every item of the agenda appears with its number and its reason. Only the items of the grant
(``MeetingDocumentGrant.item_ids``: shown to the recipient, and to the producer when process
direction makes the file for an attendee) carry case content. The agenda names the case (its
reference, the subject's name) and the actions on the agenda; the minutes add the contributions
the recipient may read (``contributions_visible_to``; also the producer's rule when the two
differ), the three parts, the decisions, and who was present.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from veilig.access.meetings import DocumentKind, MeetingDocumentGrant, statement_recorded
from veilig.access.policy import contributions_visible_to
from veilig.accounts.models import User
from veilig.cases.models import Case, Contribution
from veilig.cases.vocabulary import ActionStatus, DataCategory, Scope
from veilig.consultations.models import AgendaAction, AgendaItem, Meeting
from veilig.consultations.vocabulary import AgendaActionKind, AgendaReason


@dataclass(frozen=True)
class ContributionLine:
    organisation: str
    category: str
    scope: str
    created_on: dt.date
    text: str


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner_organisation: str
    owner_person: str
    deadline: dt.date
    status: str
    returned: bool  # brought back because it was not done (else agreed at this item)


@dataclass(frozen=True)
class ItemContent:
    number: int
    reason: str
    shown: bool
    reference: str = ""
    subject_name: str = ""
    contributions: tuple[ContributionLine, ...] = ()
    beeld: str = ""
    oordeel: str = ""
    besluit: str = ""
    decisions: tuple[str, ...] = ()
    actions: tuple[ActionLine, ...] = ()


@dataclass(frozen=True)
class Attendee:
    name: str
    organisation: str
    incidental: bool


@dataclass(frozen=True)
class MeetingDocument:
    kind: DocumentKind
    meeting: Meeting
    table_name: str
    chair_name: str
    recipient_name: str
    recipient_organisation: str
    statement_recorded: bool
    attendees: tuple[Attendee, ...]
    items: tuple[ItemContent, ...]
    generated_at: dt.datetime

    @property
    def is_minutes(self) -> bool:
        return self.kind is DocumentKind.MINUTES


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _label(choices: type[AgendaReason] | type[DataCategory] | type[Scope], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _contributions(grant: MeetingDocumentGrant, case: Case) -> QuerySet[Contribution]:
    visible = contributions_visible_to(grant.recipient, case)
    if grant.producer.pk != grant.recipient.pk:
        visible = visible.filter(pk__in=contributions_visible_to(grant.producer, case).values("pk"))
    return visible.select_related("organisation").order_by("created_at", "pk")


def _action(link: AgendaAction) -> ActionLine:
    action = link.action
    status = ActionStatus(action.status).label if action.status in ActionStatus.values else ""
    return ActionLine(
        description=action.description,
        owner_organisation=action.owner_organisation.name,
        owner_person=_name(action.owner_user),
        deadline=action.deadline,
        status=str(status),
        returned=link.kind == AgendaActionKind.RETURNED,
    )


def _shown_item(
    item: AgendaItem, number: int, grant: MeetingDocumentGrant, kind: DocumentKind
) -> ItemContent:
    """An item the recipient may see: the agenda names the case and the actions on the agenda;
    the minutes add the contributions, the three parts, the decisions."""
    case = item.case
    actions = tuple(_action(link) for link in item.agenda_actions.all())
    if kind is not DocumentKind.MINUTES:
        return ItemContent(
            number=number,
            reason=_label(AgendaReason, item.reason),
            shown=True,
            reference=case.reference,
            subject_name=case.subject_full_name,
            actions=actions,
        )
    contributions = tuple(
        ContributionLine(
            organisation=c.organisation.name,
            category=_label(DataCategory, c.data_category),
            scope=_label(Scope, c.scope),
            created_on=timezone.localdate(c.created_at),
            text=c.text,
        )
        for c in _contributions(grant, case)
    )
    return ItemContent(
        number=number,
        reason=_label(AgendaReason, item.reason),
        shown=True,
        reference=case.reference,
        subject_name=case.subject_full_name,
        contributions=contributions,
        beeld=item.beeld,
        oordeel=item.oordeel,
        besluit=item.besluit,
        decisions=tuple(d.text for d in item.decisions.all()),
        actions=actions,
    )


def _items(grant: MeetingDocumentGrant) -> QuerySet[AgendaItem]:
    links = AgendaAction.objects.select_related(
        "action__owner_organisation", "action__owner_user"
    ).order_by("kind", "action__deadline", "pk")
    return (
        grant.meeting.items.select_related("case")
        .prefetch_related("decisions", Prefetch("agenda_actions", queryset=links))
        .order_by("position", "pk")
    )


def meeting_document_build(
    *, grant: MeetingDocumentGrant, kind: DocumentKind, generated_at: dt.datetime | None = None
) -> MeetingDocument:
    """The agenda or the minutes of ``grant.meeting`` as ``grant.recipient`` may see them."""
    meeting = grant.meeting
    items = []
    for number, item in enumerate(_items(grant), start=1):
        if item.pk in grant.item_ids:
            items.append(_shown_item(item, number, grant, kind))
        else:
            items.append(
                ItemContent(number=number, reason=_label(AgendaReason, item.reason), shown=False)
            )
    attendees = tuple(
        Attendee(name=_name(a.user), organisation=a.organisation.name, incidental=a.incidental)
        for a in meeting.attendance.select_related("user", "organisation").filter(present=True)
    )
    recipient = grant.recipient
    return MeetingDocument(
        kind=kind,
        meeting=meeting,
        table_name=meeting.table.name,
        chair_name=_name(meeting.chair),
        recipient_name=_name(recipient),
        recipient_organisation=recipient.organisation.name if recipient.organisation else "",
        statement_recorded=statement_recorded(recipient, meeting),
        attendees=attendees if kind is DocumentKind.MINUTES else (),
        items=tuple(items),
        generated_at=generated_at or timezone.now(),
    )
