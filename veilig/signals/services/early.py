"""An early signal's life after it fired: its status (nieuw → in behandeling → afgehandeld) and the
case registered from it. Each write leaves one audit row (``update early_signal``) with the change.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from veilig.access.base import acting_user
from veilig.access.early_signals import access_early_signal_change
from veilig.access.needs import Need
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.cases.models import Case
from veilig.signals.models import EarlySignal, EarlySignalStatusChange
from veilig.signals.vocabulary import EARLY_NEEDS_NOTE, EARLY_TRANSITIONS, EarlySignalStatus

NOTE_MAX = 2000


def early_transition_allowed(current: EarlySignalStatus, target: EarlySignalStatus) -> bool:
    return target in EARLY_TRANSITIONS[current]


def early_signal_transition(
    *, context: AuditContext, early_id: int, to_status: EarlySignalStatus | str, note: str = ""
) -> EarlySignal:
    """Move an early signal to ``to_status``; closing (and reopening) needs a written note.

    Refused input changes nothing and leaves one ``invalid`` row (docs/audit.md).
    """
    if to_status not in EarlySignalStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    target = EarlySignalStatus(to_status)
    early, pending = access_early_signal_change(
        context, early_id, need=Need.MANAGE, detail=f"status:{target.value}"
    )
    current = EarlySignalStatus(early.status)
    note = note.strip()
    with pending.recorded():
        if not early_transition_allowed(current, target):
            raise ValidationError(
                {
                    "status": _(
                        "An early signal with status “%(current)s” cannot move to “%(target)s”."
                    )
                    % {"current": current.label, "target": target.label}
                }
            )
        if (current, target) in EARLY_NEEDS_NOTE and not note:
            message = (
                _("Write what was done before you close the early signal.")
                if target == EarlySignalStatus.DONE
                else _("Write why the early signal is reopened.")
            )
            raise ValidationError({"note": message})
        if len(note) > NOTE_MAX:
            too_long = _("The note is too long (at most %(max)d characters).")
            raise ValidationError({"note": too_long % {"max": NOTE_MAX}})
        _move(early, current, target, note=note, context=context)
    return early


def _move(
    early: EarlySignal,
    current: EarlySignalStatus,
    target: EarlySignalStatus,
    *,
    note: str,
    context: AuditContext,
) -> None:
    early.status = target
    early.save(update_fields=["status", "updated_at"])
    EarlySignalStatusChange.objects.create(
        early_signal=early,
        from_status=current,
        to_status=target,
        note=note,
        by=acting_user(context) if context.actor is not None else None,
    )


def early_signal_case_registered(
    *, context: AuditContext, early_id: int, case: Case
) -> EarlySignal:
    """Link the case just registered from an early signal ("casus aanmelden") and move the early
    signal to in progress (from new, or back from closed: the case is the reason).

    One row, ``update early_signal`` with ``case:<id>`` (and ``status:in_progress`` when it
    moved). A user who may not register from it is refused with a row and nothing changes.
    """
    early, pending = access_early_signal_change(
        context, early_id, need=Need.LINK, detail=f"case:{case.pk}"
    )
    current = EarlySignalStatus(early.status)
    moves = current != EarlySignalStatus.IN_PROGRESS
    if moves:
        status = f"status:{EarlySignalStatus.IN_PROGRESS.value}"
        pending.row = replace(pending.row, detail=detail_join(pending.row.detail, status))
    with pending.recorded():
        early.case = case
        early.save(update_fields=["case", "updated_at"])
        if moves:
            _move(early, current, EarlySignalStatus.IN_PROGRESS, note="", context=context)
    return early
