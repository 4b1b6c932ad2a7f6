"""At an agenda item: the minutes in three parts (beeld, oordeel, besluit), decisions, and new
actions with an owner organisation, an owner person and a deadline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access.base import acting_user
from veilig.access.meetings import access_agenda_item_change
from veilig.accounts.models import Organisation, User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.cases.models import Action
from veilig.cases.notifying import notify_action_assigned
from veilig.cases.services import action_make, case_refuse_when_final
from veilig.consultations.models import AgendaAction, AgendaItem, Decision
from veilig.consultations.vocabulary import AgendaActionKind, MeetingStatus


def _writable(item: AgendaItem) -> None:
    case_refuse_when_final(item.case)
    if item.meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting has been held or cancelled."))


def minutes_write(
    *, context: AuditContext, item_id: int, beeld: str, oordeel: str, besluit: str
) -> AgendaItem:
    item, pending = access_agenda_item_change(
        context, item_id, action=AuditAction.UPDATE, object_type="minutes"
    )
    with pending.recorded():
        _writable(item)
        if not (beeld.strip() or oordeel.strip() or besluit.strip()):
            raise ValidationError(_("Write at least one part of the minutes."))
        item.beeld, item.oordeel, item.besluit = beeld.strip(), oordeel.strip(), besluit.strip()
        item.minuted_by = acting_user(context)
        item.minuted_at = timezone.now()
        item.save(update_fields=["beeld", "oordeel", "besluit", "minuted_by", "minuted_at"])
        pending.object_id = item.pk
    return item


def decision_add(*, context: AuditContext, item_id: int, text: str) -> Decision:
    item, pending = access_agenda_item_change(
        context, item_id, action=AuditAction.CREATE, object_type="decision"
    )
    with pending.recorded():
        _writable(item)
        if not text.strip():
            raise ValidationError({"text": _("Describe the decision.")})
        decision = Decision.objects.create(
            item=item, text=text.strip(), decided_by=acting_user(context)
        )
        pending.object_id = decision.pk
    return decision


def meeting_action_add(
    *,
    context: AuditContext,
    item_id: int,
    description: str,
    owner_organisation: Organisation,
    deadline: dt.date,
    owner_user: User | None = None,
) -> Action:
    """An action agreed at the item; it comes back on the table's agenda until it is done."""
    item, pending = access_agenda_item_change(
        context, item_id, action=AuditAction.CREATE, object_type="action"
    )
    with pending.recorded():
        _writable(item)
        action = action_make(
            item.case,
            description=description,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            deadline=deadline,
        )
        # The hook may already have listed an overdue action at this item: agreed here wins.
        AgendaAction.objects.update_or_create(
            item=item, action=action, defaults={"kind": AgendaActionKind.AGREED}
        )
        pending.object_id = action.pk
    notify_action_assigned(action=action, actor=acting_user(context))
    return action
