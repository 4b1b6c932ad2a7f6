"""The case tables' access matrix: derived from the policy, never a second copy of it."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from veilig.access import policy
from veilig.access.tables import MatrixRow, TableMatrix, table_matrix
from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.models import AuditEntry
from veilig.cases.models import Table
from veilig.cases.vocabulary import DataCategory, Scope, Theme
from veilig.testing.administrators import staff_administrator
from veilig.testing.casework import case_for, contribution, radicalisation_table, table_member
from veilig.testing.personas import organisation, persona, verified_client


def _table(theme: Theme = Theme.ICO) -> Table:
    return Table.objects.create(code=f"t-{theme.value}", name=f"Tafel {theme.value}", theme=theme)


def _police_member(table: Table, categories: list[str] | None) -> None:
    table_member(table, organisation("politie", PartnerType.POLICE), categories=categories)


def _row(matrix: TableMatrix, org_code: str) -> MatrixRow:
    return next(
        row
        for row in matrix.rows
        if row.kind == "member" and row.organisation and row.organisation.code == org_code
    )


def _reads(row: MatrixRow) -> set[str]:
    return {cell.category for cell in row.cells if cell.reads}


@pytest.mark.django_db
class TestTheRuleReadTwoWays:
    """``ItemReading.reads`` (the matrix) and ``ItemReading.q`` (the database) agree."""

    @pytest.mark.parametrize("role", [Role.PARTNER, Role.COORDINATOR])
    @pytest.mark.parametrize("categories", [None, [], ["police"], ["care", "housing"], "all"])
    @pytest.mark.parametrize("with_table", [True, False])
    def test_on_every_kind_of_item(
        self, role: Role, categories: list[str] | str | None, with_table: bool
    ) -> None:
        """``categories``: the reader's organisation's membership (None: not a member)."""
        table = _table()
        police = persona(
            "bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
        )
        ggz = persona("hank", org_code="ggz", partner_type=PartnerType.MENTAL_HEALTH, roles=[])
        reader = persona(
            "reader", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[role]
        )
        assert reader.organisation is not None
        if categories is not None:
            table_member(
                table,
                reader.organisation,
                categories=None if categories == "all" else list(categories),
            )
        case = case_for(police, participants=[reader.organisation])
        case.table = table if with_table else None
        case.save()
        items = {
            (author.pk == reader.pk, scope, category): contribution(
                case, author, scope=Scope(scope), category=DataCategory(category)
            )
            for author, scope, category in itertools.product(
                (reader, ggz), Scope.values, DataCategory.values
            )
        }
        reader = User.objects.get(pk=reader.pk)
        visible = set(policy.contributions_visible_to(reader, case).values_list("pk", flat=True))
        reading = policy.item_reading(
            role=policy.case_role(reader),
            table=case.table,
            organisation_id=reader.organisation_id,
        )
        for (own, scope, category), item in items.items():
            expected = reading.reads(own=own, scope=scope, category=category)
            assert (item.pk in visible) == expected, (own, scope, category)
        assert visible  # the test would prove nothing if nobody read anything
        in_many = policy.contributions_visible_in(reader, policy.cases_visible_to(reader))
        assert set(in_many.values_list("pk", flat=True)) == visible


@pytest.mark.django_db
class TestTheMatrix:
    def test_a_member_sees_its_categories_and_a_removed_one_disappears(self) -> None:
        table = _table()
        police = organisation("politie", PartnerType.POLICE)
        member = table_member(table, police, categories=["police", "care"])
        row = _row(table_matrix(table), "politie")
        assert row.reach is policy.CaseReach.PARTICIPATING
        assert _reads(row) == {"police", "care"}
        assert {cell.scopes for cell in row.cells if cell.reads} == {("participants",)}
        assert row.membership == member

        member.data_categories = ["police"]
        member.save()
        assert _reads(_row(table_matrix(table), "politie")) == {"police"}

    def test_no_categories_means_none(self) -> None:
        """The known defect, fixed: unticking the last category no longer widens access."""
        table = _table()
        _police_member(table, [])
        matrix = table_matrix(table)
        assert matrix.limited
        assert _reads(_row(matrix, "politie")) == set()

    def test_every_category_is_not_limited(self) -> None:
        table = _table()
        _police_member(table, None)
        matrix = table_matrix(table)
        assert not matrix.limited
        assert _reads(_row(matrix, "politie")) == set(DataCategory.values)

    def test_members_differ(self) -> None:
        table = _table()
        _police_member(table, ["police"])
        table_member(table, organisation("ggz", PartnerType.MENTAL_HEALTH), categories=["care"])
        matrix = table_matrix(table)
        assert _reads(_row(matrix, "politie")) == {"police"}
        assert _reads(_row(matrix, "ggz")) == {"care"}

    def test_process_direction_reads_every_category_and_the_coordination_scope(self) -> None:
        table = _table()
        _police_member(table, ["police"])
        matrix = table_matrix(table)
        coordination = matrix.rows[-1]
        assert coordination.kind == "coordination"
        assert coordination.reach is policy.CaseReach.ALL
        assert all(
            set(cell.scopes) == {"participants", "coordination"} for cell in coordination.cells
        )

    def test_representatives_who_see_the_same_are_named_in_their_organisations_row(self) -> None:
        table = _table()
        bob = persona(
            "bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
        )
        _police_member(table, ["police"])
        table.representatives.add(bob)
        matrix = table_matrix(table)
        assert _row(matrix, "politie").representatives == (bob,)
        assert [row.kind for row in matrix.rows] == ["member", "coordination"]

    def test_the_radicalisation_table_opens_only_to_its_representatives(self) -> None:
        paul = persona(
            "paul", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
        )
        table = radicalisation_table(representatives=[paul])
        _police_member(table, None)
        matrix = table_matrix(table)
        member = _row(matrix, "politie")
        assert member.reach is policy.CaseReach.NONE and not _reads(member)
        assert member.representatives == ()
        representative = next(row for row in matrix.rows if row.kind == "representative")
        assert representative.representatives == (paul,)
        assert representative.reach is policy.CaseReach.PARTICIPATING
        assert _reads(representative) == set(DataCategory.values)
        assert matrix.rows[-1].reach is policy.CaseReach.NONE  # a coordinator who is none

    def test_a_representative_of_an_organisation_that_is_no_member_reads_nothing(self) -> None:
        table = _table()
        bob = persona(
            "bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
        )
        table.representatives.add(bob)
        row = next(row for row in table_matrix(table).rows if row.kind == "representative")
        assert not row.member and _reads(row) == set()

    def test_the_matrix_follows_the_policy(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Change the rule and the matrix changes: it has no rules of its own."""
        table = _table()
        _police_member(table, ["police"])
        monkeypatch.setattr(
            policy,
            "item_reading",
            lambda **kwargs: policy.ItemReading(scopes=frozenset()),
        )
        assert _reads(_row(table_matrix(table), "politie")) == set()


