"""Reading cases. Callers pass a user; visibility always comes from ``veilig.access.policy``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
from django.utils import timezone

from veilig.access.policy import (
    cases_visible_to,
    contributions_visible_to,
    documents_visible_to,
    holds_break_glass,
    may_contribute,
    may_manage_case,
    may_see_person_record,
    reading_limit,
)
from veilig.accounts.models import Organisation, User
from veilig.cases.models import Action, Case, Contribution, Document, Participant, Plan, Table
from veilig.cases.vocabulary import (
    TRANSITIONS,
    TRIAGE_OUTCOME_STATUSES,
    ActionStatus,
    Scope,
    Status,
)
from veilig.geo.models import Area, AreaLevel
from veilig.registry.crypto import bsn_digest
from veilig.registry.models import MergeStatus, Person, PersonAddress, PersonMerge
from veilig.ui.dates import parse_date_or_none

SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "-registered": ("-registered_at", "-id"),
    "registered": ("registered_at", "id"),
    "deadline": (F("next_deadline").asc(nulls_last=True), "-id"),
    "reference": ("reference",),
    "status": ("status", "-registered_at"),
}
SortKey = Literal["-registered", "registered", "deadline", "reference", "status"]
SearchKind = Literal["", "bsn", "date_of_birth", "name"]


@dataclass(frozen=True)
class CaseFilters:
    theme: str = ""
    status: str = ""
    partner: int | None = None  # organisation id taking part
    stadsdeel: int | None = None
    overdue: bool = False
    query: str = ""
    sort: SortKey = "-registered"
    statuses: tuple[str, ...] = field(default_factory=tuple)


def search_kind(query: str) -> SearchKind:
    """What a search term is: a BSN (9 digits), a date of birth, or a name."""
    query = query.strip()
    if not query:
        return ""
    if query.isdigit() and len(query) == 9:
        return "bsn"
    if _parse_date(query) is not None:
        return "date_of_birth"
    return "name"


def _parse_date(text: str) -> dt.date | None:
    return parse_date_or_none(text)  # the one date parser of every form (dd-mm-jjjj)


def _search(queryset: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Search what the list shows: the person as registered with each case. A BSN finds only
    cases registered with that BSN (as the record's digest): a case linked to a record by name
    and date of birth must not answer to a BSN that its registrant never gave."""
    kind = search_kind(query)
    query = query.strip()
    if kind == "bsn":
        return queryset.filter(subject_bsn_given=True, subject__bsn_digest=bsn_digest(query))
    if kind == "date_of_birth":
        return queryset.filter(subject_date_of_birth=_parse_date(query))
    if kind == "name":
        condition = Q()
        for word in query.split():
            condition &= (
                Q(subject_first_name__icontains=word)
                | Q(subject_last_name__icontains=word)
                | Q(reference__iexact=word)
            )
        return queryset.filter(condition)
    return queryset


def overdue_actions() -> QuerySet[Action]:
    return Action.objects.filter(status=ActionStatus.OPEN, deadline__lt=timezone.localdate())


