"""Writes the casework stage of the demo city. Private to ``writers`` (and so to services).

Persons are built like ``registry.services.person_create`` builds them (BSN checked, encrypted,
keyed digest, pseudonym) but with seeded UUIDs, and inserted in bulk. Case rows are inserted
in bulk with their historical times (the services stamp 'now'); the tests check that the data
obeys the same rules as the services (valid transitions, owners taking part, reasons given).
The access history is appended to the hash chain with its simulated times (``_chain_append``:
the head locked and every hash computed as ``audit.services.audit_record`` does), so that the
privacy officer's pages see the reads when they happened, and the chain verifies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Field, Max, Model

from veilig.access import policy
from veilig.access.flags import flagged_context
from veilig.accounts.models import Organisation, User
from veilig.audit.context import AuditContext
from veilig.audit.detail import GRANT_CODE
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.audit.services import audit_entries_append, audit_entry_build
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
)
from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.casework import TZ, AuditEventPlan, CasePlan, CaseworkPlan
from veilig.demo.generator.documents import document_bytes
from veilig.demo.selectors import demo_organisations, demo_users
from veilig.geo.models import Area
from veilig.registry.crypto import bsn_digest, bsn_is_valid, encrypt, pseudonym_for
from veilig.registry.models import Address, Person, PersonAddress, Relation

AUDIT_CHANNEL = "demo"
AUDIT_ORIGIN = "demo_city"
_CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain"}


@dataclass(frozen=True)
class CaseworkIds:
    """Database ids of the written persons and cases, in plan order (for later stages)."""

    persons: list[int]
    cases: list[int]


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
    person_ids = _persons_write(plan, addresses)
    case_ids = _cases_write(plan, users, orgs, areas, person_ids)
    action_ids = _ids_per_case(Action, case_ids)
    document_ids = _documents_write(plan, users, orgs, case_ids)
    grant_ids = _break_glass_write(plan, users, case_ids)
    if access_history:
        ids = _HistoryIds(case_ids, person_ids, action_ids, document_ids, grant_ids)
        # Rows keep their simulated times (the break-the-glass queue counts reads in a window).
        audit_entries_append(entries=_history_entries(plan, users, ids))
    return CaseworkIds(persons=person_ids, cases=case_ids)


def _insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows given in Python values (converted per field) with ``executemany``.

    Unlike ``bulk_create`` this keeps the given creation times (``auto_now_add`` would stamp
    'now'); the database still checks every constraint.
    """
    concrete: list[Field[Any, Any]] = []
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, Field):
            raise TypeError(f"{model.__name__}.{name} is not a concrete field")
        concrete.append(field)
    prepared = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(concrete, row, strict=True)
        ]
        for row in rows
    ]
    if not prepared:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(str(model._meta.db_table)),
        ", ".join(quote(str(field.column)) for field in concrete),
        ", ".join(["%s"] * len(concrete)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _tables_write(
    plan: CaseworkPlan, users: dict[str, User], orgs: dict[str, Organisation]
) -> None:
    for spec in plan.tables:
        table = Table.objects.create(
            code=spec.code,
            name=spec.name,
            theme=spec.theme,
            data_categories=[str(c) for c in spec.data_categories],
            retention_months=spec.retention_months,
            subject_informed=spec.subject_informed,
        )
        table.member_organisations.set([orgs[code] for code in spec.members])
        table.representatives.set([users[name] for name in spec.representatives])


def _persons_write(plan: CaseworkPlan, addresses: AddressPlan) -> list[int]:
    people = []
    for spec in plan.persons:
        person = Person(
            uuid=spec.uuid,
            first_name=spec.first_name,
            prefix=spec.prefix,
            last_name=spec.last_name,
            date_of_birth=spec.date_of_birth,
            pseudonym=pseudonym_for(spec.uuid),
        )
        if spec.bsn:
            if not bsn_is_valid(spec.bsn):  # pragma: no cover - the generator makes valid ones
                raise ValueError("the demo generated an invalid BSN")
            person.bsn_encrypted = encrypt(spec.bsn)
            person.bsn_digest = bsn_digest(spec.bsn)
        people.append(person)
    ids = [person.pk for person in Person.objects.bulk_create(people)]
    address_ids = _address_ids(
        addresses, sorted({r.address for p in plan.persons for r in p.residences})
    )
    PersonAddress.objects.bulk_create(
        PersonAddress(person_id=ids[index], address_id=address_ids[r.address], since=r.since,
                      until=r.until)
        for index, spec in enumerate(plan.persons)
        for r in spec.residences
    )  # fmt: skip
    Relation.objects.bulk_create(
        Relation(person_id=ids[r.person], other_id=ids[r.other], kind=r.kind,
                 description=r.description)
        for r in plan.relations
    )  # fmt: skip
    return ids


def _address_ids(addresses: AddressPlan, indexes: list[int]) -> dict[int, int]:
    """The database ids of the planned addresses, found by their unique key."""
    keys = {
        (addresses.postcode[i], addresses.house_number[i], addresses.house_letter[i],
         addresses.addition[i]): i
        for i in indexes
    }  # fmt: skip
    postcodes = sorted({key[0] for key in keys})
    found: dict[int, int] = {}
    for start in range(0, len(postcodes), 500):
        rows = Address.objects.filter(postcode__in=postcodes[start : start + 500]).values_list(
            "pk", "postcode", "house_number", "house_letter", "house_number_addition"
        )
        for pk, postcode, number, letter, addition in rows:
            if (index := keys.get((postcode, number, letter, addition))) is not None:
                found[index] = pk
    return found


def _reference_offsets(plan: CaseworkPlan) -> dict[str, int]:
    """Per year prefix, the highest number already used by cases outside the demo (usually 0)."""
    offsets = {}
    for prefix in sorted({case.reference[:9] for case in plan.cases}):
        last = Case.objects.filter(reference__startswith=prefix).aggregate(m=Max("reference"))["m"]
        offsets[prefix] = int(last.removeprefix(prefix)) if last else 0
    return offsets


def _cases_write(
    plan: CaseworkPlan,
    users: dict[str, User],
    orgs: dict[str, Organisation],
    areas: dict[str, Area],
    person_ids: list[int],
) -> list[int]:
    offsets = _reference_offsets(plan)
    tables = {t.code: t.pk for t in Table.objects.filter(code__in=[t.code for t in plan.tables])}
    references = [
        f"{c.reference[:9]}{int(c.reference[9:]) + offsets[c.reference[:9]]:05d}"
        for c in plan.cases
    ]
    _insert(
        Case,
        ("reference", "subject", "theme", "status", "registering_organisation", "registered_by",
         "table", "stadsdeel", "reason", "crit_multi_domain", "crit_coercion",
         "crit_surroundings", "crit_area_problem", "decision_reason", "outcome", "registered_at",
         "updated_at", "closed_at"),
        (
            (ref, person_ids[c.person], c.theme, c.status, orgs[c.registering_organisation].pk,
             users[c.registered_by].pk, tables[c.table] if c.table else None,
             areas[c.stadsdeel].pk if c.stadsdeel else None, c.reason, *c.criteria,
             c.decision_reason, c.outcome, c.registered_at, c.updated_at, c.closed_at)
            for ref, c in zip(references, plan.cases, strict=True)
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
    model: type[Action] | type[Document], case_ids: list[int]
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


@dataclass(frozen=True)
class _HistoryIds:
    cases: list[int]
    persons: list[int]
    actions: dict[int, list[int]]
    documents: dict[int, list[int]]
    grants: list[int]


def _history_entries(
    plan: CaseworkPlan, users: dict[str, User], ids: _HistoryIds
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
        if event.action_index is not None:
            detail = f"action:{ids.actions[case_id][event.action_index]}"
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
                object_id=_object_id(event, case_id, subject, ids.documents),
                result=AuditResult(event.result),
                subject_person_id=subject,
                detail=detail,
            )
        )
    return entries


def _object_id(
    event: AuditEventPlan, case_id: int, subject: int, document_ids: dict[int, list[int]]
) -> int:
    if event.object_type == "person":
        return subject
    if event.object_type == "document" and event.document is not None:
        return document_ids[case_id][event.document]
    return case_id
