"""The home page per role: live counts of what exists, nothing of other organisations, no
"not built yet" for built modules, and a bounded number of queries (docs/ui.md, "The home page").
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilig.access.policy import contributions_visible_in, contributions_visible_to
from veilig.accounts.models import PrivilegeRequest, User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.models import AuditEntry
from veilig.audit.services import audit_anchor_write
from veilig.cases.attention import INVITED_DAYS, LIST_LIMIT
from veilig.cases.models import (
    Action,
    BreakGlass,
    Case,
    CaseVisit,
    Contribution,
    Participant,
    Table,
)
from veilig.cases.vocabulary import ActionStatus, DataCategory, Scope, Theme
from veilig.events.models import EventSource, ImportRun, ImportStatus
from veilig.geo.models import Area
from veilig.intel.models import BacktestRun
from veilig.signals.models import (
    Category,
    EarlySignal,
    EarlyWarningRule,
    Signal,
    Team,
    TeamMembership,
)
from veilig.signals.vocabulary import EarlyRecipient, EarlySignalStatus, SignalStatus, TeamFunction
from veilig.testing.casework import (
    case_for,
    contribution,
    ggz,
    radicalisation_table,
    table_member,
)
from veilig.testing.personas import organisation, persona, verified_client
from veilig.web.tests.areas import build_small_city

HOME = reverse("web:home")
# Measured, SQLite and PostgreSQL alike. The shell costs 9: session, user, 2FA device, roles,
# the header's organisation and unread notifications, and the session's renewal (savepoint,
# update, release). Beyond it: coordinator 7 (with this week's triage queue), partner 9 (the
# covenant's member categories are one query; its unread count is the header's),
# team member with one team 9 (2 more per further team), analyst 4, policy officer 1, privacy
# officer 2, administrator 4; a user with every role 39 in all.
BUDGET = {
    Role.COORDINATOR: 16,
    Role.PARTNER: 18,
    Role.TEAM_MEMBER: 18,
    Role.ANALYST: 13,
    Role.POLICY: 10,
    Role.PRIVACY_OFFICER: 11,
    Role.ADMIN: 13,
}
ALL_ROLES_BUDGET = 40
NOT_BUILT = "not built yet"


def _section(response: Any, role: Role) -> list[Any]:
    found: list[list[Any]] = [
        s["blocks"] for s in response.context["sections"] if s["role"] == role
    ]
    (blocks,) = found
    return blocks


def _counts(response: Any, role: Role) -> dict[str, int | None]:
    """Every item of the role's section, label -> count."""
    return {
        str(item.label): item.count for block in _section(response, role) for item in block.items
    }


def _item(response: Any, role: Role, label: str) -> Any:
    found = [i for b in _section(response, role) for i in b.items if str(i.label) == label]
    assert len(found) == 1, f"{label!r} not in {_counts(response, role)}"
    return found[0]


def _main_text(response: Any) -> str:
    match = re.search(r"<main[^>]*>(.*)</main>", response.content.decode(), re.S)
    assert match is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def _overdue_action(case: Case, owner: User, *, days: int = -3, **extra: Any) -> Action:
    assert owner.organisation is not None
    return Action.objects.create(
        case=case,
        description="Synthetische actie",
        owner_organisation=owner.organisation,
        deadline=timezone.localdate() + dt.timedelta(days=days),
        **extra,
    )


# --- Process director ---------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_sees_cases_by_status_overdue_actions_and_signals(
    alice: User, bob: User
) -> None:
    first = case_for(bob)
    case_for(bob)
    _overdue_action(first, bob)
    _overdue_action(first, bob, status=ActionStatus.DONE)  # done: not overdue
    city = build_small_city()
    _signal(city, deadline=timezone.now() - dt.timedelta(hours=1))
    _signal(city, deadline=timezone.now() + dt.timedelta(hours=1))
    rule = EarlyWarningRule.objects.create(name="r", kind="spatial_burst")  # for the director
    _early(rule, team=None)
    _early(rule, team=None, status=EarlySignalStatus.DONE)
    response = verified_client(alice).get(HOME)
    counts = _counts(response, Role.COORDINATOR)
    assert counts["cases with status: Registered"] == 2
    assert counts["cases with status: In triage"] == 0
    assert counts["cases with an action past its deadline"] == 1
    assert counts["open signals past their deadline"] == 1
    assert counts["open early signals for the process director"] == 1
    content = response.content.decode()
    assert 'href="/casussen/?status=aangemeld"' in content
    assert 'href="/casussen/?overdue=on"' in content


