"""The subject access report's data, and its JSON form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.audit.models import AuditEntry
from veilig.cases.models import Case, Contribution, Document, ParticipantRole
from veilig.cases.vocabulary import DataCategory, LegalBasis, Scope, Status, Theme
from veilig.privacy.events import row_sentence
from veilig.privacy.labels import (
    _choice,
    action_label,
    object_type_label,
    purpose_label,
    result_label,
    role_label,
)
from veilig.privacy.selectors import (
    audit_case_references,
    audit_entries_about_persons,
    audit_organisation_names,
)
from veilig.registry.crypto import decrypt
from veilig.registry.models import MergeStatus, Person
from veilig.registry.selectors import person_merge_group

# --- The report's data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    id: int
    name: str
    date_of_birth: dt.date | None
    bsn_stored: bool
    bsn_masked: str  # e.g. "*****6789"; empty when no BSN is stored
    addresses: int
    relations: int
    registered_at: dt.datetime


@dataclass(frozen=True)
class Participation:
    organisation: str
    role: dict[str, str]
    since: dt.datetime


@dataclass(frozen=True)
class Contributed:
    """What one organisation contributed to a case in one category (counts, never texts)."""

    organisation: str
    kind: str  # "contribution" or "document"
    data_category: dict[str, str]
    legal_basis: dict[str, str] | None  # documents carry no legal basis of their own
    scope: dict[str, str]
    count: int
    first: dt.datetime
    last: dt.datetime


@dataclass(frozen=True)
class CaseProcessing:
    reference: str
    theme: dict[str, str]
    status: dict[str, str]
    registered_on: dt.date
    closed_on: dt.date | None
    responsible_organisation: str  # the registering partner (aanmelder)
    table: str
    confidential: bool  # radicalisation: check the AVG art. 23 / UAVG art. 41 restrictions
    participants: list[Participation] = field(default_factory=list)
    contributed: list[Contributed] = field(default_factory=list)


@dataclass(frozen=True)
class MergeNote:
    """Two records of the person made one: ``absorbed`` into ``survivor`` (record numbers)."""

    survivor: int
    absorbed: int
    status: dict[str, str]
    merged_on: dt.date


@dataclass(frozen=True)
class AccessRow:
    seq: int
    at: dt.datetime
    organisation: str
    role: str
    user: str  # empty unless employee names are included
    action: str
    object_type: str
    what: str  # the sentence built from the row's codes (privacy.events)
    purpose: str
    result: str
    break_glass: bool
    channel: str


@dataclass(frozen=True)
class SubjectAccessReport:
    generated_at: dt.datetime
    person: PersonData
    cases: list[CaseProcessing]
    access_log: list[AccessRow]
    includes_user_names: bool
    merges: list[MergeNote] = field(default_factory=list)

    @property
    def has_pending_merge(self) -> bool:
        return any(merge.status["code"] == MergeStatus.PENDING for merge in self.merges)

    @property
    def organisations(self) -> list[str]:
        """Every organisation that processed data about the person, by name."""
        names = {p.organisation for c in self.cases for p in c.participants}
        names |= {c.responsible_organisation for c in self.cases}
        names |= {row.organisation for row in self.access_log if row.organisation}
        return sorted(names)


def _mask_bsn(person: Person) -> str:
    if not person.bsn_encrypted:
        return ""
    try:
        bsn = decrypt(person.bsn_encrypted)
    except Exception:  # a rotated key: say that one is stored, without its digits
        return "*********"
    return "*" * 5 + bsn[-4:]


def _person_data(person: Person) -> PersonData:
    return PersonData(
        id=person.pk,
        name=person.full_name,
        date_of_birth=person.date_of_birth,
        bsn_stored=bool(person.bsn_encrypted),
        bsn_masked=_mask_bsn(person),
        addresses=person.addresses.count(),
        relations=person.relations_out.count() + person.relations_in.count(),
        registered_at=person.created_at,
    )


def _contributed(
    queryset: QuerySet[Contribution] | QuerySet[Document], *, kind: str, with_basis: bool
) -> dict[int, list[Contributed]]:
    fields = ["case_id", "organisation__name", "data_category", "scope"]
    if with_basis:
        fields.append("legal_basis")
    rows = (
        queryset.order_by()
        .values(*fields)
        .annotate(
            n=Count("pk"),
            first=Min("created_at" if with_basis else "uploaded_at"),
            last=Max("created_at" if with_basis else "uploaded_at"),
        )
        .order_by("case_id", "organisation__name", "data_category")
    )
    result: dict[int, list[Contributed]] = {}
    for row in rows:
        result.setdefault(row["case_id"], []).append(
            Contributed(
                organisation=row["organisation__name"],
                kind=kind,
                data_category=_choice(DataCategory, row["data_category"]),
                legal_basis=_choice(LegalBasis, row["legal_basis"]) if with_basis else None,
                scope=_choice(Scope, row["scope"]),
                count=row["n"],
                first=row["first"],
                last=row["last"],
            )
        )
    return result


def _cases(person_ids: list[int]) -> list[CaseProcessing]:
    cases = list(
        Case.objects.filter(subject_id__in=person_ids)
        .select_related("registering_organisation", "table")
        .prefetch_related("participants__organisation")
        .order_by("registered_at", "pk")
    )
    ids = [c.pk for c in cases]
    contributions = _contributed(
        Contribution.objects.filter(case_id__in=ids), kind="contribution", with_basis=True
    )
    documents = _contributed(
        Document.objects.filter(case_id__in=ids), kind="document", with_basis=False
    )
    return [
        CaseProcessing(
            reference=case.reference,
            theme=_choice(Theme, case.theme),
            status=_choice(Status, case.status),
            registered_on=timezone.localdate(case.registered_at),
            closed_on=timezone.localdate(case.closed_at) if case.closed_at else None,
            responsible_organisation=case.registering_organisation.name,
            table=case.table.name if case.table else "",
            confidential=case.is_confidential,
            participants=[
                Participation(
                    organisation=p.organisation.name,
                    role=_choice(ParticipantRole, p.role),
                    since=p.invited_at,
                )
                for p in case.participants.all()
            ],
            contributed=contributions.get(case.pk, []) + documents.get(case.pk, []),
        )
        for case in cases
    ]


def report_rows(entries: Iterable[AuditEntry], *, include_user_names: bool) -> list[AccessRow]:
    entries = list(entries)
    names = audit_organisation_names(e.organisation for e in entries)
    references = audit_case_references(entries)
    return [
        AccessRow(
            seq=e.seq,
            at=e.at,
            organisation=names.get(e.organisation, e.organisation),
            role=role_label(e.role),
            user=e.actor_username if include_user_names else "",
            action=action_label(e.action),
            object_type=object_type_label(e.object_type),
            what=row_sentence(e, references),
            purpose=purpose_label(e.purpose),
            result=result_label(e.result),
            break_glass=e.break_glass,
            channel=e.channel,
        )
        for e in entries
    ]


def subject_access_report_build(
    *, person_id: int, include_user_names: bool = False
) -> SubjectAccessReport | None:
    """The report for one person, or None when no such person is registered.

    Employee names are left out by default: the data subject has a right to the dates and
    purposes of consultations and to the recipients, not as a rule to the identity of the
    employees who consulted (CJEU C-579/21, Pankki S, 2023). The privacy officer may include them.
    """
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return None
    # Every case of the person: also those of records merged into this one, or into which this
    # one was merged, while the merge is pending too (docs/casework.md, "One person, once").
    group = person_merge_group(person=person)
    log = audit_entries_about_persons(
        person_ids=group.person_ids, merge_ids=[merge.pk for merge in group.merges]
    ).order_by("at", "seq")
    return SubjectAccessReport(
        generated_at=timezone.now(),
        person=_person_data(group.record),
        cases=_cases(group.person_ids),
        access_log=report_rows(log, include_user_names=include_user_names),
        includes_user_names=include_user_names,
        merges=[
            MergeNote(
                survivor=merge.survivor_id,
                absorbed=merge.absorbed_id,
                status=_choice(MergeStatus, merge.status),
                merged_on=timezone.localdate(merge.merged_at),
            )
            for merge in group.merges
        ],
    )


# --- JSON ----------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def report_as_json(report: SubjectAccessReport) -> dict[str, Any]:
    """The report as plain JSON types: dates in ISO 8601, local time (Europe/Amsterdam)."""
    return {
        "document": "AVG art. 15 inzageverzoek",
        "generated_at": _jsonable(report.generated_at),
        "person": _jsonable(asdict(report.person)),
        "organisations": report.organisations,
        "cases": [_jsonable(asdict(c)) for c in report.cases],
        "access_log": [_jsonable(asdict(r)) for r in report.access_log],
        "merges": [_jsonable(asdict(m)) for m in report.merges],
        "includes_user_names": report.includes_user_names,
        "not_included": _(
            "The content of contributions and documents is not part of this overview. The "
            "registering partner of each case is responsible for it."
        ),
    }
