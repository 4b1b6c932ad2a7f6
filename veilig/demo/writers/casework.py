"""Writes the casework stage of the demo city. Private to ``writers`` (and so to services).

Persons go through the registry's builder (``writers.persons``). Case rows are inserted in bulk
by the one bulk writer with their historical times (the services stamp 'now'), under the
references a registration would give (``cases.services.register.case_references_next``); the
tests check that the data obeys the same rules as the services (valid transitions, owners
taking part, reasons given). The access history is built here (``writers.history``) and
appended by ``writers.city`` together with the consultations'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Model

from veilig.accounts.models import Organisation, User
from veilig.audit.models import AuditEntry
from veilig.cases.models import (
    Action,
    BreakGlass,
    Case,
    Contribution,
    Document,
    DocumentStorage,
    Participant,
    Plan,
    StatusChange,
    Table,
    TableMember,
)
from veilig.cases.services.register import case_references_next
from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.casework import TZ, CaseworkPlan
from veilig.demo.generator.documents import document_bytes
from veilig.demo.selectors.city import demo_organisations, demo_users
from veilig.demo.writers.history import HistoryIds, history_entries
from veilig.demo.writers.persons import persons_write
from veilig.events.bulk import bulk_writer
from veilig.geo.models import Area

_CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain"}


@dataclass(frozen=True)
class CaseworkIds:
    """Database ids of the written persons and cases, in plan order (for later stages)."""

    persons: list[int]
    cases: list[int]
    # The access-log rows of the casework, unchained (``writers.city`` chains them with the
    # consultations' rows, in time order); empty without the access history.
    history: list[AuditEntry]


def casework_write(
    *,
    plan: CaseworkPlan,
    addresses: AddressPlan,
    areas: dict[str, Area],
    access_history: bool = True,
) -> CaseworkIds:
    """Write the tables, persons, cases and access history (call inside a transaction)."""
    users = {user.username: user for user in demo_users().select_related("organisation")}
    orgs = {org.code: org for org in demo_organisations()}
    _tables_write(plan, users, orgs)
    person_ids = persons_write(plan, addresses)
    case_ids = _cases_write(plan, users, orgs, areas, person_ids)
    items = {
        "action": _ids_per_case(Action, case_ids),
        "contribution": _ids_per_case(Contribution, case_ids),
        "participant": _ids_per_case(Participant, case_ids),
        "plan": _ids_per_case(Plan, case_ids),
        "document": _documents_write(plan, users, orgs, case_ids),
    }
    grant_ids = _break_glass_write(plan, users, case_ids)
    history: list[AuditEntry] = []
    if access_history:
        ids = HistoryIds(case_ids, person_ids, items, grant_ids)
        history = history_entries(plan, users, ids)
    return CaseworkIds(persons=person_ids, cases=case_ids, history=history)


def _insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows of Python values through the one bulk writer (``events.bulk``): unlike
    ``bulk_create`` it keeps the given creation times (``auto_now_add`` would stamp 'now')."""
    bulk_writer(model, fields).values_insert(rows)


def _tables_write(
    plan: CaseworkPlan, users: dict[str, User], orgs: dict[str, Organisation]
) -> None:
    for spec in plan.tables:
        table = Table.objects.create(
            code=spec.code,
            name=spec.name,
            theme=spec.theme,
            retention_months=spec.retention_months,
            subject_informed=spec.subject_informed,
            subject_informed_when=spec.subject_informed_when,
            subject_not_informed_reason=spec.subject_not_informed_reason,
            chair=users[spec.chair],
            meeting_rhythm=spec.meeting_rhythm,
            meeting_weekday=spec.meeting_weekday,
        )
        TableMember.objects.bulk_create(
            TableMember(
                table=table,
                organisation=orgs[member.organisation],
                legal_basis=member.legal_basis,
                data_categories=sorted(str(c) for c in member.data_categories),
            )
            for member in spec.memberships
        )
        table.representatives.set([users[name] for name in spec.representatives])


def _references(plan: CaseworkPlan) -> list[str]:
    """The stored reference of each planned case: the plan numbers the cases of a year 1, 2,
    ...; they take the year's next free references (``case_references_next``, as a
    registration does), so cases registered outside the demo keep theirs."""
    planned: dict[int, int] = {}
    for case in plan.cases:
        year, number = int(case.reference[4:8]), int(case.reference[9:])
        planned[year] = max(planned.get(year, 0), number)
    free = {year: case_references_next(year=year, count=n) for year, n in sorted(planned.items())}
    return [free[int(c.reference[4:8])][int(c.reference[9:]) - 1] for c in plan.cases]


