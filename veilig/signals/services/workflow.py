"""A signal's life after it is reported: status changes and the link to a case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from veilig.access.base import acting_user
from veilig.access.cases import access_case
from veilig.access.errors import NotFound
from veilig.access.needs import Need
from veilig.access.policy import cases_visible_to
from veilig.access.signals import (
    access_signal_change,
)
from veilig.audit.context import AuditContext
from veilig.cases.models import Case
from veilig.signals.models import Signal, StatusChange
from veilig.signals.vocabulary import (
    NEEDS_NOTE,
    TRANSITIONS,
    SignalStatus,
)

# --- Workflow -------------------------------------------------------------------------------


def transition_allowed(current: SignalStatus, target: SignalStatus) -> bool:
    return target in TRANSITIONS[current]


def signal_transition(
    *,
    context: AuditContext,
    signal_id: int,
    to_status: SignalStatus | str,
    note: str = "",
) -> Signal:
    """Move a signal along nieuw → in behandeling → doorgezet → afgehandeld (and reopen)."""
    if to_status not in SignalStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    target = SignalStatus(to_status)
    signal, pending = access_signal_change(
        context, signal_id, need=Need.MANAGE, detail=f"status:{target.value}"
    )
    user = acting_user(context)
    current = SignalStatus(signal.status)
    with pending.recorded():  # the row with the change, or an 'invalid' row for a refused move
        if not transition_allowed(current, target):
            raise ValidationError(
                {
                    "status": _("A signal with status “%(current)s” cannot move to “%(target)s”.")
                    % {"current": current.label, "target": target.label}
                }
            )
        if (current, target) in NEEDS_NOTE and not note.strip():
            raise ValidationError({"note": _("Write why the signal is reopened.")})
        signal.status = target
        signal.save(update_fields=["status"])
        StatusChange.objects.create(
            signal=signal, from_status=current, to_status=target, note=note.strip(), by=user
        )
    return signal


def signal_link_case(*, context: AuditContext, signal_id: int, case_reference: str) -> Signal:
    """Link a signal to a case the coordinator may see: two rows, the signal's and the case's.

    The rows name the case by its id (``case:<id>``, ``case:unknown``), never by the typed text.
    """
    reference = case_reference.strip().upper()
    user = acting_user(context)
    case_id = (
        cases_visible_to(user).filter(reference=reference).values_list("pk", flat=True).first()
    )
    code = f"case:{case_id}" if case_id is not None else "case:unknown"
    signal, pending = access_signal_change(context, signal_id, need=Need.LINK, detail=code)
    try:  # outside the change's transaction: the case's denied row must stay
        case: Case | None = access_case(context, case_id or 0, detail=f"signal:{signal.pk}")
    except NotFound:
        case = None
    with pending.recorded():  # the signal's row with the link, or an 'invalid' row
        if case is None:
            raise ValidationError({"reference": _("No case with this reference was found.")})
        signal.case = case
        signal.save(update_fields=["case"])
    return signal
