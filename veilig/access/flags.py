"""Break-the-glass flags on granted reads: the one place that decides whether a row is flagged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from veilig.access import policy
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.detail import GRANT_CODE, detail_join
from veilig.cases.models import Case


def flagged_context(
    context: AuditContext, detail: str, grant_ids: Iterable[int]
) -> tuple[AuditContext, str]:
    """The context and detail of a read that break-the-glass grants made possible (if any)."""
    codes = [GRANT_CODE.format(grant_id) for grant_id in sorted(set(grant_ids))]
    if not codes:
        return context, detail
    return replace(context, break_glass=True), detail_join(detail, *codes)


def case_audit_context(
    user: User, case: Case, *, context: AuditContext, detail: str = ""
) -> tuple[AuditContext, str]:
    """Flagged, with the grant's id in ``detail``, when the user sees ``case`` only through an
    active break-the-glass grant."""
    grant_id = policy.break_glass_grant_for(user, case)
    return flagged_context(context, detail, [grant_id] if grant_id is not None else [])
