"""The casework's access history: the rows the services would have written, at their simulated
times. Private to ``writers``.

The rows are appended to the hash chain by the log's own writer (``audit_entry_build`` and
``audit_entries_append``: the head locked, every hash computed as ``audit_record`` does), so
that the privacy officer's pages see the reads when they happened, and the chain verifies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from veilig.access import policy
from veilig.access.cases import case_code
from veilig.access.flags import flagged_context
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.detail import GRANT_CODE, detail_join
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.audit.services import audit_entry_build
from veilig.demo.generator.casework import AuditEventPlan, CasePlan, CaseworkPlan

AUDIT_CHANNEL = "demo"
AUDIT_ORIGIN = "demo_city"


@dataclass(frozen=True)
class HistoryIds:
    cases: list[int]
    persons: list[int]
    # object type (contribution, participant, plan, action, document) -> case id -> ids in
    # plan order
    items: dict[str, dict[int, list[int]]]
    grants: list[int]


def history_entries(
    plan: CaseworkPlan, users: dict[str, User], ids: HistoryIds
) -> list[AuditEntry]:
    """The rows the services would have written, oldest first, at their simulated times.

    Under break-the-glass the request names its grant and every read carries the flag and the
    grant's code, built by the helpers the services use (``access.cases``).
    """
    contexts: dict[tuple[str, str], AuditContext] = {}
    entries = []
    for event in plan.audit:
        key = (event.user, event.purpose)
        if key not in contexts:
            user = users[event.user]
            base = AuditContext.for_command(
                user, role=policy.case_role(user), purpose=event.purpose
            )
            contexts[key] = replace(base, origin=AUDIT_ORIGIN, channel=AUDIT_CHANNEL)
        context = contexts[key]
        case: CasePlan = plan.cases[event.case]
        case_id = ids.cases[event.case]
        subject = ids.persons[case.person]
        detail = event.detail
        if event.item is not None:  # an item of the case: the row names its case, as in access
            detail = detail_join(case_code(case_id), event.detail)
        if event.grant is not None and event.object_type == "break_glass":
            context = replace(context, break_glass=True)
            detail = GRANT_CODE.format(ids.grants[event.grant])
        elif event.grant is not None:
            context, detail = flagged_context(context, detail, [ids.grants[event.grant]])
        entries.append(
            audit_entry_build(
                context=context,
                at=event.at.astimezone(dt.UTC),
                action=AuditAction(event.action),
                object_type=event.object_type,
                object_id=_object_id(event, case_id, subject, ids.items),
                result=AuditResult(event.result),
                subject_person_id=subject,
                detail=detail,
            )
        )
    return entries


def _object_id(
    event: AuditEventPlan, case_id: int, subject: int, items: dict[str, dict[int, list[int]]]
) -> int:
    if event.object_type == "person":
        return subject
    if event.item is not None:
        return items[event.object_type][case_id][event.item]
    return case_id
