"""Signal lists and a team's early signals as CSV and XLSX: the rows the user sees, the columns
of the list, one export row in the access log."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType
from veilig.audit.models import AuditAction, AuditResult
from veilig.signals.exports import EARLY_SIGNAL_COLUMNS, SIGNAL_COLUMNS
from veilig.signals.models import Category, EarlySignal, EarlyWarningRule, RoutingRule, Signal, Team
from veilig.signals.tests.conftest import NOORD, make_signal
from veilig.signals.vocabulary import SignalStatus
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.downloads import csv_lines, download, xlsx_sheet
from veilig.testing.personas import organisation, verified_client

pytestmark = pytest.mark.django_db

# Measured: 19 queries for a team's open signals, however many (session, user, 2FA device,
# roles, the user's teams, the team, the team districts, radicalisation membership, the ids,
# the actor's organisation, the audit append with its chain head and savepoints, the session's
# save, one query per 1,000 rows).
EXPORT_QUERY_BUDGET = 19


def rows_of(response: Any) -> list[list[str]]:
    return csv_lines(download(response))


def numbers(response: Any) -> list[int]:
    return [int(row[0]) for row in rows_of(response)[1:]]


def list_export(fmt: str = "csv") -> str:
    return reverse("signals:export", args=[fmt])


def team_export(team: Team, fmt: str = "csv") -> str:
    return reverse("signals:team_export", args=[team.pk, fmt])


def early_export(team: Team, fmt: str = "csv") -> str:
    return reverse("signals:team_early_export", args=[team.pk, fmt])


@pytest.fixture
def world(teams: dict[str, Team], bob: User) -> dict[str, Signal]:
    police = organisation("politie", PartnerType.POLICE)
    RoutingRule.objects.create(
        name="Drugs naar politie",
        order=1,
        target_organisation=police,
        category=Category.objects.get(code="drugsoverlast"),
    )
    closed = make_signal(None)
    Signal.objects.filter(pk=closed.pk).update(status=SignalStatus.CLOSED)
    return {
        "centrum": make_signal(None),
        "closed": closed,
        "noord": make_signal(None, point=NOORD),
        "police": make_signal(None, code="drugsoverlast", point=NOORD),
        "radical": make_signal(None, code="radicalisering"),
    }


def _early(team: Team, **extra: Any) -> EarlySignal:
    rule = EarlyWarningRule.objects.filter(recipient="team").first()
    assert rule is not None
    return EarlySignal.objects.create(
        rule=rule,
        team=team,
        stadsdeel_code=team.area.code,
        window_start=timezone.now(),
        window_end=timezone.now(),
        summary='=HYPERLINK("http://x") drie meldingen',
        **extra,
    )


def test_each_user_exports_the_signals_of_their_list(
    world: dict[str, Signal], alice: User, bob: User, carol: User
) -> None:
    ids = {name: signal.pk for name, signal in world.items()}
    for user, expected in (
        (alice, {"centrum", "closed", "noord", "police"}),
        (bob, {"police"}),  # routed to his organisation
        (carol, {"centrum", "closed"}),  # her team's district
    ):
        client = verified_client(user)
        exported = numbers(client.get(list_export()))
        assert set(exported) == {ids[name] for name in expected}, user.username
        listed = [signal.pk for signal in client.get(reverse("signals:list")).context["signals"]]
        assert exported == listed  # the same rows in the same order


def test_the_list_filters_narrow_the_export(world: dict[str, Signal], alice: User) -> None:
    client = verified_client(alice)
    drugs = Category.objects.get(code="drugsoverlast")
    assert numbers(client.get(list_export(), {"category": drugs.pk})) == [world["police"].pk]
    assert world["closed"].pk not in numbers(client.get(list_export(), {"open": "on"}))


def test_a_row_holds_what_the_list_shows(world: dict[str, Signal], alice: User) -> None:
    signal = world["police"]
    drugs = Category.objects.get(code="drugsoverlast")
    rows = rows_of(verified_client(alice).get(list_export(), {"category": drugs.pk}))
    assert rows[0] == [str(column.header) for column in SIGNAL_COLUMNS]
    assert rows[1] == [
        str(signal.pk),
        signal.category.name,
        str(signal.get_status_display()),
        timezone.localtime(signal.deadline_at).strftime("%d-%m-%Y %H:%M")
        if signal.deadline_at
        else "",
        "no",
        signal.organisation.name if signal.organisation else "",
        timezone.localtime(signal.occurred_at).strftime("%d-%m-%Y %H:%M"),
    ]
    assert signal.description not in "".join(rows[1])  # no wider than the list


def test_the_signal_list_audit_row(world: dict[str, Signal], carol: User) -> None:
    before = audit_seq()
    response = verified_client(carol).get(list_export("xlsx"), {"open": "on"})
    assert response.status_code == 200
    [row] = audit_rows_after(before)
    assert (row.action, row.object_type, row.result, row.role, row.purpose) == (
        AuditAction.EXPORT,
        "signal",
        AuditResult.GRANTED,
        "team_member",
        "signals",
    )
    assert row.detail == f"format:xlsx;rows:1;filter:open=on;ids:{world['centrum'].pk}"


@pytest.mark.parametrize("who", ["dave", "erin", "frank"])
def test_roles_without_signals_get_404_and_a_denied_row(
    request: pytest.FixtureRequest, who: str, world: dict[str, Signal]
) -> None:
    before = audit_seq()
    assert verified_client(request.getfixturevalue(who)).get(list_export()).status_code == 404
    [row] = audit_rows_after(before)
    assert (row.action, row.object_type, row.result, row.detail) == (
        AuditAction.EXPORT,
        "signal",
        AuditResult.DENIED,
        "format:csv",
    )


def test_the_team_exports_its_open_signals_by_deadline(
    world: dict[str, Signal], teams: dict[str, Team], carol: User
) -> None:
    client = verified_client(carol)
    exported = numbers(client.get(team_export(teams["centrum"])))
    page = client.get(reverse("signals:team", args=[teams["centrum"].pk]))
    assert exported == [signal.pk for signal in page.context["open_signals"]]
    assert exported == [world["centrum"].pk]


def test_the_team_of_another_district_is_404_with_a_denied_row(
    world: dict[str, Signal], teams: dict[str, Team], carol: User
) -> None:
    noord = teams["noord"]
    before = audit_seq()
    for url in (team_export(noord), early_export(noord, "xlsx")):
        assert verified_client(carol).get(url).status_code == 404
    rows = audit_rows_after(before)
    assert [(r.object_type, r.result, r.detail) for r in rows] == [
        ("signal", AuditResult.DENIED, f"team:{noord.pk};format:csv"),
        ("early_signal", AuditResult.DENIED, f"team:{noord.pk};format:xlsx"),
    ]


def test_a_partner_has_no_team_export(teams: dict[str, Team], bob: User) -> None:
    assert verified_client(bob).get(team_export(teams["centrum"])).status_code == 404


def test_the_team_exports_its_early_signals(
    teams: dict[str, Team], carol: User, alice: User
) -> None:
    centrum = teams["centrum"]
    early = _early(centrum)
    _early(teams["noord"])
    before = audit_seq()
    rows = rows_of(verified_client(carol).get(early_export(centrum)))
    assert rows[0] == [str(column.header) for column in EARLY_SIGNAL_COLUMNS]
    day = timezone.localtime(early.window_start).strftime("%d-%m-%Y")
    # The summary starts with a formula: it gets its apostrophe.
    assert rows[1:] == [[str(early.pk), "'" + early.summary, day, day, "New"]]
    [row] = audit_rows_after(before)
    assert (row.action, row.object_type, row.subject_person_id, row.detail) == (
        AuditAction.EXPORT,
        "early_signal",
        None,
        f"team:{centrum.pk};format:csv;rows:1;ids:{early.pk}",
    )
    sheet = xlsx_sheet(download(verified_client(alice).get(early_export(centrum, "xlsx"))))
    assert [cell.value for cell in sheet[2]][:2] == [early.pk, early.summary]
    assert sheet[2][1].data_type == "s"


def test_anonymous_users_are_sent_to_sign_in(teams: dict[str, Team]) -> None:
    for url in (list_export(), team_export(teams["centrum"]), early_export(teams["centrum"])):
        response = Client().get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_the_query_count_does_not_grow_with_the_signals(
    teams: dict[str, Team], carol: User, django_assert_max_num_queries: Any
) -> None:
    client = verified_client(carol)
    urls = [list_export(), team_export(teams["centrum"]), early_export(teams["centrum"], "xlsx")]
    for _ in range(3):
        make_signal(None)
        _early(teams["centrum"])
    rows_of(client.get(urls[0]))  # warm the session and caches

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                download(client.get(url))
            found.append(len(queries))
        return found

    few = counts()
    for _ in range(20):
        make_signal(None)
        _early(teams["centrum"])
    assert counts() == few
    with django_assert_max_num_queries(EXPORT_QUERY_BUDGET):
        download(client.get(urls[1]))


def test_the_pages_link_to_their_exports(
    world: dict[str, Signal], teams: dict[str, Team], carol: User
) -> None:
    client = verified_client(carol)
    html = client.get(reverse("signals:list"), {"open": "on"}).content.decode()
    assert f'href="{list_export("csv")}?open=on"' in html
    assert f'href="{list_export("xlsx")}?open=on"' in html
    _early(teams["centrum"])
    team = client.get(reverse("signals:team", args=[teams["centrum"].pk])).content.decode()
    assert f'href="{team_export(teams["centrum"], "xlsx")}"' in team
    assert f'href="{early_export(teams["centrum"], "csv")}"' in team
