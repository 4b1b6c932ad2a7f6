"""Who may see what: the rules of DESIGN.md as query filters and predicates.

Everything here is pure policy; ``veilig.access.cases`` adds the 404 and the audit row.
Each condition stands on its own line so that a reviewer can read the rule off the code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.cases.models import (
    BreakGlass,
    Case,
    Contribution,
    Document,
    Participant,
    Table,
    TableMember,
)
from veilig.cases.vocabulary import DataCategory, Scope, Theme
from veilig.registry.models import Person

CASE_ROLES = frozenset({Role.COORDINATOR.value, Role.PARTNER.value})


def case_role(user: User) -> str:
    """The role under which a user works on cases ('' when none): coordinator before partner."""
    if not user.is_authenticated or not user.is_active:
        return ""
    codes = user.role_codes()
    if Role.COORDINATOR.value in codes:
        return Role.COORDINATOR.value
    if Role.PARTNER.value in codes and user.organisation_id is not None:
        return Role.PARTNER.value
    return ""


class CaseReach(enum.Enum):
    """Which cases a case role opens (before the themes that stay closed, below)."""

    ALL = "all"
    PARTICIPATING = "participating"  # the cases their organisation takes part in
    NONE = "none"


def case_reach(role: str) -> CaseReach:
    if role == Role.COORDINATOR.value:
        return CaseReach.ALL
    if role == Role.PARTNER.value:
        return CaseReach.PARTICIPATING
    return CaseReach.NONE


def closed_themes(*, radicalisation_member: bool) -> frozenset[str]:
    """The themes whose cases stay closed to a user, whatever their role opens."""
    if radicalisation_member:
        return frozenset()
    return frozenset({Theme.RADICALISATION.value})


def _org_id(user: User) -> int:
    """The user's organisation id; 0 (which matches no row) for a user without one."""
    return user.organisation_id or 0


def is_radicalisation_member(user: User) -> bool:
    """Representatives of a radicalisation table are the only ones who see its cases."""
    return Table.objects.filter(theme=Theme.RADICALISATION, representatives=user).exists()


def _break_glass_cases(user: User) -> QuerySet[BreakGlass]:
    return BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now())


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases a user may open, filtered in the database."""
    reach = case_reach(case_role(user))
    if reach is CaseReach.NONE:
        return Case.objects.none()
    if reach is CaseReach.ALL:
        visible = Case.objects.all()
    else:
        # IN-subqueries use the (organisation, case) index; the planner can count and sort
        # the organisation's cases without probing every case of the house.
        participates = Participant.objects.filter(organisation_id=_org_id(user))
        via_break_glass = _break_glass_cases(user)
        visible = Case.objects.filter(
            Q(pk__in=participates.values("case_id")) | Q(pk__in=via_break_glass.values("case_id"))
        )
    closed = closed_themes(radicalisation_member=is_radicalisation_member(user))
    if closed:
        visible = visible.exclude(theme__in=sorted(closed))
    return visible


def case_is_visible(user: User, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def break_glass_grant_for(user: User, case: Case) -> int | None:
    """The id of the active grant through which alone the user sees this case, else None.

    Coordinators see every case and participants see theirs: for them no grant is in use.
    Should an old database hold two active grants for one case, the newest one is named.
    """
    if case_role(user) != Role.PARTNER.value:
        return None
    participates = Participant.objects.filter(case=case, organisation_id=_org_id(user))
    if participates.exists():
        return None
    grants = _break_glass_cases(user).filter(case=case).order_by("-granted_at", "-pk")
    return grants.values_list("pk", flat=True).first()


def break_glass_grants_for(user: User, cases: QuerySet[Case]) -> dict[int, int]:
    """Case id -> active grant id, for those of ``cases`` the user sees only through a grant."""
    if case_role(user) != Role.PARTNER.value:
        return {}
    participates = Participant.objects.filter(organisation_id=_org_id(user))
    grants = (
        _break_glass_cases(user)
        .filter(case__in=cases)
        .exclude(case_id__in=participates.values("case_id"))
        .order_by("case_id", "-granted_at", "-pk")
        .values_list("case_id", "pk")
    )
    newest: dict[int, int] = {}
    for case_id, grant_id in grants:
        newest.setdefault(case_id, grant_id)
    return newest


def holds_break_glass(user: User, case: Case) -> bool:
    """True when the user sees this case only through break-the-glass."""
    return break_glass_grant_for(user, case) is not None


def break_glass_active(user: User, case: Case) -> QuerySet[BreakGlass]:
    """The user's grants for this case that have not expired (at most one is ever made)."""
    return _break_glass_cases(user).filter(case=case)