# --- Chain partner ------------------------------------------------------------------------


@pytest.fixture
def partner_world(alice: User, bob: User, hank: User) -> dict[str, Any]:
    """bob (police) and hank (GGZ); ivy at a housing corporation is of another organisation."""
    police = bob.organisation
    assert police is not None
    ivy = persona(
        "ivy", org_code="corporatie", partner_type=PartnerType.HOUSING, roles=[Role.PARTNER]
    )
    shared = case_for(hank, participants=[police])  # police invited by GGZ
    own = case_for(bob)  # registered by the police itself: no invitation
    elsewhere = case_for(ivy, participants=[ggz()])  # the police takes no part
    radical = case_for(hank, theme=Theme.RADICALISATION, participants=[police])
    radicalisation_table(representatives=[hank])
    return {
        "bob": bob,
        "hank": hank,
        "ivy": ivy,
        "shared": shared,
        "own": own,
        "elsewhere": elsewhere,
        "radical": radical,
    }


@pytest.mark.django_db
def test_partner_is_told_of_invitations_of_the_own_organisation_only(
    partner_world: dict[str, Any],
) -> None:
    response = verified_client(partner_world["bob"]).get(HOME)
    item = _item(response, Role.PARTNER, "invited in the last 14 days")
    assert item.count == 1  # not its own registration, not the radicalisation case
    (entry,) = item.entries
    assert entry.label == partner_world["shared"].reference
    assert entry.url == reverse("cases:detail", args=[partner_world["shared"].pk])
    assert "not opened yet" in str(entry.note)

    verified_client(partner_world["bob"]).get(entry.url)
    again = verified_client(partner_world["bob"]).get(HOME)
    (entry,) = _item(again, Role.PARTNER, "invited in the last 14 days").entries
    assert "not opened yet" not in str(entry.note)

    ivy = verified_client(partner_world["ivy"]).get(HOME)
    assert _item(ivy, Role.PARTNER, "invited in the last 14 days").count == 0


@pytest.mark.django_db
def test_partner_sees_the_actions_of_the_own_organisation_overdue_first(
    partner_world: dict[str, Any],
) -> None:
    bob, hank, ivy = partner_world["bob"], partner_world["hank"], partner_world["ivy"]
    later = _overdue_action(partner_world["shared"], bob, days=10)
    overdue = _overdue_action(partner_world["own"], bob, days=-2, owner_user=bob)
    _overdue_action(partner_world["shared"], bob, days=-5, status=ActionStatus.DONE)
    _overdue_action(partner_world["shared"], hank, days=-9)  # GGZ's action
    _overdue_action(partner_world["elsewhere"], ivy, days=-9)  # another organisation's case
    _overdue_action(partner_world["radical"], bob, days=-9)  # a case bob may not see
    response = verified_client(bob).get(HOME)
    assert _item(response, Role.PARTNER, "of which past their deadline").count == 1
    assert _item(response, Role.PARTNER, "open actions").count == 2
    item = _item(response, Role.PARTNER, "earliest deadlines first")
    assert [e.label for e in item.entries] == [
        partner_world["own"].reference,
        partner_world["shared"].reference,
    ]
    first, second = (str(e.note) for e in item.entries)
    assert "past its deadline" in first and "you are its owner" in first
    assert "past its deadline" not in second
    assert later.deadline.strftime("%d-%m-%Y") in second
    assert overdue.deadline.strftime("%d-%m-%Y") in first

    ivy_counts = _counts(verified_client(ivy).get(HOME), Role.PARTNER)
    assert ivy_counts["open actions"] == 1 and ivy_counts["of which past their deadline"] == 1


