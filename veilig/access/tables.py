"""THE choke point of the case tables' access matrix (the covenant's annex "who sees what").

The matrix is not a second copy of the rules: each row asks the policy (``veilig.access.policy``:
``case_role``, ``case_reach``, ``closed_themes``, ``is_radicalisation_member``, ``item_reading``)
what a user of that kind would see in a case of the table, per data category. Change the policy
and the matrix changes with it.

Functional administrators (who configure the tables) and process directors (who run the case
tables) read it. The matrix names the representatives, so opening it writes a read row;
the list of tables writes none when granted. Every refusal writes a denied row and is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from veilig.access import policy
from veilig.access.base import Row, acting_user, decide, refuse
from veilig.accounts.models import Organisation, User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.cases.models import Table, TableMember
from veilig.cases.vocabulary import DataCategory, Scope

_READERS = (Role.ADMIN, Role.COORDINATOR)
MATRIX_DETAIL = "access-matrix"
MATRIX_PDF_DETAIL = "access-matrix;format:pdf"


def _reader_role(user: User) -> str:
    """The role in which ``user`` reads the tables' configuration ('' when none)."""
    for role in _READERS:
        if user.is_active and user.has_role(role):
            return role.value
    return ""


def access_table_list(context: AuditContext) -> QuerySet[Table]:
    """The case tables, for their access matrices (no row when granted: configuration only)."""
    user = acting_user(context)
    role = _reader_role(user)
    if not role:
        refuse(context=context.acting(role="", purpose=""), row=Row(AuditAction.LIST, "table"))
    return Table.objects.order_by("name").prefetch_related("members__organisation")


# --- The matrix -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What a row's user reads of *other* organisations' items of one data category."""

    category: str
    scopes: tuple[str, ...]  # the sharing scopes it reads; empty: none of them

    @property
    def reads(self) -> bool:
        return bool(self.scopes)


@dataclass(frozen=True)
class MatrixRow:
    """A kind of user: a member organisation's professionals, a representative, or process
    direction. ``reach`` says which cases of the table they open at all."""

    kind: str  # "member", "representative" or "coordination"
    organisation: Organisation | None
    representatives: tuple[User, ...]
    reach: policy.CaseReach
    cells: tuple[Cell, ...]
    member: bool = True  # False: a representative whose organisation is not a member
    membership: TableMember | None = None  # of the member organisation (its legal basis)


@dataclass(frozen=True)
class TableMatrix:
    table: Table
    categories: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    members: tuple[TableMember, ...] = ()  # the covenant's signatories, by name

    @property
    def limited(self) -> bool:
        """Some member sees fewer than every category of the other organisations' items."""
        return any(set(self.categories) - set(m.data_categories) for m in self.members)


def _row(
    kind: str,
    role: str,
    table: Table,
    *,
    organisation: Organisation | None,
    representatives: tuple[User, ...] = (),
    radicalisation_member: bool = False,
    member: bool = True,
    membership: TableMember | None = None,
) -> MatrixRow:
    """What a user with ``role`` opens and reads in a case of ``table``, asked of the policy."""
    reach = policy.case_reach(role)
    if table.theme in policy.closed_themes(radicalisation_member=radicalisation_member):
        reach = policy.CaseReach.NONE
    reading = policy.item_reading(
        role=role, table=table, organisation_id=organisation.pk if organisation else None
    )
    cells = tuple(
        Cell(
            category=category,
            scopes=tuple(
                scope
                for scope in Scope.values
                if reach is not policy.CaseReach.NONE
                and reading.reads(own=False, scope=scope, category=category)
            ),
        )
        for category in DataCategory.values
    )
    return MatrixRow(
        kind, organisation, representatives, reach, cells, member=member, membership=membership
    )


def _representative_row(table: Table, user: User, *, member: bool) -> MatrixRow:
    return _row(
        "representative",
        policy.case_role(user),
        table,
        organisation=user.organisation,
        representatives=(user,),
        radicalisation_member=policy.is_radicalisation_member(user),
        member=member,
    )


def table_matrix(table: Table) -> TableMatrix:
    """Rows: each member organisation (its professionals, with the representatives who see the
    same), each representative who sees otherwise, and process direction."""
    memberships = list(
        TableMember.objects.filter(table=table)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    members = [membership.organisation for membership in memberships]
    representatives = list(
        table.representatives.select_related("organisation").order_by("last_name", "username")
    )
    rows: list[MatrixRow] = []
    separate: list[MatrixRow] = []
    for membership in memberships:
        organisation = membership.organisation
        row = _row(
            "member",
            Role.PARTNER.value,
            table,
            organisation=organisation,
            membership=membership,
        )
        same: list[User] = []
        for user in representatives:
            if user.organisation_id != organisation.pk:
                continue
            own_row = _representative_row(table, user, member=True)
            if (own_row.reach, own_row.cells) == (row.reach, row.cells):
                same.append(user)
            else:
                separate.append(own_row)
        rows.append(
            MatrixRow(
                row.kind,
                organisation,
                tuple(same),
                row.reach,
                row.cells,
                member=True,
                membership=membership,
            )
        )
    member_ids = {organisation.pk for organisation in members}
    for user in representatives:
        if user.organisation_id not in member_ids:
            separate.append(_representative_row(table, user, member=False))
    rows.extend(separate)
    rows.append(_row("coordination", Role.COORDINATOR.value, table, organisation=None))
    return TableMatrix(
        table=table,
        categories=tuple(DataCategory.values),
        rows=tuple(rows),
        members=tuple(memberships),
    )


def access_table_matrix(context: AuditContext, table_id: int, *, pdf: bool = False) -> TableMatrix:
    """The access matrix of one table, the covenant's annex: one read row (it names the
    representatives); ``pdf`` marks the row of its PDF."""
    user = acting_user(context)
    role = _reader_role(user)
    table = Table.objects.filter(pk=table_id).select_related("chair").first()
    detail = MATRIX_PDF_DETAIL if pdf else MATRIX_DETAIL
    row = Row(AuditAction.READ, "table", table_id, detail=detail)
    found = decide(
        context=context.acting(role=role, purpose=""),
        found=table,
        granted=bool(role),
        row=row,
    )
    return table_matrix(found)
