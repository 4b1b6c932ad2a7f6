"""The bookmark of a case page: when its user last opened it (``CaseVisit``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from veilig.access.base import acting_user
from veilig.audit.context import AuditContext
from veilig.cases.models import Case, CaseVisit


def case_visit_record(*, context: AuditContext, case: Case, at: dt.datetime | None = None) -> None:
    """Mark ``case`` as seen now by the context's user: one upsert, no audit row of its own.

    ``case`` was opened through ``access_case``, whose read row (same request) is the record of
    this visit; the bookmark only tells the home page what is new since (docs/casework.md).
    """
    visit = CaseVisit(user=acting_user(context), case=case, seen_at=at or timezone.now())
    CaseVisit.objects.bulk_create(
        [visit], update_conflicts=True, unique_fields=["user", "case"], update_fields=["seen_at"]
    )