@pytest.mark.django_db
def test_partner_counts_new_contributions_in_scope_since_the_last_visit(
    partner_world: dict[str, Any],
) -> None:
    bob, hank, ivy = partner_world["bob"], partner_world["hank"], partner_world["ivy"]
    shared = partner_world["shared"]
    contribution(shared, hank, scope=Scope.PARTICIPANTS, category=DataCategory.CARE)
    contribution(shared, hank, scope=Scope.SOURCE, category=DataCategory.CARE)  # GGZ only
    contribution(shared, hank, scope=Scope.COORDINATION, category=DataCategory.CARE)
    contribution(shared, bob, scope=Scope.PARTICIPANTS)  # his own
    contribution(partner_world["elsewhere"], ivy, scope=Scope.PARTICIPANTS)
    contribution(partner_world["radical"], hank, scope=Scope.PARTICIPANTS)
    client = verified_client(bob)
    label = "new contributions in 1 open case"
    item = _item(client.get(HOME), Role.PARTNER, label)
    assert item.count == 1
    assert [e.label for e in item.entries] == [shared.reference]
    assert item.entries[0].url.endswith("#contributions")

    client.get(reverse("cases:detail", args=[shared.pk]))
    assert _item(client.get(HOME), Role.PARTNER, "new contributions in 0 open cases").count == 0
    contribution(shared, hank, scope=Scope.PARTICIPANTS, category=DataCategory.CARE)
    assert _item(client.get(HOME), Role.PARTNER, label).count == 1


@pytest.mark.django_db
def test_partner_lists_name_the_first_few_cases_and_count_the_rest(bob: User, hank: User) -> None:
    police = bob.organisation
    assert police is not None
    cases = [case_for(hank, participants=[police]) for _ in range(LIST_LIMIT + 2)]
    item = _item(verified_client(bob).get(HOME), Role.PARTNER, "invited in the last 14 days")
    assert item.count == LIST_LIMIT + 2 and item.more == 2
    assert [e.label for e in item.entries] == [c.reference for c in cases[::-1][:LIST_LIMIT]]
    assert "and 2 more" in verified_client(bob).get(HOME).content.decode()


@pytest.mark.django_db
def test_an_invitation_older_than_the_window_is_not_recent(bob: User, hank: User) -> None:
    police = bob.organisation
    assert police is not None
    case = case_for(hank, participants=[police])
    old = timezone.now() - dt.timedelta(days=INVITED_DAYS + 1)
    Participant.objects.filter(case=case, organisation=police).update(invited_at=old)
    item = _item(verified_client(bob).get(HOME), Role.PARTNER, "invited in the last 14 days")
    assert item.count == 0


@pytest.mark.django_db
def test_the_case_page_records_the_visit(bob: User) -> None:
    case = case_for(bob)
    client = verified_client(bob)
    client.get(reverse("cases:detail", args=[case.pk]))
    first = CaseVisit.objects.get(user=bob, case=case).seen_at
    client.get(reverse("cases:detail", args=[case.pk]))
    assert CaseVisit.objects.filter(user=bob, case=case).count() == 1
    assert CaseVisit.objects.get(user=bob, case=case).seen_at > first


@pytest.mark.django_db
def test_contributions_visible_in_many_cases_follows_the_rule_of_one(
    alice: User, bob: User, hank: User
) -> None:
    """The bulk rule (home page) and the per-case rule (case page) agree, tables included."""
    table = Table.objects.create(code="ico", name="ICO", theme=Theme.ICO)
    table_member(table, bob.organisation, categories=[DataCategory.POLICE])  # type: ignore[arg-type]
    # hank's GGZ is not a member: of the table's case it reads only its own items.
    at_table = case_for(hank, participants=[bob.organisation])  # type: ignore[list-item]
    at_table.table = table
    at_table.save()
    free = case_for(hank, participants=[bob.organisation])  # type: ignore[list-item]
    for case in (at_table, free):
        for scope in Scope:
            for category in (DataCategory.POLICE, DataCategory.CARE):
                contribution(case, hank, scope=scope, category=category)
                contribution(case, bob, scope=scope, category=category)
    cases = Case.objects.filter(pk__in=[at_table.pk, free.pk])
    for user in (alice, bob, hank):
        one_by_one = {c.pk for case in cases for c in contributions_visible_to(user, case)}
        assert set(contributions_visible_in(user, cases).values_list("pk", flat=True)) == (
            one_by_one
        )
    assert Contribution.objects.count() == 24