@pytest.mark.django_db
class TestThePages:
    def test_administrator_and_coordinator_read_the_matrix_with_one_row(self) -> None:
        table = _table()
        _police_member(table, ["police"])
        alice = persona(
            "alice",
            org_code="gemeente",
            partner_type=PartnerType.MUNICIPALITY,
            roles=[Role.COORDINATOR],
        )
        url = reverse("tables:matrix", args=[table.pk])
        for user in (staff_administrator("grace"), alice):
            before = AuditEntry.objects.count()
            response = verified_client(user).get(url)
            assert response.status_code == 200
            page = response.content.decode()
            assert 'data-organisation="politie"' in page
            assert 'data-category="police" data-reads="yes"' in page
            assert 'data-category="care" data-reads="no"' in page
            rows = list(AuditEntry.objects.order_by("seq")[before:])
            assert [(r.action, r.object_type, r.object_id, r.detail, r.result) for r in rows] == [
                ("read", "table", str(table.pk), "access-matrix", "granted")
            ]
        admin_page = verified_client(User.objects.get(username="grace")).get(url).content.decode()
        assert reverse("admin:cases_table_change", args=[table.pk]) in admin_page
        assert reverse("admin:cases_table_change", args=[table.pk]) not in (
            verified_client(alice).get(url).content.decode()
        )

    def test_everyone_else_gets_404_and_a_denied_row(self) -> None:
        table = _table()
        bob = persona(
            "bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
        )
        for url in (reverse("tables:list"), reverse("tables:matrix", args=[table.pk])):
            assert verified_client(bob).get(url).status_code == 404
        assert list(
            AuditEntry.objects.filter(actor_username="bob").values_list("action", "result")
        ) == [("list", "denied"), ("read", "denied")]
        assert (
            verified_client(staff_administrator("grace"))
            .get(reverse("tables:matrix", args=[table.pk + 1000]))
            .status_code
            == 404
        )

    def test_the_table_admin_links_to_the_matrix(self) -> None:
        table = _table()
        client = verified_client(staff_administrator("grace"))
        matrix = reverse("tables:matrix", args=[table.pk])
        for url in (
            reverse("admin:cases_table_change", args=[table.pk]),
            reverse("admin:cases_table_changelist"),
        ):
            assert matrix in client.get(url).content.decode(), url
