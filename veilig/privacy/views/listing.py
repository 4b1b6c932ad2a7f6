"""The lists of log rows on the privacy pages: readable rows, 50 to a page, anchored."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode

from veilig.audit.models import AuditEntry, AuditResult
from veilig.privacy.events import row_sentence
from veilig.privacy.reports import (
    action_label,
    object_type_label,
    purpose_label,
    result_label,
    role_label,
)
from veilig.privacy.selectors import audit_case_references, audit_organisation_names
from veilig.ui.params import query_int

PER_PAGE = 50


@dataclass(frozen=True)
class LogRow:
    """One access-log row as the privacy officer reads it."""

    seq: int
    at: datetime
    user: str
    user_id: int | None
    organisation: str
    role: str
    action: str
    object_type: str
    object_id: str
    what: str
    subject_person_id: int | None
    granted: bool
    result: str
    purpose: str
    break_glass: bool
    origin: str
    channel: str


def log_rows(entries: Iterable[AuditEntry]) -> list[LogRow]:
    entries = list(entries)
    names = audit_organisation_names(e.organisation for e in entries) if entries else {}
    references = audit_case_references(entries)
    return [
        LogRow(
            seq=e.seq,
            at=e.at,
            user=e.actor_username,
            user_id=e.actor_id,
            organisation=names.get(e.organisation, e.organisation),
            role=role_label(e.role),
            action=action_label(e.action),
            object_type=object_type_label(e.object_type),
            object_id=e.object_id,
            what=row_sentence(e, references),
            subject_person_id=e.subject_person_id,
            granted=e.result == AuditResult.GRANTED,
            result=result_label(e.result),
            purpose=purpose_label(e.purpose),
            break_glass=e.break_glass,
            origin=e.origin,
            channel=e.channel,
        )
        for e in entries
    ]


def log_page(
    request: HttpRequest, entries: Callable[[int], QuerySet[AuditEntry]], *, anchor: int
) -> dict[str, Any]:
    """One page of the rows ``entries(up_to)``, with the query for the page links.

    Viewing the log writes to it, so the pages of a newest-first list would shift on each click;
    the links therefore carry the anchor (``tot_nr``) of the first view: its own row's number.
    """
    anchor = query_int(request, "tot_nr", minimum=1, maximum=anchor) or anchor
    page = Paginator(entries(anchor), PER_PAGE).get_page(request.GET.get("pagina"))
    kept = [(k, str(v)) for k, v in request.GET.items() if k not in {"pagina", "tot_nr"} and v]
    query = urlencode([*kept, ("tot_nr", str(anchor))])  # ids and dates only, never personal data
    return {"page": page, "rows": log_rows(page.object_list), "query": query}
