"""The consultations API: the same services and choke points as the pages, one audit row per
request, 404 for what one may not see, 400 in the house format for what the services refuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.cases.models import Action, Case
from veilig.cases.vocabulary import Scope, Status, Theme
from veilig.consultations.models import AgendaItem, Decision, Meeting
from veilig.testing.casework import case_for, contribution, ggz
from veilig.testing.consultations import accepted_case, meeting_of, table_with
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Queries of one read, the session, the second factor and the audit row included.
MEETING_READ_QUERY_BUDGET = 40
ITEM_READ_QUERY_BUDGET = 32


class Api:
    """A signed-in client that checks every request writes exactly ``rows`` audit rows."""

    def __init__(self, user: User) -> None:
        self.client: Client = verified_client(user)

    def call(self, method: str, path: str, data: Any = None, *, rows: int = 1) -> Any:
        before = AuditEntry.objects.count()
        send = getattr(self.client, method)
        if method == "get":
            response = send(f"{API}{path}")
        else:
            response = send(f"{API}{path}", data or {}, content_type="application/json")
        written = AuditEntry.objects.count() - before
        assert written == rows, f"{method.upper()} {path}: {written} audit rows, wanted {rows}"
        return response


def _last_row() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


def test_the_full_flow_triage_meeting_statement_item_minutes_decision_action(
    alice: User, bob: User, hank: User
) -> None:
    table = table_with(representatives=[bob, hank])
    police = bob.organisation
    assert police is not None
    case = case_for(bob, participants=[ggz()])
    director, partner = Api(alice), Api(bob)

    queue = director.call("get", "/triage/")
    assert queue.status_code == 200
    [row] = [r for r in queue.json()["results"] if r["id"] == case.pk]
    assert row["outcomes"] == ["accept", "bilateral", "local", "not_accepted"]
    assert dt.date.fromisoformat(row["session"]).weekday() == 1  # a Tuesday

    decided = director.call(
        "post",
        f"/cases/{case.pk}/triage-decision/",
        {"outcome": "accept", "reason": "Meervoudige problematiek.", "table": table.pk},
    )
    assert decided.status_code == 201, decided.json()
    assert decided.json()["table"]["id"] == table.pk
    assert (_last_row().action, _last_row().object_type) == ("create", "triage_decision")
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED

    review = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    informing = director.call(
        "put",
        f"/cases/{case.pk}/subject-informing/",
        {"postponed_reason": "Lopend politieonderzoek.", "review_on": review},
    )
    assert informing.status_code == 200 and informing.json()["postponed"] is True

    starts = (timezone.now() + dt.timedelta(days=7)).isoformat()
    scheduled = director.call(
        "post", "/meetings/", {"table": table.pk, "starts_at": starts, "place": "Zaal 2"}
    )
    assert scheduled.status_code == 201, scheduled.json()
    meeting_id = scheduled.json()["id"]
    assert scheduled.json()["chair"]["id"] == alice.pk

    listed = partner.call("get", "/meetings/", rows=0)  # no personal data: no row
    assert [m["id"] for m in listed.json()["results"]] == [meeting_id]

    # Before the statement the agenda names no case, not even to the chair.
    before = director.call("get", f"/meetings/{meeting_id}/").json()
    [entry] = before["agenda"]
    assert before["statement_recorded"] is False
    assert entry["shown"] is False and entry["case"] is None and entry["reason"] == "new"
    assert director.call("get", f"/agenda-items/{entry['id']}/").status_code == 404

    assert director.call("post", f"/meetings/{meeting_id}/statement/").status_code == 200
    attended = director.call("post", f"/meetings/{meeting_id}/attendance/", {"user": hank.pk})
    assert attended.status_code == 201 and attended.json()["incidental"] is False
    after = director.call("get", f"/meetings/{meeting_id}/").json()
    assert after["agenda"][0]["case"]["reference"] == case.reference
    assert {a["user"]["id"] for a in after["attendance"]} == {alice.pk, hank.pk}

    # The chair adds a second case and puts it first.
    second = accepted_case(alice, bob, table)
    # Acceptance put it on the agenda by itself; take it off to let the chair add it.
    AgendaItem.objects.filter(meeting_id=meeting_id, case=second).delete()
    added = director.call("post", f"/meetings/{meeting_id}/agenda-items/", {"case": second.pk})
    assert added.status_code == 201 and added.json()["reason"] == "added"
    moved = director.call(
        "post",
        f"/meetings/{meeting_id}/agenda-items/move/",
        {"item": added.json()["id"], "position": 1},
    )
    assert moved.status_code == 200
    assert [i["id"] for i in moved.json()] == [added.json()["id"], entry["id"]]

    item = f"/agenda-items/{entry['id']}"
    minutes = director.call(
        "put", f"{item}/minutes/", {"beeld": "Beeld.", "oordeel": "Oordeel.", "besluit": "Besluit."}
    )
    assert minutes.status_code == 200 and minutes.json()["minuted_by"]["id"] == alice.pk
    decision = director.call("post", f"{item}/decisions/", {"text": "Politie legt huisbezoek af."})
    assert decision.status_code == 201
    deadline = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    action = director.call(
        "post",
        f"{item}/actions/",
        {"description": "Huisbezoek", "owner_organisation": police.pk, "deadline": deadline},
    )
    assert action.status_code == 201, action.json()

    shown = director.call("get", f"{item}/").json()
    assert shown["case"]["id"] == case.pk and shown["minutes"]["besluit"] == "Besluit."
    assert [d["id"] for d in shown["decisions"]] == [decision.json()["id"]]
    [at_item] = shown["actions"]
    assert at_item["kind"] == "agreed" and at_item["action"]["id"] == action.json()["id"]
    assert [(h["item"], h["kind"]) for h in at_item["history"]] == [(entry["id"], "agreed")]
    row = _last_row()
    assert (row.object_type, row.subject_person_id) == ("agenda_item", case.subject_id)

    # The owner records the action done through the casework API's own endpoint.
    done = partner.call(
        "patch", f"/actions/{action.json()['id']}/", {"status": "done", "result": "Gedaan."}
    )
    assert done.status_code == 200 and done.json()["status"] == "done"

    held = director.call("post", f"/meetings/{meeting_id}/transition/", {"to_status": "held"})
    assert held.status_code == 200 and held.json()["status"] == "held"


def test_a_partner_without_a_statement_gets_404_on_the_item(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    accepted_case(alice, bob, table)
    meeting = meeting_of(alice, table)
    [item] = meeting.items.all()
    partner = Api(bob)
    refused = partner.call("get", f"/agenda-items/{item.pk}/")
    assert refused.status_code == 404
    assert _last_row().result == "denied"
    agenda = partner.call("get", f"/meetings/{meeting.pk}/").json()["agenda"]
    assert [(e["shown"], e["case"]) for e in agenda] == [(False, None)]
    assert partner.call("post", f"/meetings/{meeting.pk}/statement/").status_code == 200
    assert partner.call("get", f"/agenda-items/{item.pk}/").status_code == 200
    # Writing at the item stays process direction's.
    minutes = partner.call("put", f"/agenda-items/{item.pk}/minutes/", {"beeld": "x"})
    assert minutes.status_code == 404


def test_a_ggz_attendee_does_not_see_a_police_source_contribution(
    alice: User, bob: User, hank: User
) -> None:
    table = table_with(representatives=[bob, hank])
    case = accepted_case(alice, bob, table, participants=[ggz()])
    police_only = contribution(case, bob, scope=Scope.SOURCE)
    shared = contribution(case, bob, scope=Scope.PARTICIPANTS)
    meeting = meeting_of(alice, table)
    [item] = meeting.items.all()
    seen = {}
    for user in (hank, bob):
        api = Api(user)
        assert api.call("post", f"/meetings/{meeting.pk}/statement/").status_code == 200
        response = api.call("get", f"/agenda-items/{item.pk}/")
        assert response.status_code == 200
        seen[user.username] = {c["id"] for c in response.json()["contributions"]}
        assert police_only.text not in response.content.decode() or user == bob
    assert seen["hank"] == {shared.pk}
    assert seen["bob"] == {shared.pk, police_only.pk}


def test_bad_input_is_a_400_in_the_house_format_and_changes_nothing(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    case = accepted_case(alice, bob, table)
    meeting = meeting_of(alice, table)
    [item] = meeting.items.all()
    director = Api(alice)
    director.call("post", f"/meetings/{meeting.pk}/statement/")

    # Refused by the service: one row for the attempt ('invalid'), nothing stored.
    empty = director.call("put", f"/agenda-items/{item.pk}/minutes/", {"beeld": "", "besluit": ""})
    assert empty.status_code == 400 and list(empty.json()) == ["non_field_errors"]
    assert "invalid" in _last_row().detail
    item.refresh_from_db()
    assert not item.minuted and item.minuted_at is None
    blank = director.call("post", f"/agenda-items/{item.pk}/decisions/", {"text": "   "}, rows=0)
    assert blank.status_code == 400 and list(blank.json()) == ["text"]
    assert not Decision.objects.exists()
    nowhere = director.call(
        "post",
        "/meetings/",
        {"table": table.pk, "starts_at": timezone.now().isoformat(), "place": " "},
    )
    assert nowhere.status_code == 400 and list(nowhere.json()) == ["place"]
    assert Meeting.objects.count() == 1
    radical = director.call(
        "post",
        f"/cases/{case_for(bob).pk}/triage-decision/",
        {"outcome": "zvh_table", "reason": "x", "table": table.pk},
    )
    assert radical.status_code == 400 and list(radical.json()) == ["outcome"]
    assert Case.objects.filter(status=Status.REGISTERED, theme=Theme.ICO).count() == 1
    owner = ggz()
    stranger = director.call(
        "post",
        f"/agenda-items/{item.pk}/actions/",
        {
            "description": "x",
            "owner_organisation": owner.pk,
            "deadline": timezone.localdate().isoformat(),
        },
    )
    assert stranger.status_code == 400 and list(stranger.json()) == ["owner_organisation"]
    assert not Action.objects.filter(case=case).exists()

    # Input that does not parse: 400 before anything is opened, no row.
    unparsed = director.call(
        "post", f"/meetings/{meeting.pk}/transition/", {"to_status": "x"}, rows=0
    )
    assert unparsed.status_code == 400 and list(unparsed.json()) == ["to_status"]
    assert Meeting.objects.get().status == "planned"


def test_the_meeting_read_has_a_fixed_query_budget(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    accepted_case(alice, bob, table)
    meeting = meeting_of(alice, table)
    director = Api(alice)
    director.call("post", f"/meetings/{meeting.pk}/statement/")

    def queries() -> int:
        director.call("get", f"/meetings/{meeting.pk}/")  # refreshes the agenda first
        with CaptureQueriesContext(connection) as captured:
            response = director.call("get", f"/meetings/{meeting.pk}/")
        assert response.status_code == 200
        return len(captured)

    one = queries()
    for _ in range(4):
        accepted_case(alice, bob, table)
    five = queries()
    assert len(director.call("get", f"/meetings/{meeting.pk}/").json()["agenda"]) == 5
    print(f"meeting read: {one} queries with 1 item, {five} with 5")
    assert one == five <= MEETING_READ_QUERY_BUDGET, (one, five)


def test_the_item_read_has_a_fixed_query_budget(alice: User, bob: User) -> None:
    table = table_with(representatives=[bob])
    case = accepted_case(alice, bob, table)
    meeting = meeting_of(alice, table)
    [item] = meeting.items.all()
    director = Api(alice)
    director.call("post", f"/meetings/{meeting.pk}/statement/")
    police = bob.organisation
    assert police is not None

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = director.call("get", f"/agenda-items/{item.pk}/")
        assert response.status_code == 200
        return len(captured)

    def add_one() -> None:
        contribution(case, bob, scope=Scope.PARTICIPANTS)
        path = f"/agenda-items/{item.pk}"
        director.call("post", f"{path}/decisions/", {"text": "Besluit."})
        director.call(
            "post",
            f"{path}/actions/",
            {
                "description": "Actie",
                "owner_organisation": police.pk,
                "deadline": timezone.localdate().isoformat(),
            },
        )

    add_one()
    one = queries()
    for _ in range(3):
        add_one()
    more = queries()
    print(f"item read: {one} queries with 1 of each, {more} with 4")
    assert more == one <= ITEM_READ_QUERY_BUDGET, (one, more)


def test_the_triage_queue_counts_earlier_cases_the_coordinator_may_see(
    alice: User, bob: User
) -> None:
    from veilig.testing.casework import synthetic_person

    person = synthetic_person()
    case_for(bob, subject=person)
    case_for(bob, subject=person, theme=Theme.RADICALISATION)  # not alice's to see
    latest = case_for(bob, subject=person)
    rows = Api(alice).call("get", "/triage/").json()["results"]
    counts = {row["id"]: row["earlier_cases"] for row in rows}
    assert counts[latest.pk] == 1
    assert len(counts) == 2  # the radicalisation case is not in her queue
    assert Api(bob).call("get", "/triage/").status_code == 404
