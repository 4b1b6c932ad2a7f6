"""What the signals app does when casework tells it something (``veilig.cases.hooks``)."""

from __future__ import annotations

from typing import Any

from veilig.audit.context import AuditContext
from veilig.cases.hooks import ORIGIN_EARLY_SIGNAL, case_registered_from
from veilig.cases.models import Case
from veilig.signals.services import early_signal_case_registered


def _case_registered(
    sender: object,
    *,
    origin: str,
    origin_id: int,
    context: AuditContext,
    case: Case,
    **kwargs: Any,
) -> None:
    """A case registered from an early signal: link it there and move it to in progress."""
    if origin == ORIGIN_EARLY_SIGNAL:
        early_signal_case_registered(context=context, early_id=origin_id, case=case)


def connect() -> None:
    case_registered_from.connect(_case_registered, dispatch_uid="veilig_signals_case_registered")
