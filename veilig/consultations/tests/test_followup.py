"""The follow-up overview ("snel bijsturen"): the figures on a small world whose expected
values the test works out by itself, the radicalisation table's confidentiality, the choke
point, strict settings and a constant number of queries."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veilig.access.policy import cases_visible_to
from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.models import AuditAction, AuditResult
from veilig.cases.models import Action, Case, Contribution, StatusChange, Table
from veilig.cases.vocabulary import ActionStatus, DataCategory, Scope, Status, Theme
from veilig.consultations.models import AgendaAction, AgendaItem, Meeting, TriageDecision
from veilig.consultations.selectors import followup
from veilig.consultations.vocabulary import (
    AgendaActionKind,
    AgendaReason,
    MeetingStatus,
    TriageOutcome,
)
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.casework import case_for, contribution, radicalisation_table
from veilig.testing.consultations import table_with
from veilig.testing.personas import persona, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_lead_times() -> None:
    cache.clear()


URL = "/bijsturen/"


@dataclass
class World:
    now: dt.datetime
    today: dt.date
    director: User
    ico: Table
    cases: dict[str, Case] = field(default_factory=dict)
    # Expected values, written down as the world is built.
    triage_days: dict[str, float] = field(default_factory=dict)
    plan_days: dict[str, float] = field(default_factory=dict)


def _at(model: type, pk: int, **moments: dt.datetime) -> None:
    model.objects.filter(pk=pk).update(**moments)  # type: ignore[attr-defined]


def _case(
    world: World,
    key: str,
    registrant: User,
    *,
    status: Status,
    registered_days_ago: float,
    theme: Theme = Theme.ICO,
    triage_after: float | None = None,
    plan_after: float | None = None,
) -> Case:
    case = case_for(registrant, theme=theme)
    registered = world.now - dt.timedelta(days=registered_days_ago)
    StatusChange.objects.filter(case=case).update(at=registered)
    Case.objects.filter(pk=case.pk).update(registered_at=registered, status=status)
    if triage_after is not None:
        decided = registered + dt.timedelta(days=triage_after)
        # An earlier "more information needed" is not the decision.
        TriageDecision.objects.create(
            case=case,
            outcome=TriageOutcome.MORE_INFORMATION,
            reason="Meer informatie nodig.",
            decided_by=world.director,
            decided_at=registered + dt.timedelta(days=triage_after / 2),
            session=decided.date(),
        )
        TriageDecision.objects.create(
            case=case,
            outcome=TriageOutcome.ACCEPT,
            reason="Meervoudige problematiek.",
            decided_by=world.director,
            decided_at=decided,
            session=decided.date(),
            table=world.ico,
        )
        change = StatusChange.objects.create(
            case=case, from_status=Status.TRIAGE, to_status=Status.ACCEPTED, by=world.director
        )
        _at(StatusChange, change.pk, at=decided)
        if registered_days_ago <= 365:
            world.triage_days[key] = triage_after
    if plan_after is not None:
        change = StatusChange.objects.create(
            case=case, from_status=Status.ACCEPTED, to_status=Status.PLAN, by=world.director
        )
        _at(StatusChange, change.pk, at=registered + dt.timedelta(days=plan_after))
        if registered_days_ago <= 365:
            world.plan_days[key] = plan_after
    case.refresh_from_db()
    world.cases[key] = case
    return case


def _action(
    world: World,
    case: Case,
    owner: User,
    *,
    deadline_in: int,
    created_days_ago: int,
    status: ActionStatus = ActionStatus.OPEN,
) -> Action:
    assert owner.organisation is not None
    action = Action.objects.create(
        case=case,
        description="Huisbezoek",
        owner_organisation=owner.organisation,
        deadline=world.today + dt.timedelta(days=deadline_in),
        status=status,
    )
    _at(Action, action.pk, created_at=world.now - dt.timedelta(days=created_days_ago))
    return action


def _meeting(world: World, table: Table, *, in_days: float, status: str) -> Meeting:
    return Meeting.objects.create(
        table=table,
        starts_at=world.now + dt.timedelta(days=in_days),
        status=status,
        created_by=world.director,
    )


def build_world(alice: User, bob: User, hank: User, ruth: User) -> World:
    now = timezone.now()
    ico = table_with(representatives=[bob])
    world = World(now=now, today=timezone.localdate(now), director=alice, ico=ico)
    radicalisation_table(representatives=[ruth])
    # Accepted 100 days ago after 3 days of triage; nothing since: without progress.
    _case(world, "c1", bob, status=Status.ACCEPTED, registered_days_ago=100, triage_after=3)
    # A plan after 20 days and a contribution two days ago: progress.
    c2 = _case(
        world,
        "c2",
        bob,
        status=Status.PLAN,
        registered_days_ago=50,
        triage_after=5,
        plan_after=20,
    )
    recent = contribution(c2, bob, scope=Scope.PARTICIPANTS, category=DataCategory.POLICE)
    _at(Contribution, recent.pk, created_at=now - dt.timedelta(days=2))
    # In monitoring; two overdue actions (police 10 days, GGZ 3 days), one open in time, one
    # done past its deadline; all made long ago: without progress.
    c3 = _case(
        world,
        "c3",
        bob,
        status=Status.MONITORING,
        registered_days_ago=200,
        triage_after=10,
        plan_after=40,
    )
    _action(world, c3, bob, deadline_in=-10, created_days_ago=150)
    _action(world, c3, hank, deadline_in=-3, created_days_ago=150)
    _action(world, c3, hank, deadline_in=30, created_days_ago=150)
    _action(world, c3, bob, deadline_in=-40, created_days_ago=150, status=ActionStatus.DONE)
    # A radicalisation case: counted only for the table's members.
    c4 = _case(
        world,
        "rad",
        bob,
        status=Status.ACCEPTED,
        registered_days_ago=60,
        theme=Theme.RADICALISATION,
        triage_after=1,
        plan_after=2,
    )
    _action(world, c4, bob, deadline_in=-30, created_days_ago=59)
    # Closed: its open overdue action is no longer followed up, nor is it without progress.
    c5 = _case(world, "closed", bob, status=Status.CLOSED, registered_days_ago=300)
    _action(world, c5, bob, deadline_in=-100, created_days_ago=290)
    # Registered before the period; picked up locally, nothing since.
    _case(world, "old", bob, status=Status.LOCAL, registered_days_ago=400, triage_after=100)
    # A case minuted at a meeting yesterday: progress.
    c7 = _case(world, "minuted", bob, status=Status.ACCEPTED, registered_days_ago=90)
    held = _meeting(world, ico, in_days=-1, status=MeetingStatus.HELD)
    AgendaItem.objects.create(
        meeting=held,
        case=c7,
        position=1,
        reason=AgendaReason.NEW,
        beeld="Beeld.",
        minuted_at=now - dt.timedelta(days=1),
    )
    # Meetings: four planned ones of the ICO table (three are shown), one cancelled, one of
    # the radicalisation table.
    first = _meeting(world, ico, in_days=3, status=MeetingStatus.AGENDA_READY)
    for position, key in enumerate(("c1", "c3"), start=1):
        AgendaItem.objects.create(
            meeting=first, case=world.cases[key], position=position, reason=AgendaReason.NEW
        )
    item = AgendaItem.objects.get(meeting=first, case=c3)
    for action in Action.objects.filter(case=c3, status=ActionStatus.OPEN):
        AgendaAction.objects.create(item=item, action=action, kind=AgendaActionKind.RETURNED)
    for days in (10, 17, 24):
        _meeting(world, ico, in_days=days, status=MeetingStatus.PLANNED)
    _meeting(world, ico, in_days=5, status=MeetingStatus.CANCELLED)
    rad_table = Table.objects.get(code="radicalisering")
    _meeting(world, rad_table, in_days=4, status=MeetingStatus.PLANNED)
    return world


@pytest.fixture
def ruth(db: None) -> User:
    """A coordinator who represents the radicalisation table."""
    return persona(
        "ruth", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.COORDINATOR]
    )


@pytest.fixture
def world(alice: User, bob: User, hank: User, ruth: User) -> World:
    return build_world(alice, bob, hank, ruth)


def _visible(user: User) -> QuerySet[Case]:
    return cases_visible_to(user)


# --- The figures --------------------------------------------------------------------------


def test_overdue_actions_per_partner(world: World, alice: User, bob: User, hank: User) -> None:
    rows = followup.overdue_per_organisation(visible=_visible(alice), today=world.today)
    got = [(r.organisation_id, r.actions, r.cases, r.oldest_deadline, r.days_overdue) for r in rows]
    police_deadline = world.today - dt.timedelta(days=10)
    ggz_deadline = world.today - dt.timedelta(days=3)
    assert got == [
        (bob.organisation_id, 1, 1, police_deadline, 10),
        (hank.organisation_id, 1, 1, ggz_deadline, 3),
    ]


def test_the_radicalisation_table_counts_only_for_its_members(
    world: World, alice: User, ruth: User, bob: User
) -> None:
    member = followup.overdue_per_organisation(visible=_visible(ruth), today=world.today)
    police = next(r for r in member if r.organisation_id == bob.organisation_id)
    assert (police.actions, police.cases, police.days_overdue) == (2, 2, 30)
    outsider = followup.overdue_per_organisation(visible=_visible(alice), today=world.today)
    police = next(r for r in outsider if r.organisation_id == bob.organisation_id)
    assert (police.actions, police.days_overdue) == (1, 10)
    # The lead times and the meetings too.
    since = followup.months_before(world.now, 12)
    assert followup.lead_to_triage(visible=_visible(ruth), since=since).cases == 4
    assert followup.lead_to_triage(visible=_visible(alice), since=since).cases == 3
    tables = {m.table for m in followup.upcoming_meetings(user=alice, now=world.now)}
    assert tables == {"Casusoverleg ico"}
    tables = {m.table for m in followup.upcoming_meetings(user=ruth, now=world.now)}
    assert tables == {"Casusoverleg ico", "Casusoverleg radicalisering"}


def test_the_radicalisation_case_is_not_on_an_outsiders_page(world: World, alice: User) -> None:
    page = verified_client(alice).get(URL).content.decode()
    assert world.cases["c1"].reference in page
    assert world.cases["rad"].reference not in page


def test_cases_without_progress_per_status(world: World, alice: User) -> None:
    since = world.now - dt.timedelta(days=28)
    rows, listed = followup.stalled_per_status(visible=_visible(alice), since=since)
    counts = {r.status: r.count for r in rows if r.count}
    assert counts == {Status.ACCEPTED: 1, Status.MONITORING: 1, Status.LOCAL: 1}
    # Every watched status has a row, in the workflow's order; none of the final ones.
    assert [r.status for r in rows] == [s.value for s in followup.WATCHED_STATUSES]
    assert Status.CLOSED.value not in {r.status for r in rows}
    # Registered longest ago first, with the latest progress.
    assert [c.reference for c in listed] == [world.cases[k].reference for k in ("old", "c3", "c1")]
    c1 = listed[2]
    expected = world.cases["c1"].registered_at + dt.timedelta(days=3)
    assert abs((c1.progress_at - expected).total_seconds()) < 1
    # A shorter time: the contribution of two days ago no longer counts as recent.
    rows, _ = followup.stalled_per_status(
        visible=_visible(alice),
        since=world.now - dt.timedelta(days=1, hours=12),
    )
    assert {r.status: r.count for r in rows if r.count}[Status.PLAN] == 1


def test_lead_times_median_and_slowest(world: World, alice: User) -> None:
    since = followup.months_before(world.now, 12)
    triage = followup.lead_to_triage(visible=_visible(alice), since=since)
    expected = {k: v for k, v in world.triage_days.items() if k != "rad"}
    assert triage.cases == len(expected) == 3
    assert triage.median_days == pytest.approx(statistics.median(expected.values()), abs=1e-3)
    slow = sorted(expected, key=lambda k: -expected[k])
    assert [c.reference for c in triage.slowest] == [world.cases[k].reference for k in slow]
    assert [c.days for c in triage.slowest] == pytest.approx([expected[k] for k in slow], abs=1e-3)
    plan = followup.lead_to_plan(visible=_visible(alice), since=since)
    expected = {k: v for k, v in world.plan_days.items() if k != "rad"}
    assert plan.cases == 2
    assert plan.median_days == pytest.approx(statistics.median(expected.values()), abs=1e-3)


def test_an_odd_number_of_durations_has_the_middle_one_as_median(world: World, ruth: User) -> None:
    since = followup.months_before(world.now, 12)
    plan = followup.lead_to_plan(visible=_visible(ruth), since=since)
    assert plan.cases == 3
    assert plan.median_days == pytest.approx(statistics.median(world.plan_days.values()), abs=1e-3)


def test_upcoming_meetings_with_agenda_length_and_returned_actions(
    world: World, alice: User
) -> None:
    meetings = followup.upcoming_meetings(user=alice, now=world.now)
    assert len(meetings) == followup.UPCOMING_PER_TABLE == 3
    first = meetings[0]
    # Its agenda holds c1 and c3; c3's three open actions were brought back to it.
    assert (first.items, first.returned, first.status) == (2, 3, MeetingStatus.AGENDA_READY)
    assert [(m.items, m.returned) for m in meetings[1:]] == [(0, 0), (0, 0)]
    assert [m.starts_at for m in meetings] == sorted(m.starts_at for m in meetings)


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month() -> None:
    moment = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert followup.months_before(moment, 1) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
    assert followup.months_before(moment, 12) == dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC)
    assert followup.months_before(moment, 15) == dt.datetime(2024, 12, 31, 12, tzinfo=dt.UTC)


# --- The page and its choke point ---------------------------------------------------------


def test_the_page_shows_the_figures_and_writes_one_list_row(
    world: World, alice: User, bob: User
) -> None:
    before = audit_seq()
    response = verified_client(alice).get(URL)
    assert response.status_code == 200
    [row] = audit_rows_after(before)
    assert (row.action, row.result, row.object_type, row.detail) == (
        AuditAction.LIST,
        AuditResult.GRANTED,
        "case",
        "followup",
    )
    page = response.content.decode()
    assert 'id="overdue-table"' in page and 'data-label="' in page
    assert reverse("followup:overdue", args=[bob.organisation_id]) in page


@pytest.mark.parametrize("who", ["bob", "hank"])
def test_a_partner_gets_404_and_a_denied_row(world: World, who: str, bob: User, hank: User) -> None:
    user = {"bob": bob, "hank": hank}[who]
    for url in (URL, reverse("followup:overdue", args=[user.organisation_id])):
        before = audit_seq()
        assert verified_client(user).get(url).status_code == 404
        [row] = audit_rows_after(before)
        assert (row.action, row.result) == (AuditAction.LIST, AuditResult.DENIED)


def test_the_overdue_list_of_one_partner(world: World, alice: User, bob: User) -> None:
    assert bob.organisation_id is not None
    before = audit_seq()
    response = verified_client(alice).get(reverse("followup:overdue", args=[bob.organisation_id]))
    assert response.status_code == 200
    [row] = audit_rows_after(before)
    assert row.detail == f"followup;overdue_owner:{bob.organisation_id}"
    page = response.content.decode()
    assert world.cases["c3"].reference in page
    assert world.cases["rad"].reference not in page  # not a member of its table
    assert world.cases["closed"].reference not in page
    assert "Huisbezoek" not in page  # references and deadlines, no case text
    assert len(re.findall(r'id="action-\d+"', page)) == 1


@pytest.mark.parametrize("raw", ["abc", "0", "²", "١٢", "99999999999999999999", "-3", "7.5"])
def test_a_setting_that_is_not_a_whole_number_in_range_is_reported(
    world: World, alice: User, raw: str
) -> None:
    response = verified_client(alice).get(URL, {"dagen": raw})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a whole number from 1 to 730." in page
    assert response.context["quiet_days"] == followup.DEFAULT_QUIET_DAYS


def test_settings_are_read(world: World, alice: User) -> None:
    response = verified_client(alice).get(URL, {"dagen": "1", "maanden": "24"})
    assert (response.context["quiet_days"], response.context["months"]) == (1, 24)
    # The case registered 400 days ago is now in the period.
    assert response.context["lead"].to_triage.cases == 4


def test_the_navigation_shows_follow_up_to_coordinators_only(
    world: World, alice: User, bob: User
) -> None:
    assert URL in verified_client(alice).get("/").content.decode()
    assert URL not in verified_client(bob).get("/").content.decode()


def test_lead_times_are_computed_again_after_their_time(world: World, alice: User) -> None:
    visible = _visible(alice)
    first = followup.lead_times(visible=visible, months=12, now=world.now)
    case_for(alice)  # nothing the figures count, but a new moment
    later = world.now + dt.timedelta(minutes=1)
    assert followup.lead_times(visible=visible, months=12, now=later) == first  # cached
    assert followup.lead_times(visible=visible, months=24, now=later).to_triage.cases == 4
    cache.clear()
    again = followup.lead_times(visible=visible, months=12, now=later)
    assert again.computed_at == later and again.to_triage == first.to_triage
    # Another reach is another entry: the radicalisation table's member sees its case.
    assert followup.lead_times(visible=_visible(_ruth()), months=12, now=later).to_triage.cases == 4


def _ruth() -> User:
    return User.objects.get(username="ruth")


# --- Query budget -------------------------------------------------------------------------

# Session, user, roles and second factor, the audit row and its chain head, the radicalisation
# membership, and seven for the figures (21 in all in the bench; some headroom).
QUERY_BUDGET = 25


def _queries(user: User, url: str) -> int:
    client = verified_client(user)
    client.get(url)  # warm the session
    cache.clear()  # the whole page, lead times included
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_data(
    world: World, alice: User, bob: User, hank: User
) -> None:
    small = _queries(alice, URL)
    small_list = _queries(alice, reverse("followup:overdue", args=[bob.organisation_id]))
    for _ in range(5):
        case = case_for(bob)
        _action(world, case, hank, deadline_in=-5, created_days_ago=40)
        _action(world, case, bob, deadline_in=-7, created_days_ago=40)
        Case.objects.filter(pk=case.pk).update(
            registered_at=world.now - dt.timedelta(days=60), status=Status.ACCEPTED
        )
    assert _queries(alice, URL) == small <= QUERY_BUDGET
    assert _queries(alice, reverse("followup:overdue", args=[bob.organisation_id])) == small_list
