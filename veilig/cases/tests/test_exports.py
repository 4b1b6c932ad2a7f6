"""The case list as CSV and XLSX: the list's rows and columns, for the coordinator only, one row
in the access log naming what the file held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditResult
from veilig.cases.exports import CASE_COLUMNS
from veilig.cases.models import Action, Case
from veilig.cases.vocabulary import Theme
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.casework import case_for, ggz, radicalisation_table, synthetic_person
from veilig.testing.downloads import csv_lines, download, xlsx_values
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")
# Measured: 17 queries for an export, however many cases (session, user, 2FA device, filter
# options, roles, radicalisation membership, the ids, the actor's organisation, the audit append
# with its chain head and savepoint, one query per 1,000 rows, the session's save).
EXPORT_QUERY_BUDGET = 17


def export_url(fmt: str = "csv") -> str:
    return reverse("cases:export", args=[fmt])


def csv_rows(response: Any) -> list[list[str]]:
    return csv_lines(download(response))


def xlsx_rows(response: Any) -> list[list[Any]]:
    return xlsx_values(download(response))


def listed_references(client: Client, query: dict[str, Any]) -> list[str]:
    page = client.get(LIST, query).context["page"]
    return [case.reference for case in page.object_list]


@pytest.fixture
def cases(bob: User) -> dict[str, Case]:
    ico = case_for(bob, participants=[ggz()], subject=synthetic_person(first_name="Anna"))
    nuisance = case_for(bob, theme=Theme.NUISANCE)
    assert bob.organisation is not None
    Action.objects.create(
        case=ico,
        description="Bellen",
        owner_organisation=bob.organisation,
        deadline=timezone.localdate() - dt.timedelta(days=2),
    )
    return {"ico": ico, "nuisance": nuisance}


def test_the_coordinator_exports_the_rows_of_the_list(alice: User, cases: dict[str, Case]) -> None:
    client = verified_client(alice)
    queries: list[dict[str, Any]] = [
        {},
        {"theme": Theme.ICO},
        {"overdue": "on"},
        {"sort": "reference"},
    ]
    for query in queries:
        rows = csv_rows(client.get(export_url(), query))
        assert rows[0] == [str(column.header) for column in CASE_COLUMNS]
        assert [row[0] for row in rows[1:]] == listed_references(client, query), query


def test_a_row_holds_what_the_list_shows(alice: User, cases: dict[str, Case]) -> None:
    case = cases["ico"]
    [_header, row] = csv_rows(verified_client(alice).get(export_url(), {"theme": Theme.ICO}))
    registered = timezone.localtime(case.registered_at).strftime("%d-%m-%Y")
    born = case.subject.date_of_birth
    assert born is not None
    assert row == [
        case.reference,
        case.subject.full_name,
        born.strftime("%d-%m-%Y"),
        case.theme_label,
        case.status_label,
        case.registering_organisation.name,
        "",
        (timezone.localdate() - dt.timedelta(days=2)).strftime("%d-%m-%Y"),
        "1",
        registered,
    ]


def test_the_xlsx_holds_the_same_cells_with_real_dates(alice: User, cases: dict[str, Case]) -> None:
    client = verified_client(alice)
    as_csv = csv_rows(client.get(export_url("csv")))
    as_xlsx = xlsx_rows(client.get(export_url("xlsx")))
    assert len(as_xlsx) == len(as_csv) and len(as_xlsx[0]) == len(as_csv[0])
    assert [row[0] for row in as_xlsx] == [row[0] for row in as_csv]
    by_reference = {row[0]: row for row in as_xlsx[1:]}
    row = by_reference[cases["ico"].reference]
    born = cases["ico"].subject.date_of_birth
    assert born is not None
    assert row[2] == dt.datetime.combine(born, dt.time())
    assert row[8] == 1


def test_the_audit_row_names_format_count_filters_and_ids(
    alice: User, cases: dict[str, Case]
) -> None:
    before = audit_seq()
    response = verified_client(alice).get(
        export_url("xlsx"), {"theme": Theme.ICO, "sort": "deadline", "overdue": "on"}
    )
    assert response.status_code == 200
    [row] = audit_rows_after(before)
    ico = cases["ico"]
    assert (row.action, row.object_type, row.object_id, row.result) == (
        AuditAction.EXPORT,
        "case",
        "",
        AuditResult.GRANTED,
    )
    assert (row.role, row.purpose, row.subject_person_id, row.break_glass) == (
        "coordinator",
        "casework",
        None,
        False,
    )
    assert row.detail == f"format:xlsx;rows:1;filter:overdue=on,theme=ico;ids:{ico.pk}"
    assert ico.subject.first_name not in row.detail


def test_an_empty_selection_exports_only_the_header(alice: User, cases: dict[str, Case]) -> None:
    before = audit_seq()
    rows = csv_rows(verified_client(alice).get(export_url(), {"theme": Theme.YOUTH}))
    assert len(rows) == 1
    [row] = audit_rows_after(before)
    assert row.detail == "format:csv;rows:0;filter:theme=jeugd"


def test_an_unknown_filter_is_ignored_as_on_the_list(alice: User, cases: dict[str, Case]) -> None:
    before = audit_seq()
    rows = csv_rows(verified_client(alice).get(export_url(), {"theme": "nope", "partner": "x"}))
    assert len(rows) == 3
    [row] = audit_rows_after(before)
    assert "filter:" not in row.detail and "nope" not in row.detail


def test_radicalisation_cases_stay_out_unless_the_coordinator_sits_at_that_table(
    alice: User, bob: User, cases: dict[str, Case]
) -> None:
    secret = case_for(bob, theme=Theme.RADICALISATION)
    client = verified_client(alice)
    assert secret.reference not in [row[0] for row in csv_rows(client.get(export_url()))]
    radicalisation_table(representatives=[alice])
    assert secret.reference in [row[0] for row in csv_rows(client.get(export_url()))]


@pytest.mark.parametrize("who", ["bob", "hank", "carol", "dave", "frank"])
def test_every_other_role_gets_404_and_a_denied_row(
    request: pytest.FixtureRequest, who: str, cases: dict[str, Case]
) -> None:
    user = request.getfixturevalue(who)
    before = audit_seq()
    for fmt in ("csv", "xlsx"):
        assert verified_client(user).get(export_url(fmt)).status_code == 404
    rows = audit_rows_after(before)
    assert [(r.action, r.object_type, r.result) for r in rows] == [
        (AuditAction.EXPORT, "case", AuditResult.DENIED)
    ] * 2
    assert [r.detail for r in rows] == ["format:csv", "format:xlsx"]


def test_anonymous_users_are_sent_to_sign_in(cases: dict[str, Case]) -> None:
    before = audit_seq()
    response = Client().get(export_url())
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert audit_rows_after(before) == []


def test_another_format_is_no_page() -> None:
    assert Client().get("/casussen/export.ods").status_code == 404


def test_the_query_count_does_not_grow_with_the_cases(
    alice: User, bob: User, django_assert_max_num_queries: Any
) -> None:
    client = verified_client(alice)
    for _ in range(3):
        case_for(bob)
    csv_rows(client.get(export_url()))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        csv_rows(client.get(export_url()))
    for _ in range(20):
        case_for(bob, participants=[ggz()])
    with CaptureQueriesContext(connection) as many:
        assert len(csv_rows(client.get(export_url()))) == 24
    assert len(many) == len(few), "\n".join(q["sql"][:140] for q in many.captured_queries)
    with django_assert_max_num_queries(EXPORT_QUERY_BUDGET):
        xlsx_rows(client.get(export_url("xlsx")))


def test_the_list_links_to_its_export_with_its_filters(
    alice: User, bob: User, cases: dict[str, Case]
) -> None:
    html = verified_client(alice).get(LIST, {"theme": Theme.ICO}).content.decode()
    assert f'href="{export_url("csv")}?theme=ico"' in html
    assert f'href="{export_url("xlsx")}?theme=ico"' in html
    searched = verified_client(alice).post(LIST, {"q": "Anna"}).content.decode()
    assert 'id="case-export"' not in searched  # a search term never goes into a URL
    assert 'id="case-export"' not in verified_client(bob).get(LIST).content.decode()