# --- Team member ----------------------------------------------------------------------------


def _signal(city: dict[str, Area], *, district: str = "SD999901", **fields: Any) -> Signal:
    team = fields.pop("team", None)
    return Signal.objects.create(
        category=Category.objects.get(code="overlast-jeugd"),
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        source="wijkteam",
        description="Synthetische melding.",
        rd_x=0.0,
        rd_y=0.0,
        lat=53.2,
        lon=6.56,
        location_method="kaart",
        stadsdeel_code=city[district].code,
        team=team,
        status=fields.pop("status", SignalStatus.NEW),
        deadline_at=fields.pop("deadline", None),
        **fields,
    )


def _early(
    rule: EarlyWarningRule,
    *,
    team: Team | None,
    district: str = "SD999901",
    status: str = EarlySignalStatus.NEW,
) -> EarlySignal:
    now = timezone.now()
    return EarlySignal.objects.create(
        rule=rule,
        team=team,
        stadsdeel_code=district,
        window_start=now - dt.timedelta(days=3),
        window_end=now,
        summary="Synthetisch vroegsignaal",
        status=status,
    )


@pytest.fixture
def street(carol: User) -> dict[str, Any]:
    city = build_small_city()
    centrum = Team.objects.create(name="Wijkteam Centrum", area=city["SD999901"])
    noord = Team.objects.create(name="Wijkteam Noord", area=city["SD999902"])
    TeamMembership.objects.create(team=centrum, user=carol, function=TeamFunction.ENFORCEMENT)
    past = timezone.now() - dt.timedelta(hours=3)
    _signal(city, team=centrum)  # new, routed to the team
    _signal(city, team=centrum, status=SignalStatus.IN_PROGRESS, deadline=past)  # overdue
    _signal(city, status=SignalStatus.CLOSED, deadline=past)  # closed: nothing to do
    _signal(city, district="SD999902", team=noord, deadline=past)  # the other team's area
    _signal(city, district="SD999902", team=noord)
    rule = EarlyWarningRule.objects.create(
        name="r", kind="repeat_subject", recipient=EarlyRecipient.TEAM
    )
    _early(rule, team=centrum)
    _early(rule, team=centrum, status=EarlySignalStatus.IN_PROGRESS)
    _early(rule, team=centrum, status=EarlySignalStatus.DONE)
    _early(rule, team=noord, district="SD999902")
    return {"city": city, "centrum": centrum, "noord": noord, "carol": carol}


@pytest.mark.django_db
def test_team_member_sees_the_live_counts_of_the_own_team(street: dict[str, Any]) -> None:
    response = verified_client(street["carol"]).get(HOME)
    blocks = _section(response, Role.TEAM_MEMBER)
    assert [b.title for b in blocks] == ["Wijkteam Centrum", "Signals"]
    counts = _counts(response, Role.TEAM_MEMBER)
    assert counts["new signals in your district"] == 1
    assert counts["open signals routed to your team"] == 2
    assert counts["open signals past their deadline"] == 1
    assert counts["open early signals"] == 2  # open and seen; not closed, not Noord's
    assert counts["all open signals you may see"] == 2
    team_url = reverse("signals:team", args=[street["centrum"].pk])
    content = response.content.decode()
    assert f'href="{team_url}#open-heading"' in content
    assert f'href="{team_url}#early-heading"' in content
    assert 'href="/signalen/?open=on"' in content


