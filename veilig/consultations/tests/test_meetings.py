"""Triage, meetings, agenda, attendance, minutes: the services and their access rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veilig.access.errors import NotFound
from veilig.access.meetings import access_agenda_item, shown_item_ids
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.cases.models import Action
from veilig.cases.services import action_update, case_transition
from veilig.cases.vocabulary import ActionStatus, Scope, Status, Theme
from veilig.consultations.models import AgendaAction, TriageDecision
from veilig.consultations.services import (
    agenda_current,
    attendance_record,
    decision_add,
    meeting_action_add,
    meeting_hold,
    minutes_write,
    statement_accept,
    triage_decide,
    triage_session_of,
)
from veilig.consultations.vocabulary import AgendaActionKind, AgendaReason, TriageOutcome
from veilig.testing.casework import case_for, contribution, ggz
from veilig.testing.consultations import accepted_case, meeting_of, table_with

pytestmark = pytest.mark.django_db


def ctx(user: User) -> AuditContext:
    return AuditContext.for_command(user)


def test_triage_session_is_the_tuesday_after_the_monday_noon_cutoff() -> None:
    tz = timezone.get_current_timezone()
    monday_morning = dt.datetime(2026, 11, 30, 11, 59, tzinfo=tz)
    monday_afternoon = dt.datetime(2026, 11, 30, 12, 0, tzinfo=tz)
    assert triage_session_of(monday_morning) == dt.date(2026, 12, 1)
    assert triage_session_of(monday_afternoon) == dt.date(2026, 12, 8)
    assert triage_session_of(dt.datetime(2026, 12, 2, 9, 0, tzinfo=tz)) == dt.date(2026, 12, 8)


def test_one_step_triage_records_the_decision_and_one_audit_row(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    case = case_for(bob)
    before = AuditEntry.objects.count()
    decision = triage_decide(
        context=ctx(alice),
        case_id=case.pk,
        outcome=TriageOutcome.ACCEPT,
        reason="Meervoudig.",
        table_id=table.pk,
    )
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.table == table
    assert list(case.status_changes.order_by("pk").values_list("to_status", flat=True)) == [
        Status.REGISTERED,
        Status.TRIAGE,
        Status.ACCEPTED,
    ]
    rows = AuditEntry.objects.order_by("pk")[before:]
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        ("create", "triage_decision", str(decision.pk))
    ]


def test_the_case_workflow_no_longer_decides_triage_outcomes(alice: User, bob: User) -> None:
    case = case_for(bob)
    case_transition(context=ctx(alice), case_id=case.pk, to_status=Status.TRIAGE)
    with pytest.raises(ValidationError):
        case_transition(context=ctx(alice), case_id=case.pk, to_status=Status.LOCAL, reason="x")


def test_radicalisation_cases_get_the_weegploeg_outcomes_only(alice: User, bob: User) -> None:
    rad = table_with(code="rad", theme=Theme.RADICALISATION, representatives=[alice, bob])
    case = case_for(bob, theme=Theme.RADICALISATION)
    with pytest.raises(ValidationError):
        triage_decide(
            context=ctx(alice),
            case_id=case.pk,
            outcome=TriageOutcome.ACCEPT,
            reason="x",
            table_id=rad.pk,
        )
    triage_decide(
        context=ctx(alice),
        case_id=case.pk,
        outcome=TriageOutcome.MORE_INFORMATION,
        reason="Eerst meer weten.",
    )
    case.refresh_from_db()
    assert case.status == Status.TRIAGE
    triage_decide(
        context=ctx(alice),
        case_id=case.pk,
        outcome=TriageOutcome.ZVH_TABLE,
        reason="Via de tafel.",
        table_id=rad.pk,
    )
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert TriageDecision.objects.filter(case=case).count() == 2


def test_a_coordinator_outside_the_radicalisation_table_cannot_triage_it(
    alice: User, bob: User
) -> None:
    case = case_for(bob, theme=Theme.RADICALISATION)
    with pytest.raises(NotFound):
        triage_decide(
            context=ctx(alice), case_id=case.pk, outcome=TriageOutcome.NO_ACTION, reason="x"
        )


def test_the_agenda_builds_itself_and_overdue_actions_come_back(alice: User, bob: User) -> None:
    table = table_with(representatives=[alice, bob])
    police = bob.organisation
    assert police is not None
    case = accepted_case(alice, bob, table)
    first = meeting_of(alice, table, in_days=1)
    [item] = agenda_current(meeting=first)
    assert item.case == case and item.reason == AgendaReason.NEW
    statement_accept(context=ctx(alice), meeting_id=first.pk)
    action = meeting_action_add(
        context=ctx(alice),
        item_id=item.pk,
        description="Huisbezoek",
        owner_organisation=police,
        deadline=timezone.localdate() - dt.timedelta(days=1),
    )
    decision_add(context=ctx(alice), item_id=item.pk, text="Politie legt huisbezoek af.")
    minutes_write(context=ctx(alice), item_id=item.pk, beeld="B", oordeel="O", besluit="Besluit")
    second = meeting_of(alice, table, in_days=14)
    assert agenda_current(meeting=second) == []  # the first is still the next meeting
    meeting_hold(context=ctx(alice), meeting_id=first.pk)
    [back] = agenda_current(meeting=second)
    assert back.case == case and back.reason == AgendaReason.RETURNED
    history = AgendaAction.objects.filter(action=action).order_by("pk")
    assert [(h.item_id, h.kind) for h in history] == [
        (item.pk, AgendaActionKind.AGREED),
        (back.pk, AgendaActionKind.RETURNED),
    ]
    action_update(context=ctx(bob), action_id=action.pk, status=ActionStatus.DONE, result="Gedaan.")
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE


def test_nothing_of_a_case_before_the_statement_and_only_within_scope(
    alice: User, bob: User, hank: User
) -> None:
    table = table_with(representatives=[alice, bob, hank])
    case = accepted_case(alice, bob, table, participants=[ggz()])
    police_only = contribution(case, bob, scope=Scope.SOURCE)
    shared = contribution(case, bob, scope=Scope.PARTICIPANTS)
    meeting = meeting_of(alice, table)
    [item] = agenda_current(meeting=meeting)
    attendance_record(context=ctx(alice), meeting_id=meeting.pk, user=hank)
    with pytest.raises(NotFound):
        access_agenda_item(ctx(hank), item.pk)
    assert shown_item_ids(hank, meeting) == set()
    statement_accept(context=ctx(hank), meeting_id=meeting.pk)
    assert access_agenda_item(ctx(hank), item.pk) == item
    from veilig.access.policy import contributions_visible_to

    seen = set(contributions_visible_to(hank, case).values_list("pk", flat=True))
    assert shared.pk in seen and police_only.pk not in seen


def test_a_closed_case_gets_no_new_entries(alice: User, bob: User) -> None:
    table = table_with(representatives=[alice, bob])
    police = bob.organisation
    assert police is not None
    case = accepted_case(alice, bob, table)
    meeting = meeting_of(alice, table)
    [item] = agenda_current(meeting=meeting)
    statement_accept(context=ctx(alice), meeting_id=meeting.pk)
    case_transition(context=ctx(alice), case_id=case.pk, to_status=Status.CLOSED, reason="Klaar.")
    with pytest.raises(ValidationError):
        decision_add(context=ctx(alice), item_id=item.pk, text="Nog iets.")
    with pytest.raises(ValidationError):
        meeting_action_add(
            context=ctx(alice),
            item_id=item.pk,
            description="x",
            owner_organisation=police,
            deadline=timezone.localdate(),
        )


def test_the_privacy_officer_reads_the_consultation_rows_as_sentences() -> None:
    from veilig.privacy.events import what_happened

    references = {5: "ZVH-2026-00005"}

    def sentence(action: str, object_type: str, detail: str) -> str:
        return what_happened(
            action=action,
            object_type=object_type,
            object_id="1",
            detail=detail,
            case_references=references,
        )

    assert sentence("create", "decision", "case:5;agenda_item:3") == (
        "decision on case ZVH-2026-00005 recorded"
    )
    assert sentence("create", "triage_decision", "case:5;outcome:accept") == (
        "triage decision on case ZVH-2026-00005 recorded"
    )
    assert sentence("read", "agenda_item", "case:5") == "case ZVH-2026-00005 opened in a meeting"
    assert sentence("list", "case", "triage") == "triage queue viewed"
