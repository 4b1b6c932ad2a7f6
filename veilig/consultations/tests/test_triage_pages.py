"""The triage pages: the weekly queue, the one-step decision, informing the subject."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.cases.models import Case, Participant, Table
from veilig.cases.services import case_transition
from veilig.cases.vocabulary import Status, Theme
from veilig.consultations.models import SubjectInforming, TriageDecision
from veilig.consultations.notices import triage_outcome_notice
from veilig.consultations.selectors.triage import (
    triage_current_session,
    triage_session_cutoff,
    triage_waiting_count,
)
from veilig.consultations.services import triage_decide
from veilig.consultations.vocabulary import TriageOutcome
from veilig.testing.casework import case_for, radicalisation_table, synthetic_person
from veilig.testing.consultations import accepted_case, table_with
from veilig.testing.personas import persona, verified_client

pytestmark = pytest.mark.django_db

QUEUE = "/triage/"
# Sign-in and roles 6, the audit row 5, the page 6, the session 3, the header's unread count 1.
QUEUE_QUERY_BUDGET = 21


def _html(response: Any) -> str:
    return str(response.content.decode())


def _cutoff() -> dt.datetime:
    return triage_session_cutoff(session=triage_current_session(today=timezone.localdate()))


def _registered(case: Case, at: dt.datetime) -> Case:
    Case.objects.filter(pk=case.pk).update(registered_at=at)
    case.refresh_from_db()
    return case


def _ruth() -> User:
    """A coordinator who represents the radicalisation table: the only kind who sees its cases."""
    ruth = persona(
        "ruth", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.COORDINATOR]
    )
    radicalisation_table(representatives=[ruth])
    return ruth


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'id="{section_id}".*?</(section|aside)>', html, re.S)
    assert match, section_id
    return match.group(0)


def _earlier(html: str, case: Case) -> str:
    match = re.search(rf'id="triage-case-{case.pk}".*?data-earlier="(\d+)"', html, re.S)
    assert match
    return match.group(1)


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_splits_this_session_from_next_week(alice: User, bob: User) -> None:
    cutoff = _cutoff()
    early = _registered(case_for(bob), cutoff - dt.timedelta(hours=1))
    late = _registered(case_for(bob), cutoff + dt.timedelta(minutes=1))
    decided = accepted_case(alice, bob, table_with(representatives=[bob]))
    html = _html(verified_client(alice).get(QUEUE))
    session, later = _section(html, "session"), _section(html, "next-week")
    assert early.reference in session and late.reference not in session
    assert late.reference in later and early.reference not in later
    assert decided.reference not in html
    assert triage_current_session(today=timezone.localdate()).weekday() == 1


def test_sent_back_for_more_information_waits_for_next_week(alice: User) -> None:
    ruth = _ruth()
    others = [case_for(ruth), case_for(ruth)]  # so that no case id equals a decision id
    case = _registered(case_for(ruth, theme=Theme.RADICALISATION), _cutoff() - dt.timedelta(days=8))
    triage_decide(
        context=AuditContext.for_command(ruth),
        case_id=case.pk,
        outcome=TriageOutcome.MORE_INFORMATION,
        reason="Eerst het verhaal van de school.",
    )
    # Sent back at the session (after Monday noon): it waits for next week, as a registration
    # made then would.
    TriageDecision.objects.filter(case=case).update(decided_at=_cutoff() + dt.timedelta(hours=22))
    html = _html(verified_client(ruth).get(QUEUE))
    assert case.reference in _section(html, "next-week")
    # Sent back in an earlier week: in this week's session again.
    TriageDecision.objects.filter(case=case).update(decided_at=_cutoff() - dt.timedelta(days=6))
    html = _html(verified_client(ruth).get(QUEUE))
    assert case.reference in _section(html, "session")
    assert "Back in triage" in _section(html, "session")
    # Radicalisation cases stay out of the queue of a coordinator outside that table.
    assert case.reference not in _html(verified_client(alice).get(QUEUE))
    assert all(other.reference in _html(verified_client(alice).get(QUEUE)) for other in others)


def test_the_queue_shows_what_triage_needs(alice: User, bob: User) -> None:
    case = _registered(case_for(bob), _cutoff() - dt.timedelta(hours=2))
    html = _section(_html(verified_client(alice).get(QUEUE)), "session")
    assert "Problems in several life domains leading to crime, nuisance or decline" in html
    assert "Politie" in html  # the registering partner
    assert timezone.localtime(case.registered_at).strftime("%d-%m-%Y %H:%M") in html
    assert reverse("triage:decide", args=[case.pk]) in html


def test_earlier_cases_count_only_those_the_coordinator_may_see(alice: User, bob: User) -> None:
    ruth = _ruth()
    person = synthetic_person()
    older = _registered(case_for(bob, subject=person), _cutoff() - dt.timedelta(days=300))
    hidden = _registered(
        case_for(ruth, subject=person, theme=Theme.RADICALISATION),
        _cutoff() - dt.timedelta(days=200),
    )
    new = _registered(case_for(bob, subject=person), _cutoff() - dt.timedelta(hours=1))
    html = _html(verified_client(alice).get(QUEUE))
    assert _earlier(html, new) == "1"
    assert older.reference in html and hidden.reference not in html
    ruths = _html(verified_client(ruth).get(QUEUE))
    assert _earlier(ruths, new) == "2" and hidden.reference in ruths
    # The later case is no earlier case of the older one.
    assert _earlier(ruths, hidden) == "1"


def test_the_queue_writes_one_list_row_and_is_for_process_direction_only(
    alice: User, bob: User
) -> None:
    case_for(bob)
    before = AuditEntry.objects.count()
    assert verified_client(alice).get(QUEUE).status_code == 200
    rows = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(r.action, r.object_type, r.detail, r.purpose, r.result) for r in rows] == [
        ("list", "case", "triage", "triage", "granted")
    ]
    assert verified_client(bob).get(QUEUE).status_code == 404
    assert AuditEntry.objects.order_by("-seq").first().result == "denied"  # type: ignore[union-attr]


def test_the_queue_keeps_to_its_query_budget(
    alice: User, bob: User, django_assert_max_num_queries: Any
) -> None:
    client = verified_client(alice)

    def busy(n: int) -> None:
        for index in range(n):
            person = synthetic_person()
            case_for(bob, subject=person)
            _registered(case_for(bob, subject=person), _cutoff() + dt.timedelta(minutes=index))
            record = SubjectInforming(
                case=case_for(bob),
                postponed_reason="Lopend onderzoek.",
                review_on=timezone.localdate() - dt.timedelta(days=1),
                recorded_by=alice,
            )
            record.save()

    busy(2)
    client.get(QUEUE)
    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET) as few:
        assert client.get(QUEUE).status_code == 200
    busy(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(QUEUE).status_code == 200


# --- The decision ---------------------------------------------------------------------------


def test_the_decision_page_offers_the_routes_and_the_right_tables(alice: User, bob: User) -> None:
    ico = table_with(representatives=[bob])
    case = case_for(bob)
    before = AuditEntry.objects.count()
    html = _html(verified_client(alice).get(reverse("triage:decide", args=[case.pk])))
    rows = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(r.action, r.object_type, r.object_id, r.purpose) for r in rows] == [
        ("read", "case", str(case.pk), "triage")
    ]
    for outcome in ("accept", "bilateral", "local", "not_accepted"):
        assert f'value="{outcome}"' in html
    assert 'value="no_action"' not in html and 'value="zvh_table"' not in html
    assert f'<option value="{ico.pk}"' in html
    assert case.subject_full_name in html


def test_a_radicalisation_case_gets_the_weegploeg_outcomes(alice: User, bob: User) -> None:
    ruth = _ruth()
    ico = table_with(representatives=[bob])
    rad = Table.objects.get(theme=Theme.RADICALISATION)
    case = case_for(ruth, theme=Theme.RADICALISATION)
    html = _html(verified_client(ruth).get(reverse("triage:decide", args=[case.pk])))
    for outcome in ("no_action", "more_information", "zvh_table", "criminal_law"):
        assert f'value="{outcome}"' in html
    assert 'value="accept"' not in html
    assert f'<option value="{rad.pk}"' in html and f'<option value="{ico.pk}"' not in html
    assert verified_client(alice).get(reverse("triage:decide", args=[case.pk])).status_code == 404


def test_every_error_in_one_round_and_nothing_changes(alice: User, bob: User) -> None:
    case = case_for(bob)
    before = AuditEntry.objects.count()
    response = verified_client(alice).post(
        reverse("triage:decide", args=[case.pk]), {"outcome": "accept", "reason": " "}
    )
    html = _html(response)
    assert response.status_code == 200
    assert 'id="form-errors"' in html
    assert "Give a reason for this decision." in html
    assert "Choose the case table that takes the case." in html
    assert 'href="#id_table"' in html and 'href="#id_reason"' in html
    assert not TriageDecision.objects.exists()
    assert AuditEntry.objects.count() == before  # nothing parsed, nothing opened


def test_a_decision_in_one_step_goes_back_to_the_queue(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    case = case_for(bob)
    client = verified_client(alice)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("triage:decide", args=[case.pk]),
        {"outcome": "accept", "table": table.pk, "reason": "Meervoudig.", "kind": "general"},
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert AuditEntry.objects.count() == before + 1
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.table == table
    decision = TriageDecision.objects.get(case=case)
    assert (decision.outcome, decision.decided_by) == (TriageOutcome.ACCEPT, alice)
    html = _html(client.get(QUEUE))
    assert f"The triage decision on case {case.reference} has been recorded." in html
    # Decided: the page says so and offers no form.
    again = _html(client.get(reverse("triage:decide", args=[case.pk])))
    assert "This case has already been triaged." in again and "<form" not in again.split("main")[1]


def test_a_forged_table_is_refused_by_the_service(alice: User, bob: User) -> None:
    ruth = _ruth()
    rad = Table.objects.get(theme=Theme.RADICALISATION)
    table_with(representatives=[bob])
    case = case_for(bob)
    response = verified_client(ruth).post(
        reverse("triage:decide", args=[case.pk]),
        {"outcome": "accept", "table": rad.pk, "reason": "Meervoudig.", "kind": "weegploeg"},
    )
    # The weegploeg's outcomes were offered: "accept" is no choice of it.
    assert response.status_code == 200 and not TriageDecision.objects.exists()
    response = verified_client(ruth).post(
        reverse("triage:decide", args=[case.pk]),
        {"outcome": "zvh_table", "table": rad.pk, "reason": "Meervoudig.", "kind": "weegploeg"},
    )
    assert response.status_code == 200 and "does not apply to this case" in _html(response)
    assert not TriageDecision.objects.exists()


# --- Telling the registering partner -------------------------------------------------------


def test_the_registering_partner_is_told_while_they_see_the_case(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    case = case_for(bob)
    decision = triage_decide(
        context=AuditContext.for_command(alice),
        case_id=case.pk,
        outcome=TriageOutcome.ACCEPT,
        reason="Meervoudig.",
        table_id=table.pk,
    )
    assert triage_outcome_notice(decision) == [bob]
    Participant.objects.filter(case=case, organisation=bob.organisation).delete()
    assert triage_outcome_notice(decision) == []


def test_a_registrant_outside_the_radicalisation_table_is_not_told(bob: User) -> None:
    ruth = _ruth()
    case = case_for(bob, theme=Theme.RADICALISATION)
    decision = triage_decide(
        context=AuditContext.for_command(ruth),
        case_id=case.pk,
        outcome=TriageOutcome.NO_ACTION,
        reason="Geen zorgen.",
    )
    assert triage_outcome_notice(decision) == []
    Table.objects.get(theme=Theme.RADICALISATION).representatives.add(bob)
    assert triage_outcome_notice(decision) == [bob]


# --- Informing the subject ----------------------------------------------------------------


def test_informing_is_recorded_and_shown_on_the_case(alice: User, bob: User) -> None:
    case = accepted_case(alice, bob, table_with(representatives=[bob]))
    client = verified_client(alice)
    detail = reverse("cases:detail", args=[case.pk])
    assert "Not recorded yet" in _html(client.get(detail))
    assert reverse("triage:inform", args=[case.pk]) in _html(client.get(detail))
    url = reverse("triage:inform", args=[case.pk])
    response = client.post(url, {"step": "informed", "informed_on": "01-12-2026"})
    assert response.status_code == 302 and response["Location"] == detail
    assert "Person informed on 01-12-2026" in _html(client.get(detail))
    review = (timezone.localdate() + dt.timedelta(days=30)).strftime("%d-%m-%Y")
    client.post(
        url, {"step": "postponed", "postponed_reason": "Lopend onderzoek.", "review_on": review}
    )
    html = _html(client.get(detail))
    assert f"Postponed until {review}: Lopend onderzoek." in html
    # A partner sees how it stands, without the link.
    partner = _html(verified_client(bob).get(detail))
    assert "Postponed until" in partner and url not in partner


def test_informing_errors_in_one_round(alice: User, bob: User) -> None:
    case = accepted_case(alice, bob, table_with(representatives=[bob]))
    url = reverse("triage:inform", args=[case.pk])
    html = _html(verified_client(alice).post(url, {"step": "postponed"}))
    assert "Give the reason for postponing." in html
    assert "Choose a review date after today." in html
    past = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    html = _html(
        verified_client(alice).post(
            url, {"step": "postponed", "postponed_reason": "Onderzoek.", "review_on": past}
        )
    )
    assert "Choose a review date after today." in html
    assert not SubjectInforming.objects.exists()


def test_a_table_that_does_not_inform_shows_nothing(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    Table.objects.filter(pk=table.pk).update(subject_informed=False)
    case = accepted_case(alice, bob, table)
    assert 'id="informing"' not in _html(
        verified_client(alice).get(reverse("cases:detail", args=[case.pk]))
    )


def test_postponed_informing_past_its_review_date_is_on_the_triage_page(
    alice: User, bob: User
) -> None:
    due = accepted_case(alice, bob, table_with(representatives=[bob]))
    later = case_for(bob)
    for case, days in ((due, -1), (later, 5)):
        SubjectInforming.objects.create(
            case=case,
            postponed_reason="Lopend onderzoek.",
            review_on=timezone.localdate() + dt.timedelta(days=days),
            recorded_by=alice,
        )
    side = _section(_html(verified_client(alice).get(QUEUE)), "informing-review")
    assert due.reference in side and later.reference not in side
    assert reverse("triage:inform", args=[due.pk]) in side


# --- The case page and the home page -------------------------------------------------------


def test_the_status_form_leaves_triage_outcomes_to_triage(alice: User, bob: User) -> None:
    case = case_for(bob)
    case_transition(
        context=AuditContext.for_command(alice), case_id=case.pk, to_status=Status.TRIAGE
    )
    client = verified_client(alice)
    html = _html(client.get(reverse("cases:transition", args=[case.pk])))
    assert f'value="{Status.ACCEPTED}"' not in html and f'value="{Status.LOCAL}"' not in html
    assert reverse("triage:decide", args=[case.pk]) in html
    assert "the workflow ends here" not in html
    detail = _html(client.get(reverse("cases:detail", args=[case.pk])))
    assert reverse("triage:decide", args=[case.pk]) in detail
    assert reverse("cases:transition", args=[case.pk]) not in detail


def test_the_home_page_counts_the_cases_of_this_session(alice: User, bob: User) -> None:
    _registered(case_for(bob), _cutoff() - dt.timedelta(hours=1))
    _registered(case_for(bob), _cutoff() + dt.timedelta(hours=1))
    from veilig.access.policy import cases_visible_to

    assert triage_waiting_count(visible=cases_visible_to(alice), today=timezone.localdate()) == 1
    html = _html(verified_client(alice).get(reverse("web:home")))
    item = re.search(r'href="/triage/">[^<]*</a>: <strong[^>]*>(\d+)<', html)
    assert item and item.group(1) == "1"
    assert f'href="{QUEUE}"' in html


def test_navigation_has_triage_for_coordinators_only(
    alice_client: Client, bob_client: Client
) -> None:
    assert f'href="{QUEUE}"' in _html(alice_client.get(reverse("cases:list")))
    assert f'href="{QUEUE}"' not in _html(bob_client.get(reverse("cases:list")))