def may_break_glass(user: User, case: Case) -> bool:
    role = case_role(user)
    if not role:
        return False
    # Never by emergency access: only the radicalisation table opens these.
    return case.theme != Theme.RADICALISATION


@dataclass(frozen=True)
class ItemReading:
    """Which contributions and documents of a case a role reads: everything of its own
    organisation, and of other organisations the items in ``scopes`` - of ``categories`` only,
    when the case table limits them (None: every category; empty: none).

    One rule, read two ways: ``q`` filters the database, ``reads`` answers for one kind of item
    (the access matrix of a case table). A test holds the two to the same answers.
    """

    scopes: frozenset[str]
    categories: frozenset[str] | None = None

    def q(self, *, organisation_id: int) -> Q:
        others = Q(scope__in=sorted(self.scopes))
        if self.categories is not None:
            others &= Q(data_category__in=sorted(self.categories))
        return Q(organisation_id=organisation_id) | others

    def reads(self, *, own: bool, scope: str, category: str) -> bool:
        if own:
            return True
        if scope not in self.scopes:
            return False
        return self.categories is None or category in self.categories


class ReadingLimit(enum.Enum):
    """Why a partner reads fewer of the other organisations' items of a case than its scopes
    would give (the case page says so): the covenant limits them."""

    NONE = ""
    NOT_A_MEMBER = "not_member"  # the case's table does not count the organisation a member
    NO_CATEGORIES = "no_categories"  # a member that may see no data category
    SOME_CATEGORIES = "some_categories"  # a member that may see some categories only


def _membership_reading(categories: list[str] | None) -> ItemReading:
    """A partner's reading in a case of a table, given its membership's categories (None: the
    table does not count its organisation a member, so the covenant gives it no basis to read
    the other organisations' items). An empty list reads none of them: unticking the last
    category narrows access, it never widens it."""
    if categories is None:
        return ItemReading(scopes=frozenset(), categories=frozenset())
    return ItemReading(
        scopes=frozenset({Scope.PARTICIPANTS.value}), categories=frozenset(categories)
    )


def membership_categories(*, table: Table, organisation_id: int | None) -> list[str] | None:
    """The data categories the organisation's membership of ``table`` lets it see (None: not a
    member)."""
    if organisation_id is None:
        return None
    found = TableMember.objects.filter(table=table, organisation_id=organisation_id)
    return found.values_list("data_categories", flat=True).first()


def item_reading(
    *, role: str, table: Table | None, organisation_id: int | None = None
) -> ItemReading:
    """The reading rule of a case role in a case of ``table`` (DESIGN.md, sharing scopes), for
    a user of organisation ``organisation_id``.

    Process direction reads as before, whatever the table. In a case without a table a partner
    reads every category shared with the participants. In a case of a table it reads the
    categories of its organisation's membership (docs/tables.md).
    """
    if role == Role.COORDINATOR.value:
        return ItemReading(scopes=frozenset({Scope.PARTICIPANTS.value, Scope.COORDINATION.value}))
    if table is None:
        return ItemReading(scopes=frozenset({Scope.PARTICIPANTS.value}))
    categories = membership_categories(table=table, organisation_id=organisation_id)
    return _membership_reading(categories)


def reading_limit(user: User, case: Case) -> ReadingLimit:
    """What the covenant takes away from a partner's view of a case (for the case page)."""
    if case_role(user) != Role.PARTNER.value:
        return ReadingLimit.NONE
    if case.table is None:
        return ReadingLimit.NONE
    categories = membership_categories(table=case.table, organisation_id=user.organisation_id)
    if categories is None:
        return ReadingLimit.NOT_A_MEMBER
    if not categories:
        return ReadingLimit.NO_CATEGORIES
    if set(DataCategory.values) - set(categories):
        return ReadingLimit.SOME_CATEGORIES
    return ReadingLimit.NONE


