"""Signal lists and a team's early signals as files: the columns of their lists
(docs/exports.md).

As wide as the list, not wider: a signal list row shows number, category, status, deadline
(with "overdue"), where it was routed and when it happened — no description, address or person.
An early signal row shows its number, summary, window and status. The rows are the objects the
export's audit row names, in the list's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilig.signals.models import EarlySignal, Signal
from veilig.signals.selectors import early_signals_by_id, is_overdue, signals_by_id
from veilig.ui.exports import Cell, Column, Export, rows_by_id


def _routed_to(signal: Signal) -> Cell:
    if signal.team is not None:
        return signal.team.name
    return signal.organisation.name if signal.organisation is not None else None


SIGNAL_COLUMNS: tuple[Column[Signal], ...] = (
    Column(_("Signal"), lambda signal: signal.pk, 10),
    Column(_("Category"), lambda signal: signal.category.name, 28),
    Column(_("Status"), lambda signal: str(signal.get_status_display()), 16),
    Column(_("Deadline"), lambda signal: signal.deadline_at, 18),
    Column(_("Overdue"), is_overdue, 10),
    Column(_("Routed to"), _routed_to, 26),
    Column(_("Time"), lambda signal: signal.occurred_at, 18),
)

EARLY_SIGNAL_COLUMNS: tuple[Column[EarlySignal], ...] = (
    Column(_("Early signal"), lambda early: early.pk, 12),
    Column(_("Summary"), lambda early: early.summary, 60),
    Column(_("From"), lambda early: timezone.localtime(early.window_start).date(), 14),
    Column(_("Until"), lambda early: timezone.localtime(early.window_end).date(), 14),
    Column(_("Status"), lambda early: str(early.get_status_display()), 16),
)


def signal_export(ids: Sequence[int], *, basename: str = "signalen") -> Export[Signal]:
    """The export of these signals (ids from an ``access_*_export``, in the list's order)."""
    return Export(
        basename=basename,
        sheet=_("Signals"),
        columns=SIGNAL_COLUMNS,
        rows=rows_by_id(ids, signals_by_id),
    )


def early_signal_export(ids: Sequence[int], *, basename: str) -> Export[EarlySignal]:
    return Export(
        basename=basename,
        sheet=_("Early signals"),
        columns=EARLY_SIGNAL_COLUMNS,
        rows=rows_by_id(ids, early_signals_by_id),
    )
