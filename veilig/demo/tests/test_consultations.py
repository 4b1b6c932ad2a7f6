"""The consultations of Voorbeeldstad: weekly triage, informing, three years of meetings.

The plan is checked pure (same seed, same plan); the city is built once for this module inside
a transaction that is rolled back at the end, and each test runs in a savepoint inside it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditEntry
from veilig.audit.selectors import audit_chain_verify
from veilig.cases.models import Action, Case, Participant, StatusChange, Table
from veilig.cases.vocabulary import FINAL_STATUSES, ActionStatus, Status, Theme
from veilig.consultations.models import (
    AgendaAction,
    AgendaItem,
    Attendance,
    Decision,
    DiscussionRequest,
    Meeting,
    SubjectInforming,
    TriageDecision,
)
from veilig.consultations.services.agenda import agenda_refresh, next_meeting
from veilig.consultations.services.triage import triage_session_of
from veilig.consultations.vocabulary import (
    OUTCOME_STATUS,
    OUTCOMES_WITH_TABLE,
    STATEMENT_VERSION,
    AgendaActionKind,
    AgendaReason,
    MeetingStatus,
    TriageOutcome,
)
from veilig.demo.generator.casework import TZ
from veilig.demo.generator.casework_plan import casework_anchor, casework_build
from veilig.demo.generator.consultations import (
    ConsultationsPlan,
    consultations_build,
    consultations_counts,
)
from veilig.demo.generator.plan import CityPlan, city_plan_build
from veilig.demo.generator.triage import session_of
from veilig.demo.services import DemoCityOutcome, demo_city_build
from veilig.demo.writers.history import AUDIT_CHANNEL

SEED = 3
TODAY = dt.date(2026, 3, 2)
ANCHOR = casework_anchor(TODAY)
ADDRESSES = 600


@pytest.fixture(scope="module")
def city_plan() -> CityPlan:
    return city_plan_build(seed=SEED, address_count=ADDRESSES)


def _plan(city_plan: CityPlan, seed: int = SEED) -> ConsultationsPlan:
    casework = casework_build(
        seed=seed, geography=city_plan.geography, addresses=city_plan.addresses, today=TODAY
    )
    return consultations_build(seed=seed, casework=casework, anchor=ANCHOR)


@pytest.fixture(scope="module")
def plan(city_plan: CityPlan) -> ConsultationsPlan:
    return _plan(city_plan)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(scope="module")
def city(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, documents: Path
) -> Iterator[DemoCityOutcome]:
    with (
        django_db_blocker.unblock(),  # type: ignore[attr-defined]
        override_settings(
            DOCUMENTS_ROOT=documents,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo_city_build(seed=SEED, address_count=ADDRESSES, today=TODAY)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def db_city(city: DemoCityOutcome, db: None) -> DemoCityOutcome:
    return city


def test_the_plan_is_deterministic(city_plan, plan):
    again = _plan(city_plan)
    assert again == plan
    counts = consultations_counts(plan)
    assert consultations_counts(_plan(city_plan, seed=SEED + 1)) != counts
    assert counts["meetings_held"] >= 400 and counts["meetings_cancelled"] >= 1
    assert counts["returned_twice_or_more"] >= 10
    assert counts["informing_postponed"] >= 1


def test_the_session_rule_is_the_services_rule():
    start = dt.datetime(2026, 1, 4, 23, 0, tzinfo=dt.UTC)
    for hours in range(0, 24 * 16, 5):
        moment = start + dt.timedelta(hours=hours, minutes=hours % 60)
        assert session_of(moment) == triage_session_of(moment), moment


def test_the_database_holds_the_plan(db_city, plan):
    counts = consultations_counts(plan)
    assert db_city.counts["meetings"] == Meeting.objects.count() == counts["meetings"]
    assert TriageDecision.objects.count() == counts["triage_decisions"]
    assert SubjectInforming.objects.count() == counts["informing"]
    assert Attendance.objects.count() == counts["attendance"]
    assert Decision.objects.count() == counts["decisions"]
    assert DiscussionRequest.objects.count() == counts["flags"]
    past = AgendaItem.objects.filter(meeting__starts_at__lt=ANCHOR)
    assert past.count() == counts["items"]
    returned = AgendaAction.objects.filter(kind=AgendaActionKind.RETURNED)
    assert returned.filter(item__meeting__starts_at__lt=ANCHOR).count() == counts["returned_links"]
    agreed = AgendaAction.objects.filter(kind=AgendaActionKind.AGREED)
    assert agreed.count() == counts["meeting_actions"]


def test_every_triaged_case_has_its_decision_at_the_session(db_city):
    decisions = defaultdict(list)
    for decision in TriageDecision.objects.select_related("decided_by").order_by("decided_at"):
        decisions[decision.case_id].append(decision)
    outcomes = {TriageOutcome.NO_ACTION, TriageOutcome.ZVH_TABLE}
    on_session = total = 0
    for case in Case.objects.select_related("table"):
        changes = list(StatusChange.objects.filter(case=case).order_by("at", "id"))
        routed = [c for c in changes[2:3] if c.from_status == Status.TRIAGE]
        final = [d for d in decisions[case.pk] if d.outcome != TriageOutcome.MORE_INFORMATION]
        if not routed:
            assert not final, case.reference
            continue
        (decision,) = final
        change = routed[0]
        assert OUTCOME_STATUS[TriageOutcome(decision.outcome)] == change.to_status
        assert decision.decided_at == change.at
        if case.table is not None:  # every accepted case: accepted at its table
            assert decision.outcome in OUTCOMES_WITH_TABLE and decision.table_id == case.table_id
        else:
            assert decision.table_id is None
        radicalisation = case.theme == Theme.RADICALISATION
        # Process direction decides; for radicalisation the director who represents that table.
        assert decision.decided_by.username == "regisseur"
        if radicalisation:
            outcomes.add(TriageOutcome(decision.outcome))
        assert decision.session.weekday() == 1
        assert decision.session >= triage_session_of(case.registered_at)
        for earlier in decisions[case.pk][:-1]:
            assert earlier.outcome == TriageOutcome.MORE_INFORMATION
            assert earlier.decided_at < decision.decided_at
            assert earlier.session == decision.session - dt.timedelta(days=7)
        total += 1
        on_session += decision.decided_at.astimezone(TZ).date() == decision.session
        assert changes[1].at <= min(d.decided_at for d in decisions[case.pk])
    assert on_session >= 0.95 * total and total >= 300
    assert TriageDecision.objects.filter(outcome=TriageOutcome.MORE_INFORMATION).exists()
    assert TriageDecision.objects.filter(outcome=TriageOutcome.ZVH_TABLE).exists()
    assert not TriageDecision.objects.filter(
        outcome=TriageOutcome.LOCAL, case__theme=Theme.RADICALISATION
    ).exists()


def test_informing_the_subject(db_city):
    records = SubjectInforming.objects.select_related("case__table")
    assert records.count() >= 100
    for record in records:
        assert record.case.table is not None and record.case.table.subject_informed
        if record.informed_on is None:
            assert record.postponed_reason and record.review_on is not None
            assert record.review_on > record.recorded_at.astimezone(TZ).date()
        else:
            assert record.informed_on < TODAY and not record.postponed_reason
    postponed = records.filter(informed_on__isnull=True)
    assert postponed.exists() and postponed.filter(review_on__lt=TODAY).exists()
    assert not records.filter(case__table__theme=Theme.RADICALISATION).exists()


def test_meetings_every_two_weeks_and_the_next_two(db_city):
    for table in Table.objects.all():
        meetings = list(Meeting.objects.filter(table=table).order_by("starts_at"))
        past = [m for m in meetings if m.starts_at < ANCHOR]
        upcoming = [m for m in meetings if m.starts_at >= ANCHOR]
        assert len(upcoming) == 2
        assert upcoming[0].status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_READY)
        assert upcoming[1].status == MeetingStatus.PLANNED and not upcoming[1].items.exists()
        assert {m.status for m in past} <= {MeetingStatus.HELD, MeetingStatus.CANCELLED}
        gaps = {(b.starts_at.astimezone(TZ).date() - a.starts_at.astimezone(TZ).date()).days
                for a, b in pairwise(meetings)}  # fmt: skip
        if table.theme == Theme.RADICALISATION:
            assert gaps <= {28, 35} and len(past) >= 35
        else:
            assert gaps == {14} and len(past) >= 77
        for meeting in meetings:
            assert bool(meeting.place) != bool(meeting.video_link)
            assert meeting.chair is not None and meeting.chair.username == "regisseur"
            if meeting.status == MeetingStatus.CANCELLED:
                assert not meeting.items.exists() and not meeting.attendance.exists()
    assert Meeting.objects.exclude(video_link="").exists()


def test_statements_before_the_meeting_starts(db_city):
    representatives = {
        table.pk: set(table.representatives.values_list("pk", flat=True))
        for table in Table.objects.all()
    }
    rows = Attendance.objects.select_related("meeting__table", "user")
    assert rows.filter(incidental=True).exists() and rows.filter(present=False).exists()
    for row in rows:
        meeting = row.meeting
        assert meeting.status == MeetingStatus.HELD
        assert row.incidental == (row.user_id not in representatives[meeting.table_id])
        assert row.organisation_id == row.user.organisation_id
        if row.present:
            assert row.statement_accepted_at is not None
            assert row.statement_accepted_at < meeting.starts_at
            assert row.statement_version == STATEMENT_VERSION
        else:
            assert row.statement_accepted_at is None and not row.incidental
        if meeting.table.theme == Theme.RADICALISATION:
            assert not row.incidental
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    assert not held.exclude(attendance__user__username="regisseur").exists()


def test_agenda_actions_belong_to_participants(db_city):
    participating = set(Participant.objects.values_list("case_id", "organisation_id"))
    links = AgendaAction.objects.select_related("action", "item__meeting")
    assert links.count() >= 500
    for link in links:
        action, item = link.action, link.item
        assert action.case_id == item.case_id
        assert (action.case_id, action.owner_organisation_id) in participating
        if link.kind == AgendaActionKind.AGREED:
            assert item.meeting.starts_at < action.created_at < item.meeting.ends_at
            assert action.deadline >= item.meeting.starts_at.date() + dt.timedelta(days=14)
        else:  # brought back: open at the start, due by the meeting day
            assert action.deadline <= item.meeting.starts_at.astimezone(TZ).date()
            assert action.completed_at is None or action.completed_at > item.meeting.starts_at


def test_some_actions_come_back_twice_and_some_are_still_overdue(db_city):
    returned = Counter(
        AgendaAction.objects.filter(
            kind=AgendaActionKind.RETURNED, item__meeting__starts_at__lt=ANCHOR
        ).values_list("action_id", flat=True)
    )
    times = Counter(returned.values())
    assert times[1] >= 20 and times[2] >= 10, times
    agreed = Action.objects.filter(agenda_links__kind=AgendaActionKind.AGREED)
    overdue = agreed.filter(status=ActionStatus.OPEN, deadline__lt=TODAY)
    assert overdue.count() >= 5
    assert agreed.filter(status=ActionStatus.DONE).count() > agreed.count() / 2


def test_held_meetings_have_minutes_and_ordered_agendas(db_city):
    ranks = list(AgendaReason)
    for meeting in Meeting.objects.filter(status=MeetingStatus.HELD).prefetch_related("items"):
        items = list(meeting.items.all())
        assert [i.position for i in items] == list(range(1, len(items) + 1))
        assert [ranks.index(AgendaReason(i.reason)) for i in items] == sorted(
            ranks.index(AgendaReason(i.reason)) for i in items
        )
        for item in items:
            assert item.beeld and item.oordeel and item.besluit
            assert item.minuted_at is not None
            assert meeting.starts_at < item.minuted_at < meeting.ends_at
    reasons = set(AgendaItem.objects.values_list("reason", flat=True))
    assert {AgendaReason.NEW, AgendaReason.RETURNED, AgendaReason.FLAGGED} <= reasons
    assert DiscussionRequest.objects.filter(item__isnull=False).exists()


def test_no_entries_on_closed_cases_after_closing(db_city):
    ended = {}
    for case in Case.objects.filter(status__in=sorted(FINAL_STATUSES)):
        ended[case.pk] = case.updated_at
    assert ended
    for item in AgendaItem.objects.filter(case__in=list(ended)).select_related("meeting"):
        assert item.meeting.ends_at < ended[item.case_id]
        assert item.minuted_at is None or item.minuted_at < ended[item.case_id]
    for case_id, at in Decision.objects.filter(item__case__in=list(ended)).values_list(
        "item__case", "decided_at"
    ):
        assert at < ended[case_id]
    for case_id, at, done in Action.objects.filter(case__in=list(ended)).values_list(
        "case", "created_at", "completed_at"
    ):
        assert at < ended[case_id] and (done is not None and done <= ended[case_id])
    for model, field in ((TriageDecision, "decided_at"), (SubjectInforming, "recorded_at"),
                         (DiscussionRequest, "requested_at")):  # fmt: skip
        for case_id, at in model.objects.filter(case__in=list(ended)).values_list("case", field):
            assert at <= ended[case_id], model


def test_the_next_agenda_is_what_agenda_refresh_builds(db_city):
    open_overdue = Action.objects.filter(
        status=ActionStatus.OPEN, deadline__lt=TODAY, case__table__isnull=False
    ).exclude(case__status__in=sorted(FINAL_STATUSES))
    assert open_overdue.count() >= 10
    for table in Table.objects.all():
        meeting = next_meeting(table_id=table.pk)
        assert meeting is not None and meeting.starts_at >= ANCHOR
        on_agenda = set(meeting.items.values_list("case_id", flat=True))
        overdue_cases = set(open_overdue.filter(case__table=table).values_list("case", flat=True))
        assert overdue_cases <= on_agenda, table.code
        before = list(meeting.items.values_list("pk", "case_id", "position"))
        links = AgendaAction.objects.filter(item__meeting=meeting).count()
        agenda_refresh(meeting=meeting)
        assert list(meeting.items.values_list("pk", "case_id", "position")) == before
        assert AgendaAction.objects.filter(item__meeting=meeting).count() == links
    waiting = DiscussionRequest.objects.filter(requested_at__gte=ANCHOR - dt.timedelta(days=14))
    assert waiting.exists() and not waiting.filter(item__isnull=True).exists()


def test_every_decision_and_minute_is_in_the_access_log(db_city):
    assert audit_chain_verify().intact
    rows = AuditEntry.objects.filter(channel=AUDIT_CHANNEL)
    expected = (
        (TriageDecision.objects.values_list("pk", "case_id"), "triage_decision", "create"),
        (Decision.objects.values_list("pk", "item__case_id"), "decision", "create"),
        (AgendaItem.objects.filter(minuted_at__isnull=False).values_list("pk", "case_id"),
         "minutes", "update"),
        (SubjectInforming.objects.values_list("pk", "case_id"), "subject_informing", "update"),
    )  # fmt: skip
    for stored, object_type, action in expected:
        named = Counter(
            (int(object_id), detail.split(";")[0])
            for object_id, detail in rows.filter(
                object_type=object_type, action=AuditAction(action)
            ).values_list("object_id", "detail")
        )
        assert named == Counter((pk, f"case:{case}") for pk, case in stored), object_type
    times = list(rows.order_by("seq").values_list("at", flat=True))
    assert times == sorted(times) and times[-1] < ANCHOR


def test_the_demo_inboxes_hold_links_only_for_what_the_recipient_may_open(db_city):
    """The demo's notifications: some unread for the partner login, each link a case or meeting
    path of ids that its recipient may open (``writers.notifications``)."""
    from veilig.access.meetings import meetings_visible_to
    from veilig.access.policy import cases_visible_to
    from veilig.notifications.models import Notification

    partner = User.objects.get(username="politie")
    assert Notification.objects.filter(recipient=partner, read_at__isnull=True).exists()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"triage_outcome", "action_assigned", "agenda_ready"} <= kinds
    for note in Notification.objects.select_related("recipient")[:300]:
        number = int(note.link.strip("/").split("/")[1].split("#")[0])
        if note.link.startswith("/casussen/"):
            assert cases_visible_to(note.recipient).filter(pk=number).exists(), note.link
        else:
            assert note.link.startswith("/overleggen/")
            assert meetings_visible_to(note.recipient).filter(pk=number).exists(), note.link
