"""The case list as a file: the columns of the list page, one per value (docs/exports.md).

As wide as the list, not wider: the person's name and date of birth (shown together on the
page), theme, status, registering partner, district, next deadline, overdue actions, date of
registration. The rows are the cases the export's audit row names, in the list's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilig.cases.models import Case
from veilig.cases.selectors import cases_by_id
from veilig.ui.exports import Column, Export, rows_by_id

CASE_COLUMNS: tuple[Column[Case], ...] = (
    Column(_("Reference"), lambda case: case.reference, 16),
    Column(_("Person"), lambda case: case.subject.full_name, 28),
    Column(_("Date of birth"), lambda case: case.subject.date_of_birth, 14),
    Column(_("Theme"), lambda case: case.theme_label, 22),
    Column(_("Status"), lambda case: case.status_label, 18),
    Column(_("Registering partner"), lambda case: case.registering_organisation.name, 26),
    Column(_("District"), lambda case: case.stadsdeel.name if case.stadsdeel else None, 18),
    Column(_("Next deadline"), lambda case: case.next_deadline, 14),  # type: ignore[attr-defined]
    Column(_("Overdue actions"), lambda case: case.overdue_count, 10),  # type: ignore[attr-defined]
    Column(_("Registered"), lambda case: timezone.localtime(case.registered_at).date(), 14),
)


def case_export(ids: Sequence[int]) -> Export[Case]:
    """The export of these cases (ids from ``access_case_list_export``, in the list's order)."""
    return Export(
        basename="casussen",
        sheet=_("Cases"),
        columns=CASE_COLUMNS,
        rows=rows_by_id(ids, cases_by_id),
    )