def _cases_write(
    plan: CaseworkPlan,
    users: dict[str, User],
    orgs: dict[str, Organisation],
    areas: dict[str, Area],
    person_ids: list[int],
) -> list[int]:
    tables = {t.code: t.pk for t in Table.objects.filter(code__in=[t.code for t in plan.tables])}
    references = _references(plan)
    _insert(
        Case,
        ("reference", "subject", "subject_first_name", "subject_prefix", "subject_last_name",
         "subject_date_of_birth", "subject_bsn_given", "theme", "status",
         "registering_organisation", "registered_by", "table", "stadsdeel", "reason",
         "crit_multi_domain", "crit_coercion", "crit_surroundings", "crit_area_problem",
         "decision_reason", "outcome", "registered_at", "updated_at", "closed_at"),
        (
            # The case keeps the person as registered: in the demo, the registry's record.
            (ref, person_ids[c.person], p.first_name, p.prefix, p.last_name, p.date_of_birth,
             bool(p.bsn), c.theme, c.status, orgs[c.registering_organisation].pk,
             users[c.registered_by].pk, tables[c.table] if c.table else None,
             areas[c.stadsdeel].pk if c.stadsdeel else None, c.reason, *c.criteria,
             c.decision_reason, c.outcome, c.registered_at, c.updated_at, c.closed_at)
            for ref, c in zip(references, plan.cases, strict=True)
            for p in (plan.persons[c.person],)
        ),
    )  # fmt: skip
    by_reference = dict(
        Case.objects.filter(reference__in=references).values_list("reference", "pk")
    )
    ids = [by_reference[ref] for ref in references]
    pairs = list(zip(ids, plan.cases, strict=True))
    _insert(
        StatusChange,
        ("case", "from_status", "to_status", "by", "at", "reason"),
        ((pk, s.from_status, s.to_status, users[s.by].pk, s.at, s.reason)
         for pk, c in pairs for s in c.steps),
    )  # fmt: skip
    _insert(
        Participant,
        ("case", "organisation", "role", "invited_by", "invited_at"),
        ((pk, orgs[p.organisation].pk, p.role, users[p.invited_by].pk, p.at)
         for pk, c in pairs for p in c.participants),
    )  # fmt: skip
    _insert(
        Contribution,
        ("case", "organisation", "author", "text", "data_category", "legal_basis", "scope",
         "created_at"),
        ((pk, orgs[i.organisation].pk, users[i.author].pk, i.text, i.data_category,
          i.legal_basis, i.scope, i.at)
         for pk, c in pairs for i in c.contributions),
    )  # fmt: skip
    _insert(
        Plan,
        ("case", "goals", "updated_by", "updated_at"),
        ((pk, c.goals, users[c.plan_by].pk, c.plan_at) for pk, c in pairs if c.goals),
    )
    _insert(
        Action,
        ("case", "description", "owner_organisation", "owner_user", "deadline", "status",
         "result", "created_at", "completed_at"),
        ((pk, a.description, orgs[a.owner_organisation].pk,
          users[a.owner_user].pk if a.owner_user else None, a.deadline, a.status, a.result,
          a.created_at, a.completed_at)
         for pk, c in pairs for a in c.actions),
    )  # fmt: skip
    return ids


def _ids_per_case(
    model: type[Action | Contribution | Document | Participant | Plan], case_ids: list[int]
) -> dict[int, list[int]]:
    """The ids of a case's rows in insertion order (they were inserted in plan order)."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = model.objects.filter(case_id__in=case_ids).order_by("case_id", "id")
    for case_id, pk in rows.values_list("case_id", "pk"):
        found[case_id].append(pk)
    return found


def _documents_write(
    plan: CaseworkPlan,
    users: dict[str, User],
    orgs: dict[str, Organisation],
    case_ids: list[int],
) -> dict[int, list[int]]:
    storage = DocumentStorage()
    rows = []
    for pk, case in zip(case_ids, plan.cases, strict=True):
        for number, doc in enumerate(case.documents):
            extension = doc.name[doc.name.rfind(".") :]
            content = document_bytes(
                title=doc.title, body=doc.body, extension=extension, created=doc.at
            )
            local = doc.at.astimezone(TZ)
            # Like the upload service: a name without personal data, under year/month.
            stored = storage.save(
                f"{local:%Y/%m}/demo-{case.reference}-{number + 1}{extension}",
                ContentFile(content),
            )
            rows.append(
                (pk, orgs[doc.organisation].pk, users[doc.uploaded_by].pk, stored, doc.name,
                 _CONTENT_TYPES[extension], len(content), doc.data_category, doc.scope, doc.at)
            )  # fmt: skip
    _insert(
        Document,
        ("case", "organisation", "uploaded_by", "file", "original_name", "content_type", "size",
         "data_category", "scope", "uploaded_at"),
        rows,
    )  # fmt: skip
    return _ids_per_case(Document, case_ids)


def _break_glass_write(
    plan: CaseworkPlan, users: dict[str, User], case_ids: list[int]
) -> list[int]:
    """Insert the grants; their ids in plan order (the history names them: ``grant:<id>``)."""
    rows = [
        (users[g.user].pk, case_ids[g.case], g.reason, g.granted_at, g.expires_at,
         users[g.reviewed_by].pk if g.reviewed_by else None, g.reviewed_at, g.review_note)
        for g in plan.break_glass
    ]  # fmt: skip
    _insert(
        BreakGlass,
        ("user", "case", "reason", "granted_at", "expires_at", "reviewed_by", "reviewed_at",
         "review_note"),
        rows,
    )  # fmt: skip
    written = BreakGlass.objects.filter(case_id__in=case_ids).values_list(
        "pk", "user_id", "case_id", "granted_at"
    )
    ids = {(user, case, granted): pk for pk, user, case, granted in written}
    return [ids[(row[0], row[1], row[3])] for row in rows]
