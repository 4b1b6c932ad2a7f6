"""Case tables in /beheer/: every change of the covenant logged, radicalisation under four eyes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import PrivilegeRequest, RequestOutcome, User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.models import AuditEntry
from veilig.cases.models import Table, TableMember
from veilig.cases.vocabulary import Theme
from veilig.testing.administrators import staff_administrator
from veilig.testing.casework import table_member
from veilig.testing.personas import organisation, persona, verified_client

ADD = reverse("admin:cases_table_add")
REQUESTS = reverse("admin:accounts_privilegerequest_changelist")


def _change_url(table: Table) -> str:
    return reverse("admin:cases_table_change", args=[table.pk])


def _member_rows(table: Table | None) -> list[dict[str, Any]]:
    if table is None:
        return []
    return [
        {
            "id": member.pk,
            "organisation": member.organisation_id,
            "legal_basis": member.legal_basis,
            "data_categories": list(member.data_categories),
        }
        for member in TableMember.objects.filter(table=table).order_by("organisation__name")
    ]


def _data(
    table: Table | None = None,
    *,
    members: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """The change form as posted, with the member inline (``members``: its rows, each with
    ``id`` for an existing member; default: the table's members unchanged)."""
    data: dict[str, Any] = {
        "code": "ico",
        "name": "ICO",
        "theme": Theme.ICO.value,
        "representatives": [],
        "meeting_rhythm": "weekly",
        "retention_months": "60",
        "subject_informed": "on",
    }
    if table is not None:
        data.update(
            code=table.code,
            name=table.name,
            theme=table.theme,
            representatives=list(table.representatives.values_list("pk", flat=True)),
            chair=table.chair_id or "",
            meeting_rhythm=table.meeting_rhythm,
            meeting_weekday="" if table.meeting_weekday is None else str(table.meeting_weekday),
            retention_months=str(table.retention_months),
            subject_informed="on" if table.subject_informed else "",
            subject_informed_when=table.subject_informed_when,
            subject_not_informed_reason=table.subject_not_informed_reason,
        )
    data.update(overrides)
    posted = {key: value for key, value in data.items() if value not in ("", [])}
    rows = _member_rows(table) if members is None else members
    initial = TableMember.objects.filter(table=table).count() if table is not None else 0
    posted.update(
        {
            "members-TOTAL_FORMS": str(len(rows)),
            "members-INITIAL_FORMS": str(initial),
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value not in ("", [], None):
                posted[f"members-{index}-{key}"] = value
        if table is not None:
            posted[f"members-{index}-table"] = table.pk
    return posted


def _rows(object_type: str) -> list[tuple[str, str, str, str]]:
    return list(
        AuditEntry.objects.filter(object_type=object_type)
        .order_by("seq")
        .values_list("action", "result", "object_id", "detail")
    )


@pytest.fixture
def grace(db: None) -> User:
    return staff_administrator("grace")


@pytest.fixture
def client(grace: User) -> Client:
    return verified_client(grace)


@pytest.fixture
def bob(db: None) -> User:
    return persona("bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER])


def _table(theme: Theme = Theme.ICO) -> Table:
    return Table.objects.create(code=f"t-{theme.value}", name=f"Tafel {theme.value}", theme=theme)


@pytest.mark.django_db
class TestCovenantChangesAreLogged:
    def test_created_with_members(self, client: Client, bob: User) -> None:
        police = organisation("politie", PartnerType.POLICE)
        member = {"organisation": police.pk, "legal_basis": "wpg_16", "data_categories": ["police"]}
        response = client.post(ADD, _data(members=[member], representatives=[bob.pk]))
        assert response.status_code == 302
        table = Table.objects.get(code="ico")
        assert list(table.representatives.all()) == [bob]
        assert list(
            TableMember.objects.filter(table=table).values_list(
                "organisation", "legal_basis", "data_categories"
            )
        ) == [(police.pk, "wpg_16", ["police"])]
        assert _rows("table") == [("create", "granted", str(table.pk), "")]
        assert _rows("table_member") == [
            ("grant", "granted", str(table.pk), f"organisation:{police.pk}"),
            ("grant", "granted", str(table.pk), f"user:{bob.pk}"),
        ]

    def test_configuration_fields(self, client: Client) -> None:
        table = _table()
        response = client.post(
            _change_url(table),
            _data(
                table,
                retention_months="24",
                subject_informed="",
                subject_not_informed_reason="Lopend strafrechtelijk onderzoek.",
                meeting_weekday="1",
            ),
        )
        assert response.status_code == 302
        table.refresh_from_db()
        assert (table.retention_months, table.subject_informed) == (24, False)
        assert [row[3] for row in _rows("table")] == [
            "field:meeting_weekday",
            "field:retention_months",
            "field:subject_informed",
            "field:subject_not_informed_reason",
        ]

    def test_members_removed(self, client: Client, bob: User) -> None:
        table = _table()
        police = organisation("politie", PartnerType.POLICE)
        table_member(table, police, categories=["police"])
        table.representatives.add(bob)
        rows = [{**row, "DELETE": "on"} for row in _member_rows(table)]
        client.post(_change_url(table), _data(table, members=rows, representatives=[]))
        assert not table.representatives.exists() and not table.member_organisations.exists()
        assert _rows("table_member") == [
            ("revoke", "granted", str(table.pk), f"organisation:{police.pk}"),
            ("revoke", "granted", str(table.pk), f"user:{bob.pk}"),
        ]

    def test_unknown_data_category_is_refused(self, client: Client) -> None:
        table = _table()
        member = table_member(table, organisation("politie", PartnerType.POLICE), categories=[])
        rows = [{**_member_rows(table)[0], "data_categories": ["names"]}]
        response = client.post(_change_url(table), _data(table, members=rows))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        member.refresh_from_db()
        assert member.data_categories == []
        assert _rows("table") == [] and _rows("table_member") == []


@pytest.mark.django_db
class TestRepresentatives:
    def test_cannot_make_oneself_a_representative(self, client: Client, grace: User) -> None:
        table = _table()
        response = client.post(_change_url(table), _data(table, representatives=[grace.pk]))
        assert response.status_code == 200
        assert "You cannot change your own representation" in response.content.decode()
        assert not table.representatives.exists()
        assert _rows("table_member") == []

    def test_radicalisation_needs_a_second_administrator(self, client: Client, bob: User) -> None:
        table = _table(Theme.RADICALISATION)
        client.post(_change_url(table), _data(table, representatives=[bob.pk]))

        assert not table.representatives.exists()
        request = PrivilegeRequest.objects.get()
        assert (request.target, request.table, request.role) == (bob, table, "")
        assert _rows("privilege_request") == [
            ("create", "granted", str(request.pk), f"table:{table.pk};user:{bob.pk}")
        ]

        # The same administrator cannot approve; a second one can.
        action = {"action": "approve", "_selected_action": [request.pk], "index": 0}
        client.post(REQUESTS, action)
        assert not table.representatives.exists()
        verified_client(staff_administrator("ivan")).post(REQUESTS, action)

        request.refresh_from_db()
        assert request.outcome == RequestOutcome.APPROVED
        assert list(table.representatives.all()) == [bob]
        assert _rows("table_member") == [
            ("grant", "granted", str(table.pk), f"user:{bob.pk};request:{request.pk}")
        ]

    def test_a_table_with_representatives_cannot_become_radicalisation(
        self, client: Client, bob: User
    ) -> None:
        table = _table()
        table.representatives.add(bob)
        response = client.post(_change_url(table), _data(table, theme=Theme.RADICALISATION.value))
        assert response.status_code == 200
        table.refresh_from_db()
        assert table.theme == Theme.ICO
        assert _rows("table") == []