def case_list(*, visible: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    """Filter, annotate and sort an already access-filtered queryset, in one query."""
    queryset = visible
    if filters.theme:
        queryset = queryset.filter(theme=filters.theme)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.partner:
        queryset = queryset.filter(participants__organisation_id=filters.partner)
    if filters.stadsdeel:
        queryset = queryset.filter(stadsdeel_id=filters.stadsdeel)
    if filters.overdue:
        queryset = queryset.filter(Exists(overdue_actions().filter(case=OuterRef("pk"))))
    queryset = _search(queryset, filters.query)
    return _with_list_columns(queryset).order_by(*SORTS.get(filters.sort, SORTS["-registered"]))


def _with_list_columns(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """What a list row shows: person, organisation, table, district and the deadlines."""
    # Correlated subqueries, not GROUP BY aggregates: they are computed only for the rows of the
    # page, not for every case of the house before LIMIT.
    open_actions = Action.objects.filter(case=OuterRef("pk"), status=ActionStatus.OPEN)
    overdue = (
        open_actions.filter(deadline__lt=timezone.localdate())
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        queryset.select_related("subject", "registering_organisation", "stadsdeel", "table")
        .defer("stadsdeel__geometry")  # a district's outline: never shown in a list
        .annotate(
            next_deadline=Subquery(open_actions.order_by("deadline").values("deadline")[:1]),
            overdue_count=Coalesce(Subquery(overdue[:1]), Value(0)),
        )
    )


def case_page(cases: QuerySet[Case], number: str | int | None, per_page: int) -> Page[Case]:
    """One page of a case list, sorted on ids first and only then loaded in full.

    The database sorts the visible cases on the narrow (id, sort key) rows and loads the joined
    and annotated columns for the page's rows only: SQLite would otherwise carry every visible
    case with its person, organisation and district through the sort (halves a partner's list
    with 17,000 visible cases). The count is the same query as before.
    """
    narrow = Paginator(cases.values_list("pk", flat=True), per_page).get_page(number)
    # These ids come out of the access-filtered query just above, so the rows are loaded by id
    # alone: evaluating visibility again would cost a partner a hash over every participation
    # of the organisation (8 of the 10 ms of this query on PostgreSQL, 17,000 cases).
    rows = cases_by_id(list(narrow.object_list))
    return Page(rows, narrow.number, cast("Paginator[Case]", narrow.paginator))


def cases_by_id(ids: Sequence[int]) -> list[Case]:
    """The cases with these ids with the list's columns, in the order of ``ids``, in one query.

    Only for ids that an access-filtered query gave (a page of the list, an export)."""
    loaded = {case.pk: case for case in _with_list_columns(Case.objects.filter(pk__in=ids))}
    return [loaded[pk] for pk in ids if pk in loaded]


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str
    text: str
    organisation: str = ""


def case_timeline(*, user: User, case: Case) -> list[TimelineEntry]:
    """Everything that happened on a case that this user may see, newest first."""
    entries: list[TimelineEntry] = []
    for change in case.status_changes.select_related("by").all():
        entries.append(TimelineEntry(change.at, "status", change.get_to_status_display()))
    for participant in case.participants.select_related("organisation"):
        entries.append(
            TimelineEntry(
                participant.invited_at,
                "participant",
                participant.get_role_display(),
                participant.organisation.name,
            )
        )
    for item in contributions_visible_to(user, case).select_related("organisation"):
        entries.append(
            TimelineEntry(
                item.created_at,
                "contribution",
                item.get_data_category_display(),
                item.organisation.name,
            )
        )
    for action in case.actions.select_related("owner_organisation"):
        entries.append(
            TimelineEntry(
                action.created_at, "action", action.description, action.owner_organisation.name
            )
        )
    for document in documents_visible_to(user, case).select_related("organisation"):
        entries.append(
            TimelineEntry(
                document.uploaded_at, "document", document.original_name, document.organisation.name
            )
        )
    return sorted(entries, key=lambda e: e.at, reverse=True)


# --- Pages of the case UI ---------------------------------------------------------------------
# Each function below takes a case or person that the caller already opened through
# ``veilig.access`` (which wrote the audit row); it only gathers what the page shows.


@dataclass(frozen=True)
class ContributionGroup:
    scope: Scope
    items: list[Contribution]


@dataclass(frozen=True)
class CaseOverview:
    participants: list[Participant]
    contribution_groups: list[ContributionGroup]
    plan: Plan | None
    actions: list[Action]
    documents: list[Document]
    timeline: list[TimelineEntry]
    may_manage: bool
    may_contribute: bool
    via_break_glass: bool
    next_statuses: list[Status]
    # What the table's covenant takes away from a partner's view ("": nothing).
    reading_limit: str = ""


def case_overview(*, user: User, case: Case) -> CaseOverview:
    """What the case page shows to ``user``: only contributions and documents in scope."""
    today = timezone.localdate()
    visible = list(contributions_visible_to(user, case).select_related("organisation", "author"))
    groups = [
        ContributionGroup(scope, [item for item in visible if item.scope == scope])
        for scope in Scope
    ]
    actions = case.actions.select_related("owner_organisation", "owner_user").annotate(
        is_overdue=ExpressionWrapper(
            Q(status=ActionStatus.OPEN, deadline__lt=today), output_field=BooleanField()
        )
    )
    return CaseOverview(
        participants=list(case.participants.select_related("organisation")),
        contribution_groups=[group for group in groups if group.items],
        plan=Plan.objects.filter(case=case).select_related("updated_by").first(),
        actions=list(actions),
        documents=list(documents_visible_to(user, case).select_related("organisation")),
        timeline=case_timeline(user=user, case=case),
        may_manage=may_manage_case(user, case),
        may_contribute=may_contribute(user, case),
        via_break_glass=holds_break_glass(user, case),
        next_statuses=sorted(
            TRANSITIONS[Status(case.status)] - TRIAGE_OUTCOME_STATUSES, key=list(Status).index
        ),
        reading_limit=reading_limit(user, case).value,
    )


def case_participant_organisations(*, case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.filter(participations__case=case).order_by("name")


def case_owner_candidates(*, organisation_ids: list[int]) -> QuerySet[User]:
    """Active users of the given organisations who may own an action."""
    return (
        User.objects.filter(organisation_id__in=organisation_ids, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "username")
    )


def case_plan(*, case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


def person_cases(*, user: User, person: Person) -> QuerySet[Case]:
    """The cases of a person that ``user`` may open (the person came from ``access_person``)."""
    return (
        cases_visible_to(user)
        .filter(subject=person)
        .select_related("registering_organisation")
        .order_by("-registered_at", "-id")
    )


def person_addresses(*, person: Person) -> QuerySet[PersonAddress]:
    return person.addresses.select_related("address", "address__buurt").order_by("-since")


@dataclass(frozen=True)
class PersonView:
    """What one viewer sees of a person (docs/access-model.md, "Persons").

    ``record``: the registry's record itself (stored name, date of birth, BSN, addresses,
    merges), for a process director who may see every case of the person. Anyone else sees
    the person as registered with the newest case they may see, and no addresses: a record may
    hold another spelling, a BSN or an address from a case they cannot see.
    """

    id: int
    record: bool
    first_name: str
    prefix: str
    last_name: str
    date_of_birth: dt.date | None
    has_bsn: bool
    cases: list[Case]
    addresses: list[PersonAddress]
    merges: list[PersonMerge]

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.prefix, self.last_name) if part)


def person_view(*, user: User, person: Person) -> PersonView:
    """The person page (and API answer) for ``user``; the person came from ``access_person``."""
    cases = list(person_cases(user=user, person=person))
    if may_see_person_record(user, person):
        merges = PersonMerge.objects.filter(Q(survivor=person) | Q(absorbed=person)).exclude(
            status=MergeStatus.UNDONE
        )
        return PersonView(
            id=person.pk,
            record=True,
            first_name=person.first_name,
            prefix=person.prefix,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            has_bsn=bool(person.bsn_digest),
            cases=cases,
            addresses=list(person_addresses(person=person)),
            merges=list(merges),
        )
    newest = cases[0] if cases else Case()
    return PersonView(
        id=person.pk,
        record=False,
        first_name=newest.subject_first_name,
        prefix=newest.subject_prefix,
        last_name=newest.subject_last_name,
        date_of_birth=newest.subject_date_of_birth,
        has_bsn=any(case.subject_bsn_given for case in cases),
        cases=cases,
        addresses=[],
        merges=[],
    )


def person_merge_cases(*, merge: PersonMerge) -> QuerySet[Case]:
    """The cases a merge moved (the merge came from ``access_person_merge``)."""
    return Case.objects.filter(pk__in=merge.moved.get("cases", [])).order_by("registered_at", "pk")


def stadsdeel_options() -> QuerySet[Area]:
    """The districts of the newest boundary year, for registration and the list filter."""
    latest = (
        Area.objects.filter(level=AreaLevel.STADSDEEL)
        .order_by("-boundary_year")
        .values_list("boundary_year", flat=True)
        .first()
    )
    if latest is None:
        return Area.objects.none()
    return Area.objects.filter(level=AreaLevel.STADSDEEL, boundary_year=latest).order_by("name")


def partner_options() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


# --- Choices of the API's input (querysets that DRF narrows per request) ----------------------


def table_options() -> QuerySet[Table]:
    return Table.objects.all()


def active_user_options() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def stadsdeel_choices() -> QuerySet[Area]:
    """Every district of every boundary year (the API accepts any existing district id)."""
    return Area.objects.filter(level=AreaLevel.STADSDEEL)
