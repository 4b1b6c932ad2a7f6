"""Triage (weegploeg): one decision per case in one step, and informing the subject.

Registrations made before Monday noon are triaged that Tuesday (ZVH practice); later ones the
Tuesday after. A decision moves the case through "in triage" to its route in one change with
one audit row (``create triage_decision``), naming the outcome.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access.base import acting_user
from veilig.access.cases import Need, Purpose, access_case_change
from veilig.access.meetings import TRIAGE_STATUSES, tables_directed_by
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.cases.models import Case, Table
from veilig.cases.services import case_refuse_when_final, transition_apply
from veilig.cases.vocabulary import Status, Theme
from veilig.consultations.models import SubjectInforming, TriageDecision
from veilig.consultations.notices import triage_outcome_notify
from veilig.consultations.services.agenda import next_agenda_refresh
from veilig.consultations.vocabulary import (
    GENERAL_OUTCOMES,
    OUTCOME_STATUS,
    OUTCOMES_WITH_TABLE,
    WEEGPLOEG_OUTCOMES,
    TriageOutcome,
)

_CUTOFF = dt.time(12, 0)  # Monday noon


def triage_session_of(moment: dt.datetime) -> dt.date:
    """The Tuesday of the triage session a registration at ``moment`` belongs to."""
    local = timezone.localtime(moment)
    monday = local.date() - dt.timedelta(days=local.weekday())
    cutoff = timezone.make_aware(dt.datetime.combine(monday, _CUTOFF), local.tzinfo)
    tuesday = monday + dt.timedelta(days=1)
    return tuesday if local < cutoff else tuesday + dt.timedelta(days=7)


def outcomes_for(case: Case) -> tuple[TriageOutcome, ...]:
    """Radicalisation cases get the weegploeg's four outcomes; others the ZVH routes."""
    return WEEGPLOEG_OUTCOMES if case.theme == Theme.RADICALISATION else GENERAL_OUTCOMES


def _check(case: Case, outcome: TriageOutcome, table: Table | None, reason: str) -> None:
    case_refuse_when_final(case)
    if case.status not in TRIAGE_STATUSES:
        raise ValidationError(_("This case has already been triaged."))
    if outcome not in outcomes_for(case):
        raise ValidationError({"outcome": _("This outcome does not apply to this case.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for this decision.")})
    if outcome in OUTCOMES_WITH_TABLE:
        if table is None:
            raise ValidationError({"table": _("Choose the case table that takes the case.")})
        if (table.theme == Theme.RADICALISATION) != (case.theme == Theme.RADICALISATION):
            raise ValidationError(
                {"table": _("Radicalisation cases go to the radicalisation table, and only there.")}
            )


def triage_decide(
    *,
    context: AuditContext,
    case_id: int,
    outcome: TriageOutcome,
    reason: str,
    table_id: int | None = None,
) -> TriageDecision:
    case, pending = access_case_change(
        context,
        case_id,
        need=Need.MANAGE,
        purpose=Purpose.TRIAGE,
        action=AuditAction.CREATE,
        object_type="triage_decision",
        detail=f"outcome:{outcome}",
    )
    user = acting_user(context)
    table = tables_directed_by(user).filter(pk=table_id).first() if table_id else None
    with pending.recorded():
        if table_id and table is None:
            raise ValidationError({"table": _("Choose the case table that takes the case.")})
        _check(case, outcome, table if outcome in OUTCOMES_WITH_TABLE else None, reason)
        keep_table = table if outcome in OUTCOMES_WITH_TABLE else None
        if case.status == Status.REGISTERED:
            transition_apply(case, user=user, to_status=Status.TRIAGE, reason="", table=None)
        target = OUTCOME_STATUS[outcome]
        if target != Status.TRIAGE:
            transition_apply(case, user=user, to_status=target, reason=reason, table=keep_table)
        now = timezone.now()
        decision = TriageDecision.objects.create(
            case=case,
            outcome=outcome,
            table=keep_table,
            reason=reason.strip(),
            decided_by=user,
            decided_at=now,
            session=triage_session_of(case.registered_at),
        )
        pending.object_id = decision.pk
        if keep_table is not None:
            # Accepted: on the table's next agenda at once, with any action already due.
            next_agenda_refresh(table_id=keep_table.pk)
    # The registering partner is told (a link only).
    triage_outcome_notify(decision=decision, actor=user)
    return decision


def subject_informing_record(
    *,
    context: AuditContext,
    case_id: int,
    informed_on: dt.date | None = None,
    postponed_reason: str = "",
    review_on: dt.date | None = None,
) -> SubjectInforming:
    """Informing the subject is done on a date, or postponed with a reason and a review date."""
    case, pending = access_case_change(
        context,
        case_id,
        need=Need.MANAGE,
        action=AuditAction.UPDATE,
        object_type="subject_informing",
        detail="informed" if informed_on else "postponed",
    )
    today = timezone.localdate()
    with pending.recorded():
        if informed_on is not None and informed_on > today:
            raise ValidationError({"informed_on": _("This date lies in the future.")})
        if informed_on is None:
            if not postponed_reason.strip():
                raise ValidationError(
                    {"postponed_reason": _("Give the reason for postponing, or the date.")}
                )
            if review_on is None or review_on <= today:
                raise ValidationError({"review_on": _("Choose a review date after today.")})
        record, _created = SubjectInforming.objects.update_or_create(
            case=case,
            defaults={
                "informed_on": informed_on,
                "postponed_reason": "" if informed_on else postponed_reason.strip(),
                "review_on": None if informed_on else review_on,
                "recorded_by": acting_user(context),
            },
        )
        pending.object_id = record.pk
    return record