@pytest.mark.django_db
def test_team_member_gets_this_fortnights_forecast_link(street: dict[str, Any]) -> None:
    response = verified_client(street["carol"]).get(HOME)
    today = timezone.localdate()
    last = today + dt.timedelta(days=13)
    label = f"hotspot forecast for {today:%d-%m-%Y} to {last:%d-%m-%Y}"
    item = _item(response, Role.TEAM_MEMBER, label)
    assert item.url == reverse("forecasts:team_map", args=[street["centrum"].pk])
    assert item.count is None


@pytest.mark.django_db
def test_team_member_without_a_team_is_told_so(carol: User) -> None:
    response = verified_client(carol).get(HOME)
    assert [b.key for b in _section(response, Role.TEAM_MEMBER)] == ["signals"]
    assert "You are not a member of a team yet." in _main_text(response)


# --- Analyst and policy officer -------------------------------------------------------------


@pytest.fixture
def intel_world(dave: User) -> dict[str, Any]:
    source = EventSource.objects.create(code="bvh", name="Politie BVH", format="bvh")
    done = ImportRun.objects.create(
        source=source, file_name="a.csv", status=ImportStatus.DONE, rows_total=120, rejected=3
    )
    failed = ImportRun.objects.create(source=source, file_name="b.csv", status=ImportStatus.FAILED)
    old = ImportRun.objects.create(source=source, file_name="c.csv", status=ImportStatus.FAILED)
    ImportRun.objects.filter(pk=old.pk).update(started_at=timezone.now() - dt.timedelta(days=40))
    run = BacktestRun.objects.create(
        theme="woninginbraak",
        cell=125,
        horizon=14,
        lookback=365,
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 6, 30),
        methods="best",
        boundary="GM9999",
        result={
            "methods": {
                "best": {
                    "hit_rate": {"1": 0.1, "3": 0.2, "5": 0.3, "10": 0.4},
                    "pai": {"1": 10.0, "3": 6.5, "5": 6.0, "10": 4.0},
                }
            }
        },
    )
    return {"done": done, "failed": failed, "old": old, "backtest": run}


@pytest.mark.django_db
def test_analyst_sees_recent_imports_failures_and_backtests(
    dave: User, intel_world: dict[str, Any]
) -> None:
    build_small_city()
    Team.objects.create(name="Wijkteam Centrum", area=Area.objects.get(code="SD999901"))
    response = verified_client(dave).get(HOME)
    imports = _item(response, Role.ANALYST, "latest imports")
    assert [e.url for e in imports.entries] == [  # newest first
        reverse("events:import_detail", args=[intel_world[key].pk])
        for key in ("failed", "done", "old")
    ]
    notes = {e.url: str(e.note) for e in imports.entries}
    done_url = reverse("events:import_detail", args=[intel_world["done"].pk])
    assert "Politie BVH: Done, 120 rows, 3 rejected" in notes[done_url]
    assert _item(response, Role.ANALYST, "imports that failed in the last 30 days").count == 1
    (backtest,) = _item(
        response, Role.ANALYST, "latest backtests in the algorithm register"
    ).entries
    assert backtest.label == "theme woninginbraak"
    assert "test period 01-01-2024 to 30-06-2024" in str(backtest.note)
    assert "PAI at 3%: 6.50 (best)" in str(backtest.note)
    assert _item(response, Role.ANALYST, "forecast maps of the teams").count == 1
    assert NOT_BUILT not in _main_text(response)
    assert "a.csv" not in response.content.decode()  # file names are left to the import list


@pytest.mark.django_db
def test_analyst_without_imports_or_backtests_is_told_so(dave: User) -> None:
    text = _main_text(verified_client(dave).get(HOME))
    assert "No files have been imported yet." in text
    assert "No backtest has been run yet" in text
    assert NOT_BUILT not in text


@pytest.mark.django_db
def test_policy_officer_sees_what_exists_and_one_honest_line(
    erin: User, intel_world: dict[str, Any]
) -> None:
    response = verified_client(erin).get(HOME)
    item = _item(response, Role.POLICY, "the algorithm register of the hotspot forecast")
    assert item.url == reverse("algorithms:register")
    assert "latest backtest run on" in str(item.note)
    text = _main_text(response)
    assert text.count(NOT_BUILT) == 1
    assert "Theme dashboards per area" in text
    assert "import" not in text.lower()  # the analyst's screens are not offered