def _scope_filter(user: User, case: Case) -> Q:
    """Which scopes and categories of a case's items the user may read.

    Kept on the case object for the rest of its life (one request): the case page asks once per
    kind of item. A change of the covenant is read by the next request."""
    known: dict[int, Q] = case.__dict__.setdefault("_scope_filters", {})
    if user.pk not in known:
        reading = item_reading(
            role=case_role(user), table=case.table, organisation_id=user.organisation_id
        )
        known[user.pk] = reading.q(organisation_id=_org_id(user))
    return known[user.pk]


def contributions_visible_to(user: User, case: Case) -> QuerySet[Contribution]:
    """Contributions of a case the user may read (the case itself must already be visible)."""
    return case.contributions.filter(_scope_filter(user, case))


def contributions_visible_in(user: User, cases: QuerySet[Case]) -> QuerySet[Contribution]:
    """The contributions of many cases (already visible to the user) the user may read: the
    rule of ``contributions_visible_to`` per case table and the user's organisation, in one
    query (plus one for the tables and one for the organisation's memberships), for the home
    page's counts."""
    within = Q(case__in=cases)
    role = case_role(user)
    org_id = _org_id(user)
    without_table = item_reading(role=role, table=None)
    if role == Role.COORDINATOR.value:
        return Contribution.objects.filter(within & without_table.q(organisation_id=org_id))
    memberships: dict[int, list[str]] = dict(
        TableMember.objects.filter(organisation_id=org_id).values_list(
            "table_id", "data_categories"
        )
    )
    per_table = Q(case__table__isnull=True) & without_table.q(organisation_id=org_id)
    for table_id in Table.objects.values_list("pk", flat=True):
        reading = _membership_reading(memberships.get(table_id))
        per_table |= Q(case__table_id=table_id) & reading.q(organisation_id=org_id)
    return Contribution.objects.filter(within & per_table)


def documents_visible_to(user: User, case: Case) -> QuerySet[Document]:
    return case.documents.filter(_scope_filter(user, case))


def may_manage_case(user: User, case: Case) -> bool:
    """Triage, status changes, participants and plans: process direction only."""
    return case_role(user) == Role.COORDINATOR.value


def may_contribute(user: User, case: Case) -> bool:
    """Participants add contributions, documents and actions; break-the-glass only reads."""
    role = case_role(user)
    if role == Role.COORDINATOR.value:
        return True
    if role != Role.PARTNER.value:
        return False
    return Participant.objects.filter(case=case, organisation_id=_org_id(user)).exists()


def may_register_case(user: User) -> bool:
    return bool(case_role(user))


# --- Persons: the record behind the cases -----------------------------------------------------


def persons_fully_visible_to(user: User) -> QuerySet[Person]:
    """Persons with at least one case, every one of which the user may open.

    Only a process director handles person records as such (their stored details, possible
    duplicates, merges); and only when no case of the person is hidden from them, for the
    record may have been made by, and tell of, a case they cannot see (radicalisation).
    """
    if case_role(user) != Role.COORDINATOR.value:
        return Person.objects.none()
    of_person = Case.objects.filter(subject=OuterRef("pk"))
    return Person.objects.filter(Exists(of_person)).exclude(
        pk__in=persons_with_hidden_cases(user).values("pk")
    )


def persons_with_hidden_cases(user: User) -> QuerySet[Person]:
    """Persons with a case the user may not open."""
    hidden = Case.objects.filter(subject=OuterRef("pk")).exclude(
        pk__in=cases_visible_to(user).values("pk")
    )
    return Person.objects.filter(Exists(hidden))


def may_see_person_record(user: User, person: Person) -> bool:
    """The stored details (name, date of birth, masked BSN, addresses) of a person's record.

    Everyone else sees, for each case they may open, the person as registered with that case.
    """
    return persons_fully_visible_to(user).filter(pk=person.pk).exists()
