"""Work on a registered case. Each service checks the write at the choke point first (outside
any transaction, so a denial keeps its audit row), then validates and writes inside
``pending.recorded()``, which appends the one row naming what was stored."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access.base import acting_user
from veilig.access.cases import Need, Purpose, access_action_change, access_case_change
from veilig.accounts.models import Organisation, User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.cases.hooks import action_changed
from veilig.cases.models import (
    Action,
    Case,
    Contribution,
    Document,
    Participant,
    ParticipantRole,
    Plan,
    StatusChange,
    Table,
)
from veilig.cases.notifying import notify_action_assigned, notify_participant_invited
from veilig.cases.vocabulary import (
    FINAL_STATUSES,
    NEEDS_REASON,
    TRANSITIONS,
    TRIAGE_OUTCOME_STATUSES,
    ActionStatus,
    DataCategory,
    LegalBasis,
    Scope,
    Status,
)
from veilig.ui import uploads


def case_transition(
    *,
    context: AuditContext,
    case_id: int,
    to_status: Status,
    reason: str = "",
    table: Table | None = None,
) -> Case:
    case, pending = access_case_change(
        context,
        case_id,
        need=Need.MANAGE,
        purpose=Purpose.TRIAGE,
        action=AuditAction.UPDATE,
        object_type="case",
        detail=f"status:{to_status}",
    )
    user = acting_user(context)
    with pending.recorded():
        if to_status in TRIAGE_OUTCOME_STATUSES:
            # The weegploeg is the only way in (issue #14): triage decides these, with a
            # recorded decision (veilig.consultations.services.triage_decide).
            raise ValidationError(_("Decide this in triage."))
        transition_apply(case, user=user, to_status=to_status, reason=reason, table=table)
    return case


def case_refuse_when_final(case: Case) -> None:
    """A closed (or not accepted) case gets no new entries."""
    if case.status in FINAL_STATUSES:
        raise ValidationError(_("This case is closed: nothing can be added to it."))


def transition_apply(
    case: Case, *, user: User, to_status: Status, reason: str, table: Table | None
) -> None:
    """Move a case along the workflow, inside a change whose audit row the caller records."""
    current = Status(case.status)
    if to_status not in TRANSITIONS[current]:
        raise ValidationError(
            _("A case with status “%(current)s” cannot move to “%(target)s”.")
            % {"current": current.label, "target": Status(to_status).label}
        )
    if to_status in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Give a reason for this decision.")})
    if to_status == Status.ACCEPTED and table is None:
        raise ValidationError({"table": _("Choose the case table that takes the case.")})
    StatusChange.objects.create(
        case=case, from_status=current, to_status=to_status, by=user, reason=reason.strip()
    )
    case.status = to_status
    if table is not None:
        case.table = table
    if to_status in NEEDS_REASON:
        if to_status == Status.CLOSED:
            case.outcome = reason.strip()
            case.closed_at = timezone.now()
        else:
            case.decision_reason = reason.strip()
    case.save()


def participant_invite(
    *,
    context: AuditContext,
    case_id: int,
    organisation: Organisation,
    role: ParticipantRole = ParticipantRole.PARTICIPANT,
) -> Participant:
    case, pending = access_case_change(
        context,
        case_id,
        need=Need.MANAGE,
        action=AuditAction.CREATE,
        object_type="participant",
        detail=f"organisation:{organisation.code}",
    )
    with pending.recorded():
        case_refuse_when_final(case)
        if case.participants.filter(organisation=organisation).exists():
            raise ValidationError({"organisation": _("This organisation already takes part.")})
        item = Participant.objects.create(
            case=case, organisation=organisation, role=role, invited_by=acting_user(context)
        )
        pending.object_id = item.pk
    notify_participant_invited(participant=item, actor=acting_user(context))
    return item


def contribution_add(
    *,
    context: AuditContext,
    case_id: int,
    text: str,
    data_category: DataCategory,
    legal_basis: LegalBasis,
    scope: Scope,
) -> Contribution:
    case, pending = access_case_change(
        context,
        case_id,
        need=Need.CONTRIBUTE,
        action=AuditAction.CREATE,
        object_type="contribution",
    )
    user = acting_user(context)
    with pending.recorded():
        case_refuse_when_final(case)
        if user.organisation is None:
            raise ValidationError(_("You are not a member of an organisation."))
        item = Contribution(
            case=case,
            organisation=user.organisation,
            author=user,
            text=text.strip(),
            data_category=data_category,
            legal_basis=legal_basis,
            scope=scope,
        )
        item.full_clean()
        item.save()
        pending.object_id = item.pk
    return item


def plan_set(*, context: AuditContext, case_id: int, goals: str) -> Plan:
    case, pending = access_case_change(
        context, case_id, need=Need.MANAGE, action=AuditAction.UPDATE, object_type="plan"
    )
    with pending.recorded():
        case_refuse_when_final(case)
        if not goals.strip():
            raise ValidationError({"goals": _("Describe the goals of the plan.")})
        plan, _created = Plan.objects.update_or_create(
            case=case, defaults={"goals": goals.strip(), "updated_by": acting_user(context)}
        )
        pending.object_id = plan.pk
    return plan


def action_add(
    *,
    context: AuditContext,
    case_id: int,
    description: str,
    owner_organisation: Organisation,
    deadline: dt.date,
    owner_user: User | None = None,
) -> Action:
    case, pending = access_case_change(
        context, case_id, need=Need.CONTRIBUTE, action=AuditAction.CREATE, object_type="action"
    )
    with pending.recorded():
        item = action_make(
            case,
            description=description,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            deadline=deadline,
        )
        pending.object_id = item.pk
    notify_action_assigned(action=item, actor=acting_user(context))
    return item


def action_make(
    case: Case,
    *,
    description: str,
    owner_organisation: Organisation,
    deadline: dt.date,
    owner_user: User | None = None,
) -> Action:
    """Validate and store an action, inside a change whose audit row the caller records."""
    case_refuse_when_final(case)
    if not case.participants.filter(organisation=owner_organisation).exists():
        raise ValidationError({"owner_organisation": _("The owner must take part in the case.")})
    if owner_user is not None and owner_user.organisation_id != owner_organisation.pk:
        raise ValidationError({"owner_user": _("The owner must work for the owner organisation.")})
    item = Action(
        case=case,
        description=description.strip(),
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        deadline=deadline,
    )
    item.full_clean()
    item.save()
    action_changed.send(sender=Action, action=item)
    return item


def action_update(
    *,
    context: AuditContext,
    action_id: int,
    case_id: int | None = None,
    status: ActionStatus,
    result: str = "",
) -> Action:
    item, pending = access_action_change(
        context, action_id, case_id=case_id, detail=f"status:{status}"
    )
    with pending.recorded():
        if status == ActionStatus.DONE and not result.strip():
            raise ValidationError({"result": _("Describe the result of the action.")})
        item.status = status
        item.result = result.strip()
        item.completed_at = timezone.now() if status != ActionStatus.OPEN else None
        item.save(update_fields=["status", "result", "completed_at"])
        action_changed.send(sender=Action, action=item)
    return item


def document_upload(
    *,
    context: AuditContext,
    case_id: int,
    upload: UploadedFile,
    data_category: DataCategory,
    scope: Scope,
) -> Document:
    case, pending = access_case_change(
        context, case_id, need=Need.CONTRIBUTE, action=AuditAction.CREATE, object_type="document"
    )
    with pending.recorded():
        case_refuse_when_final(case)
        document = _document_store(case, acting_user(context), upload, data_category, scope)
        pending.object_id = document.pk
    return document


def _document_store(
    case: Case, user: User, upload: UploadedFile, data_category: DataCategory, scope: Scope
) -> Document:
    allowed: dict[str, str] = settings.DOCUMENT_CONTENT_TYPES
    name = PurePath(upload.name or "document").name[:200]
    content_type = _document_type(upload, name, allowed)
    if upload.size is None or upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "upload": _("The file is larger than %(mb)s MB.")
                % {"mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
            }
        )
    if user.organisation is None:
        raise ValidationError(_("You are not a member of an organisation."))
    document = Document(
        case=case,
        organisation=user.organisation,
        uploaded_by=user,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        data_category=data_category,
        scope=scope,
    )
    # Stored under a random name: the original name may hold personal data.
    document.file.save(
        f"{timezone.now():%Y%m%d%H%M%S%f}{allowed[content_type]}", upload, save=False
    )
    document.save()
    return document


# Declared types that say nothing: the content decides alone.
_UNDECLARED = frozenset({"", "application/octet-stream"})


def _document_type(upload: UploadedFile, name: str, allowed: dict[str, str]) -> str:
    """The allowed type the file's bytes are (sniffed), or a ValidationError. The browser's
    declared type and the name's extension must agree with the content: an HTML page or a
    program declared as PDF is refused."""
    sniffed = uploads.sniff(upload.file) if upload.file is not None else None
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if (
        sniffed is None
        or sniffed not in allowed
        or not name.lower().endswith(allowed[sniffed])
        or declared not in (_UNDECLARED | {sniffed})
    ):
        raise ValidationError(
            {
                "upload": _("This file type is not allowed. Allowed: %(types)s.")
                % {"types": ", ".join(sorted(set(allowed.values())))}
            }
        )
    return sniffed