# --- Privacy officer ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_privacy_officer_sees_reviews_waiting_and_the_chain_status(bob: User, frank: User) -> None:
    case = case_for(bob)
    expires = timezone.now() + dt.timedelta(hours=4)
    BreakGlass.objects.create(user=bob, case=case, reason="Spoed", expires_at=expires)
    BreakGlass.objects.create(
        user=bob, case=case, reason="Eerder", expires_at=expires, reviewed_at=timezone.now()
    )
    client = verified_client(frank)
    response = client.get(HOME)
    review = _item(
        response, Role.PRIVACY_OFFICER, "break-the-glass accesses waiting for your review"
    )
    assert review.count == 1 and "the oldest since" in str(review.note)
    labels = _counts(response, Role.PRIVACY_OFFICER)
    assert "the access log has not been verified yet: verify it now" in labels
    assert "no anchor has been written yet" in labels

    audit_anchor_write()
    client.get(reverse("privacy:chain"))
    response = client.get(HOME)
    rows = AuditEntry.objects.count()
    (verified,) = [
        i
        for b in _section(response, Role.PRIVACY_OFFICER)
        for i in b.items
        if str(i.label).startswith("last verification of the access log on")
    ]
    assert str(verified.note) == f"intact, {rows} rows"  # its own row included
    (anchor,) = [
        i
        for b in _section(response, Role.PRIVACY_OFFICER)
        for i in b.items
        if str(i.label).startswith("last anchor written on")
    ]
    assert "line 1" in str(anchor.note) and "later than expected" not in str(anchor.note)
    content = response.content.decode()
    for name in (
        "privacy:chain",
        "privacy:break_glass",
        "privacy:person_search",
        "privacy:user_log",
    ):
        assert f'href="{reverse(name)}"' in content
    assert AuditEntry.objects.count() == rows  # the home page wrote no row


@pytest.mark.django_db(transaction=True)
def test_the_verify_command_keeps_its_outcome_too(bob: User) -> None:
    from django.core.management import call_command

    from veilig.audit.models import AuditVerification
    from veilig.audit.tests.test_chain import _fill

    _fill(bob, 3)
    call_command("audit_verify", stdout=io.StringIO())
    outcome = AuditVerification.objects.get()
    assert (outcome.channel, outcome.rows, outcome.first_bad_seq) == ("command", 3, None)
    assert outcome.intact and outcome.anchor_status == "none"


@pytest.mark.django_db(transaction=True)
def test_privacy_officer_sees_a_broken_chain_on_the_home_page(bob: User, frank: User) -> None:
    from veilig.audit.tests.test_chain import _fill, _tamper

    _fill(bob, 5)
    _tamper("UPDATE {table} SET purpose = %s WHERE seq = %s", ["other", 3])
    client = verified_client(frank)
    client.get(reverse("privacy:chain"))
    (verified,) = [
        i
        for b in _section(client.get(HOME), Role.PRIVACY_OFFICER)
        for i in b.items
        if str(i.label).startswith("last verification of the access log on")
    ]
    assert str(verified.note).startswith("NOT intact from sequence number 3")


# --- Functional administrator ---------------------------------------------------------------


@pytest.mark.django_db
def test_administrator_sees_pending_requests_and_the_management_sections(grace: User) -> None:
    grace.is_staff = True
    grace.save()
    other = persona(
        "heidi", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.ADMIN]
    )
    target = persona("ingrid", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[])
    PrivilegeRequest.objects.create(requester=other, target=target, role=Role.COORDINATOR)
    PrivilegeRequest.objects.create(requester=grace, target=target, role=Role.ADMIN)
    PrivilegeRequest.objects.create(
        requester=other, target=target, role=Role.PARTNER, outcome="approved"
    )
    response = verified_client(grace).get(HOME)
    pending = _item(response, Role.ADMIN, "requests for privileged rights waiting for a decision")
    assert pending.count == 2 and str(pending.note) == "you may decide 1 of them"
    assert "?outcome__exact=pending" in pending.url
    assert _item(response, Role.ADMIN, "active users without a role").count == 1
    management = _item(response, Role.ADMIN, "go to Management")
    urls = {e.url for e in management.entries}
    assert reverse("admin:app_list", args=["accounts"]) in urls
    assert reverse("admin:app_list", args=["signals"]) in urls
    assert verified_client(grace).get(pending.url).status_code == 200


@pytest.mark.django_db
def test_administrator_without_staff_status_is_told_why_management_is_empty(grace: User) -> None:
    item = _item(verified_client(grace).get(HOME), Role.ADMIN, "go to Management")
    assert item.entries == () and "lacks the rights" in str(item.note)


# --- Every role ---------------------------------------------------------------------------


def _everyone() -> dict[Role, User]:
    users = {}
    for role in Role:
        users[role] = persona(
            f"home-{role.value}",
            org_code="politie" if role in (Role.PARTNER, Role.TEAM_MEMBER) else "gemeente",
            partner_type=PartnerType.POLICE,
            roles=[role],
        )
    return users


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_no_role_is_told_a_built_module_is_not_built(role: Role) -> None:
    user = _everyone()[role]
    text = _main_text(verified_client(user).get(HOME))
    assert "Once the" not in text and "Nothing to show yet" not in text
    if role is not Role.POLICY and role is not Role.COORDINATOR:
        assert NOT_BUILT not in text


def _busy_house(alice: User, bob: User, hank: User, users: dict[Role, User]) -> None:
    """Some of everything, so that a query per row would show in the count."""
    city = build_small_city()
    team = Team.objects.create(name="Wijkteam Centrum", area=city["SD999901"])
    Team.objects.create(name="Wijkteam Noord", area=city["SD999902"])
    TeamMembership.objects.create(
        team=team, user=users[Role.TEAM_MEMBER], function=TeamFunction.COMMUNITY_OFFICER
    )
    rule = EarlyWarningRule.objects.create(name="r", kind="repeat_subject", recipient="team")
    for _ in range(3):
        _signal(city, team=team, deadline=timezone.now() - dt.timedelta(hours=1))
        _early(rule, team=team)
    source = EventSource.objects.create(code="bvh", name="Politie BVH", format="bvh")
    for _ in range(6):
        ImportRun.objects.create(source=source, file_name="x.csv", status=ImportStatus.DONE)
    police = organisation("politie", PartnerType.POLICE)
    for _ in range(4):
        case = case_for(hank, participants=[police])
        contribution(case, hank, scope=Scope.PARTICIPANTS, category=DataCategory.CARE)
        _overdue_action(case, bob)
        BreakGlass.objects.create(
            user=bob, case=case, reason="Spoed", expires_at=timezone.now() + dt.timedelta(hours=1)
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_query_budget_per_role(
    role: Role, alice: User, bob: User, hank: User, django_assert_max_num_queries: Any
) -> None:
    users = _everyone()
    _busy_house(alice, bob, hank, users)
    client = verified_client(users[role])
    client.get(HOME)
    with django_assert_max_num_queries(BUDGET[role]):
        assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_query_budget_for_a_user_with_every_role(
    alice: User, bob: User, hank: User, django_assert_max_num_queries: Any
) -> None:
    everything = persona(
        "jan", org_code="politie", partner_type=PartnerType.POLICE, roles=list(Role)
    )
    _busy_house(alice, bob, hank, {Role.TEAM_MEMBER: everything})
    client = verified_client(everything)
    response = client.get(HOME)
    assert [s["role"] for s in response.context["sections"]] == list(Role)
    with django_assert_max_num_queries(ALL_ROLES_BUDGET):
        assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_the_home_page_writes_no_audit_row_and_is_not_cached(bob_client: Client) -> None:
    before = AuditEntry.objects.count()
    response = bob_client.get(HOME)
    assert AuditEntry.objects.count() == before
    assert "no-store" in response["Cache-Control"]
