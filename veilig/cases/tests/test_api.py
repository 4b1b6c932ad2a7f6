"""The casework API, persona by persona and relation by relation.

Every request that reaches data writes exactly one audit row; a denied or unknown object is a
404; input the API cannot parse is a 400 that writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.cases.models import (
    Action,
    BreakGlass,
    Case,
    Contribution,
    Document,
    StatusChange,
    Table,
)
from veilig.cases.vocabulary import ActionStatus, Scope, Status, Theme
from veilig.registry.models import Person
from veilig.testing.casework import case_for, contribution
from veilig.testing.personas import verified_client
from veilig.tests.world import BSN, World, build_world, hank, use_temporary_document_storage

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def hank_user(db: None) -> User:
    return hank()


@pytest.fixture
def world(alice, bob, hank_user, monkeypatch, tmp_path) -> World:
    use_temporary_document_storage(monkeypatch, tmp_path)
    return build_world(alice=alice, bob=bob, hank=hank_user)


@pytest.fixture
def client_for(request) -> Callable[[str], Client]:
    """A verified client for a persona by name; 'anonymous' gives a signed-out client."""

    def make(name: str) -> Client:
        if name == "anonymous":
            return Client()
        user = request.getfixturevalue("hank_user" if name == "hank" else name)
        return verified_client(user)

    return make


class AuditCounter:
    def __init__(self) -> None:
        self.start = AuditEntry.objects.count()

    def new(self) -> list[AuditEntry]:
        return list(AuditEntry.objects.order_by("seq")[self.start :])


def _one_row(counter: AuditCounter) -> AuditEntry:
    rows = counter.new()
    assert len(rows) == 1, [(r.action, r.object_type, r.result) for r in rows]
    row = rows[0]
    assert row.channel == "api"
    return row


def _url(name: str, pk: int | None = None) -> str:
    return reverse(f"api:{name}", args=[pk] if pk is not None else None)


# --- Reading: who sees what ------------------------------------------------------------------

# persona → expected status for the shared case (bob's police registered it, GGZ takes part)
READERS = [
    ("alice", 200),  # coordinator
    ("bob", 200),  # registering partner
    ("hank", 200),  # invited partner (GGZ)
    ("carol", 404),  # team member of the police: no case content
    ("dave", 404),
    ("erin", 404),
    ("frank", 404),
    ("grace", 404),
]


@pytest.mark.parametrize(("who", "expected"), READERS)
def test_case_detail_per_persona(world, client_for, who, expected) -> None:
    counter = AuditCounter()
    response = client_for(who).get(_url("case-detail", world.shared.pk))
    assert response.status_code == expected
    row = _one_row(counter)
    assert (row.object_type, row.object_id, row.action) == ("case", str(world.shared.pk), "read")
    assert row.result == (AuditResult.GRANTED if expected == 200 else AuditResult.DENIED)
    if expected == 404:
        assert world.shared.reference not in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "hank"])
def test_partner_of_another_organisation_gets_404(world, client_for, who) -> None:
    other = world.ggz_only if who == "bob" else world.police_only
    counter = AuditCounter()
    response = client_for(who).get(_url("case-detail", other.pk))
    assert response.status_code == 404
    assert _one_row(counter).result == AuditResult.DENIED


def test_unknown_and_denied_cases_answer_alike(world, client_for) -> None:
    bob = client_for("bob")
    denied = bob.get(_url("case-detail", world.ggz_only.pk), **EN)
    unknown = bob.get(_url("case-detail", 999_999), **EN)
    assert denied.status_code == unknown.status_code == 404
    assert denied.json() == unknown.json() == {"detail": "Not found."}


def test_radicalisation_case_is_404_even_for_the_coordinator(world, client_for) -> None:
    response = client_for("alice").get(_url("case-detail", world.radicalisation.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["case-list", "case-detail", "person-detail"])
def test_anonymous_is_refused(world, name) -> None:
    counter = AuditCounter()
    pk = world.shared.pk if name == "case-detail" else world.shared.subject_id
    response = Client().get(_url(name, None if name == "case-list" else pk))
    assert response.status_code == 403
    assert counter.new() == []


def test_anonymous_cannot_write(world) -> None:
    response = Client().post(
        _url("case-contributions", world.shared.pk),
        {"text": "x", "data_category": "police", "legal_basis": "wpg_16", "scope": "source"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Contribution.objects.filter(text="x").exists()


def test_detail_respects_sharing_scopes(world, client_for) -> None:
    c = world.contributions
    expected = {
        # the coordinator: shared + coordination + own organisation's
        "alice": {c["politie:participants"], c["politie:coordination"], c["gemeente:source"]},
        # the source sees all of its own
        "bob": {c["politie:participants"], c["politie:coordination"], c["politie:source"]},
        # another participant: shared + own
        "hank": {c["politie:participants"], c["ggz:source"]},
    }
    for who, items in expected.items():
        body = client_for(who).get(_url("case-detail", world.shared.pk)).json()
        assert {item["id"] for item in body["contributions"]} == {i.pk for i in items}, who
        documents = {item["id"] for item in body["documents"]}
        assert world.shared_document.pk in documents
        assert (world.source_document.pk in documents) == (who == "bob"), who
        assert BSN not in str(body)


def test_detail_shows_summary_participants_plan_actions_and_timeline(world, client_for) -> None:
    body = client_for("alice").get(_url("case-detail", world.shared.pk)).json()
    assert body["case"]["reference"] == world.shared.reference
    assert body["case"]["subject"]["full_name"].startswith("Jansje")
    assert body["case"]["criteria"]["multi_domain"] is True
    assert body["case"]["stadsdeel"]["name"] == "Centrum"
    assert {p["organisation"]["code"] for p in body["participants"]} == {"politie", "ggz"}
    assert body["plan"]["goals"].startswith("Stabiele")
    assert [a["id"] for a in body["actions"]] == [world.overdue_action.pk]
    assert {entry["kind"] for entry in body["timeline"]} >= {"status", "contribution", "action"}


def test_detail_query_count_does_not_grow_with_items(world, client_for, bob) -> None:
    alice = client_for("alice")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert alice.get(_url("case-detail", world.shared.pk)).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for _ in range(5):
        contribution(world.shared, bob, scope=Scope.PARTICIPANTS)
    assert queries() == before


@pytest.mark.parametrize(
    ("who", "key", "expected"),
    [
        ("alice", "politie:coordination", 200),
        ("alice", "politie:source", 404),
        ("hank", "politie:participants", 200),
        ("hank", "politie:coordination", 404),
        ("carol", "politie:participants", 404),
    ],
)
def test_contribution_endpoint_follows_scope(world, client_for, who, key, expected) -> None:
    counter = AuditCounter()
    item = world.contributions[key]
    response = client_for(who).get(_url("contribution-detail", item.pk))
    assert response.status_code == expected
    row = _one_row(counter)
    assert (row.object_type, row.object_id) == ("contribution", str(item.pk))
    if expected == 200:
        assert response.json()["text"] == item.text


@pytest.mark.parametrize(
    ("who", "expected"), [("alice", 200), ("hank", 200), ("carol", 404), ("frank", 404)]
)
def test_person_endpoint(world, client_for, who, expected) -> None:
    counter = AuditCounter()
    response = client_for(who).get(_url("person-detail", world.shared.subject_id))
    assert response.status_code == expected
    row = _one_row(counter)
    assert (row.object_type, row.subject_person_id) == ("person", world.shared.subject_id)
    if expected == 200:
        body = response.json()
        assert body["has_bsn"] is True
        assert BSN not in response.content.decode()
        assert [case["reference"] for case in body["cases"]] == [world.shared.reference]


@pytest.mark.parametrize(
    ("who", "document", "expected"),
    [
        ("alice", "shared", 200),
        ("hank", "shared", 200),
        ("bob", "source", 200),
        ("hank", "source", 404),
        ("alice", "source", 404),
        ("carol", "shared", 404),
    ],
)
def test_document_download(world, client_for, who, document, expected) -> None:
    item = world.shared_document if document == "shared" else world.source_document
    counter = AuditCounter()
    response = client_for(who).get(_url("document-download", item.pk))
    assert response.status_code == expected
    row = _one_row(counter)
    assert (row.object_type, row.action) == ("document", AuditAction.DOWNLOAD)
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert item.original_name in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
        expected_content = b"Synthetisch verslag." if document == "shared" else b"Alleen politie."
        assert b"".join(response.streaming_content) == expected_content


# --- Lists and search ------------------------------------------------------------------------


def _references(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


def test_list_per_persona(world, client_for) -> None:
    w = world
    assert _references(client_for("alice").get(_url("case-list"))) == {
        w.shared.reference,
        w.police_only.reference,
        w.ggz_only.reference,
    }
    assert _references(client_for("bob").get(_url("case-list"))) == {
        w.shared.reference,
        w.police_only.reference,
    }
    assert _references(client_for("hank").get(_url("case-list"))) == {
        w.shared.reference,
        w.ggz_only.reference,
    }


@pytest.mark.parametrize("who", ["carol", "dave", "erin", "frank", "grace"])
def test_list_is_404_without_a_case_role(world, client_for, who) -> None:
    counter = AuditCounter()
    assert client_for(who).get(_url("case-list")).status_code == 404
    row = _one_row(counter)
    assert (row.action, row.result) == (AuditAction.LIST, AuditResult.DENIED)


def test_list_writes_one_row_and_pages(world, client_for) -> None:
    counter = AuditCounter()
    response = client_for("alice").get(_url("case-list"), {"limit": 2, "ordering": "reference"})
    body = response.json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert "offset=2" in body["next"]
    assert _one_row(counter).action == AuditAction.LIST
    first = body["results"][0]
    assert set(first) >= {
        "id",
        "reference",
        "theme",
        "status",
        "subject",
        "next_deadline",
        "overdue_actions",
    }


def test_list_filters(world, client_for, hank_user) -> None:
    alice = client_for("alice")
    w = world
    assert _references(alice.get(_url("case-list"), {"theme": Theme.NUISANCE})) == {
        w.police_only.reference
    }
    assert _references(alice.get(_url("case-list"), {"overdue": "true"})) == {w.shared.reference}
    assert _references(alice.get(_url("case-list"), {"stadsdeel": w.stadsdeel.pk})) == {
        w.shared.reference
    }
    assert _references(alice.get(_url("case-list"), {"partner": hank_user.organisation_id})) == {
        w.shared.reference,
        w.ggz_only.reference,
    }
    assert _references(alice.get(_url("case-list"), {"status": Status.TRIAGE})) == set()
    rows = alice.get(_url("case-list"), {"overdue": "true"}).json()["results"]
    assert rows[0]["overdue_actions"] == 1


@pytest.mark.parametrize(
    "params",
    [{"theme": "unknown"}, {"ordering": "subject__bsn"}, {"partner": "abc"}, {"status": "x"}],
)
def test_list_rejects_bad_filters(world, client_for, params) -> None:
    counter = AuditCounter()
    response = client_for("alice").get(_url("case-list"), params, **EN)
    assert response.status_code == 400
    assert set(response.json()) == set(params)
    assert counter.new() == []


def test_search_by_bsn_in_the_body_leaves_no_bsn_in_the_log(world, client_for) -> None:
    counter = AuditCounter()
    response = client_for("alice").post(
        _url("case-search"), {"query": BSN}, content_type="application/json"
    )
    assert _references(response) == {world.shared.reference}
    row = _one_row(counter)
    assert row.action == AuditAction.SEARCH
    assert row.detail.startswith("search:bsn:")
    for entry in AuditEntry.objects.all():
        assert BSN not in str([getattr(entry, f.attname) for f in AuditEntry._meta.fields])


def test_search_by_name_and_date_of_birth(world, client_for) -> None:
    alice = client_for("alice")
    subject = world.shared.subject
    assert subject.date_of_birth is not None
    for query in ["Jansje", subject.date_of_birth.strftime("%d-%m-%Y")]:
        response = alice.post(
            _url("case-search"), {"query": query}, content_type="application/json"
        )
        assert world.shared.reference in _references(response), query


def test_search_respects_visibility(world, client_for) -> None:
    # GGZ's case is not visible to bob, whatever he searches for.
    name = world.ggz_only.subject.first_name
    response = client_for("bob").post(
        _url("case-search"), {"query": name}, content_type="application/json"
    )
    assert _references(response) == set()


def test_search_needs_a_query(world, client_for) -> None:
    response = client_for("alice").post(
        _url("case-search"), {}, content_type="application/json", **EN
    )
    assert response.status_code == 400
    assert response.json() == {"query": ["This field is required."]}


def test_search_is_404_without_a_case_role(world, client_for) -> None:
    response = client_for("carol").post(
        _url("case-search"), {"query": BSN}, content_type="application/json"
    )
    assert response.status_code == 404


# --- Registration ----------------------------------------------------------------------------


def _registration(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "person": {
            "first_name": "Pietje",
            "last_name": "Proef",
            "date_of_birth": "1991-02-03",
            "bsn": BSN,
        },
        "theme": Theme.YOUTH,
        "reason": "Zorgen over schoolverzuim en overlast.",
        "criteria": {"multi_domain": True},
    }
    data.update(overrides)
    return data


def test_register_creates_person_and_case(world, client_for, bob) -> None:
    counter = AuditCounter()
    response = client_for("bob").post(
        _url("case-list"),
        _registration(stadsdeel=world.stadsdeel.pk),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.registering_organisation == bob.organisation
    assert case.status == Status.REGISTERED
    assert case.stadsdeel == world.stadsdeel
    # The world's person holds this BSN: the case is linked to them, and keeps the details
    # as registered (docs/casework.md, "One person, once").
    assert case.subject == world.shared.subject
    assert (case.subject_first_name, body["subject"]["full_name"]) == ("Pietje", "Pietje Proef")
    assert case.subject.bsn_digest  # stored (encrypted), never returned
    assert BSN not in response.content.decode()
    row = _one_row(counter)
    assert (row.action, row.object_type, row.subject_person_id) == (
        AuditAction.CREATE,
        "case",
        case.subject_id,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"criteria": {"multi_domain": False}},
            "non_field_errors",
            "Tick at least one admission criterion.",
        ),
        ({"reason": "   "}, "reason", "This field may not be blank."),
        (
            {"person": {"first_name": "A", "last_name": "B", "bsn": "123456789"}},
            "bsn",
            "This is not a valid BSN (9 digits that pass the 11-check).",
        ),
        ({"theme": "onbekend"}, "theme", '"onbekend" is not a valid choice.'),
        ({"person": {"last_name": "B"}}, "person", None),
        ({"stadsdeel": 999_999}, "stadsdeel", None),
    ],
)
def test_register_rejects_bad_input_and_writes_nothing(
    world, client_for, overrides, field, message
) -> None:
    before = (Person.objects.count(), Case.objects.count(), AuditEntry.objects.count())
    response = client_for("bob").post(
        _url("case-list"), _registration(**overrides), content_type="application/json", **EN
    )
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    if message:
        assert body[field] == [message]
    assert (Person.objects.count(), Case.objects.count(), AuditEntry.objects.count()) == before


def test_register_by_a_role_without_casework_writes_nothing(world, client_for) -> None:
    before = (Person.objects.count(), Case.objects.count())
    counter = AuditCounter()
    response = client_for("carol").post(
        _url("case-list"), _registration(), content_type="application/json", **EN
    )
    assert response.status_code == 404
    assert (Person.objects.count(), Case.objects.count()) == before
    row = _one_row(counter)
    assert (row.result, row.object_type, row.action) == ("denied", "case", "create")


# --- Writes on a case ------------------------------------------------------------------------


def test_transition_by_the_coordinator(world, client_for) -> None:
    counter = AuditCounter()
    response = client_for("alice").post(
        _url("case-transition", world.shared.pk),
        {"to_status": Status.TRIAGE},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.TRIAGE
    world.shared.refresh_from_db()
    assert world.shared.status == Status.TRIAGE
    row = _one_row(counter)
    assert (row.action, row.detail) == (AuditAction.UPDATE, f"status:{Status.TRIAGE}")


def test_accepting_is_left_to_triage(world, client_for) -> None:
    alice = client_for("alice")
    url = _url("case-transition", world.shared.pk)
    alice.post(url, {"to_status": Status.TRIAGE}, content_type="application/json")
    table = Table.objects.create(code="ico", name="ICO", theme=Theme.ICO)
    response = alice.post(
        url,
        {"to_status": Status.ACCEPTED, "table": table.pk},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Decide this in triage."]}
    world.shared.refresh_from_db()
    assert world.shared.status == Status.TRIAGE and world.shared.table is None


def test_invalid_transition_is_400_and_changes_nothing(world, client_for) -> None:
    changes = StatusChange.objects.count()
    counter = AuditCounter()
    response = client_for("alice").post(
        _url("case-transition", world.shared.pk),
        {"to_status": Status.CLOSED, "reason": "klaar"},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A case with status “Registered” cannot move to “Closed”."]
    }
    world.shared.refresh_from_db()
    assert world.shared.status == Status.REGISTERED
    assert StatusChange.objects.count() == changes
    assert len(counter.new()) == 1  # the access check itself is logged


@pytest.mark.parametrize("who", ["bob", "hank", "carol", "grace"])
def test_transition_by_others_is_404(world, client_for, who) -> None:
    counter = AuditCounter()
    response = client_for(who).post(
        _url("case-transition", world.shared.pk),
        {"to_status": Status.TRIAGE},
        content_type="application/json",
    )
    assert response.status_code == 404
    world.shared.refresh_from_db()
    assert world.shared.status == Status.REGISTERED
    assert _one_row(counter).result == AuditResult.DENIED


def test_invite_participant(world, client_for, alice) -> None:
    counter = AuditCounter()
    url = _url("case-participants", world.police_only.pk)
    response = client_for("alice").post(
        url, {"organisation": alice.organisation_id}, content_type="application/json", **EN
    )
    assert response.status_code == 201
    assert response.json()["role"] == "deelnemer"
    row = _one_row(counter)
    assert (row.action, row.object_type, row.object_id, row.detail) == (
        "create",
        "participant",
        str(response.json()["id"]),
        f"case:{world.police_only.pk};organisation:{alice.organisation.code}",
    )
    again = client_for("alice").post(
        url, {"organisation": alice.organisation_id}, content_type="application/json", **EN
    )
    assert again.status_code == 400
    assert again.json() == {"organisation": ["This organisation already takes part."]}


@pytest.mark.parametrize("value", [True, "1", 0, -1, 2**70])
def test_ids_in_bodies_must_be_positive_integers(world, client_for, value) -> None:
    response = client_for("alice").post(
        _url("case-participants", world.police_only.pk),
        {"organisation": value},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "organisation" in response.json()


@pytest.mark.parametrize(
    ("who", "expected"), [("bob", 201), ("hank", 201), ("alice", 201), ("carol", 404)]
)
def test_add_contribution(world, client_for, who, expected) -> None:
    counter = AuditCounter()
    response = client_for(who).post(
        _url("case-contributions", world.shared.pk),
        {
            "text": "Nieuwe inbreng.",
            "data_category": "care",
            "legal_basis": "avg_6_1_e",
            "scope": "participants",
        },
        content_type="application/json",
    )
    assert response.status_code == expected
    assert Contribution.objects.filter(text="Nieuwe inbreng.").exists() == (expected == 201)
    _one_row(counter)


def test_add_contribution_to_a_case_of_another_organisation_is_404(world, client_for) -> None:
    response = client_for("bob").post(
        _url("case-contributions", world.ggz_only.pk),
        {"text": "Poging.", "data_category": "police", "legal_basis": "wpg_16", "scope": "source"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Contribution.objects.filter(text="Poging.").exists()


def test_contribution_needs_valid_codes(world, client_for) -> None:
    counter = AuditCounter()
    response = client_for("bob").post(
        _url("case-contributions", world.shared.pk),
        {"text": "", "data_category": "weather", "legal_basis": "wpg_16", "scope": "everyone"},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 400
    assert set(response.json()) == {"text", "data_category", "scope"}
    assert counter.new() == []


@pytest.mark.parametrize("method", ["put", "post"])
def test_plan_set(world, client_for, method) -> None:
    alice = client_for("alice")
    url = _url("case-plan", world.police_only.pk)
    response = getattr(alice, method)(
        url, {"goals": "Rust in de straat."}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["goals"] == "Rust in de straat."
    blank = getattr(alice, method)(url, {"goals": ""}, content_type="application/json", **EN)
    assert blank.status_code == 400
    assert response.json()["updated_by"]["name"]


def test_plan_by_a_partner_is_404(world, client_for) -> None:
    response = client_for("bob").put(
        _url("case-plan", world.shared.pk), {"goals": "Anders."}, content_type="application/json"
    )
    assert response.status_code == 404


def test_actions_add_and_update(world, client_for, bob, hank_user) -> None:
    alice = client_for("alice")
    deadline = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    response = alice.post(
        _url("case-actions", world.shared.pk),
        {
            "description": "Gesprek met school",
            "owner_organisation": hank_user.organisation_id,
            "owner_user": hank_user.pk,
            "deadline": deadline,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    action_id = response.json()["id"]
    assert response.json()["owner_user"]["id"] == hank_user.pk

    wrong_owner = alice.post(
        _url("case-actions", world.shared.pk),
        {
            "description": "X",
            "owner_organisation": bob.organisation_id,
            "owner_user": hank_user.pk,
            "deadline": deadline,
        },
        content_type="application/json",
        **EN,
    )
    assert wrong_owner.status_code == 400
    assert wrong_owner.json() == {"owner_user": ["The owner must work for the owner organisation."]}

    hank_client = client_for("hank")
    counter = AuditCounter()
    no_result = hank_client.patch(
        _url("action-detail", action_id), {"status": "done"}, content_type="application/json", **EN
    )
    assert no_result.status_code == 400
    assert no_result.json() == {"result": ["Describe the result of the action."]}
    assert Action.objects.get(pk=action_id).status == ActionStatus.OPEN
    assert len(counter.new()) == 1

    done = hank_client.patch(
        _url("action-detail", action_id),
        {"status": "done", "result": "Afspraak gemaakt."},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["completed_at"]


def test_action_update_by_an_outsider_is_404(world, client_for) -> None:
    response = client_for("carol").patch(
        _url("action-detail", world.overdue_action.pk),
        {"status": "cancelled"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Action.objects.get(pk=world.overdue_action.pk).status == ActionStatus.OPEN


def test_document_upload(world, client_for, settings) -> None:
    hank_client = client_for("hank")
    counter = AuditCounter()
    response = hank_client.post(
        _url("case-documents", world.shared.pk),
        {
            "upload": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 synthetisch", "application/pdf"),
            "data_category": "care",
            "scope": "source",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["original_name"], body["content_type"], body["scope"]) == (
        "brief.pdf",
        "application/pdf",
        "source",
    )
    row = _one_row(counter)
    assert (row.action, row.object_type, row.object_id, row.detail) == (
        "create",
        "document",
        str(body["id"]),
        f"case:{world.shared.pk}",
    )
    document = Document.objects.get(pk=body["id"])
    assert document.file.name != "brief.pdf"  # stored under a random name
    assert hank_client.get(_url("document-download", document.pk)).status_code == 200
    assert client_for("bob").get(_url("document-download", document.pk)).status_code == 404


def test_document_upload_refuses_other_types(world, client_for) -> None:
    before = Document.objects.count()
    response = client_for("bob").post(
        _url("case-documents", world.shared.pk),
        {
            "upload": SimpleUploadedFile("run.exe", b"MZ", "application/x-msdownload"),
            "data_category": "police",
            "scope": "participants",
        },
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["upload"][0].startswith("This file type is not allowed.")
    assert Document.objects.count() == before


def test_document_upload_refuses_json(world, client_for) -> None:
    response = client_for("bob").post(
        _url("case-documents", world.shared.pk),
        {"data_category": "police"},
        content_type="application/json",
    )
    assert response.status_code == 415


# --- Break-the-glass -------------------------------------------------------------------------


def test_break_glass_opens_a_case_for_a_while(world, client_for, hank_user) -> None:
    hank_client = client_for("hank")
    assert hank_client.get(_url("case-detail", world.police_only.pk)).status_code == 404
    counter = AuditCounter()
    response = hank_client.post(
        _url("break-glass"),
        {
            "reference": world.police_only.reference,
            "reason": "Acute crisis, de politie is niet bereikbaar voor overleg.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["reference"] == world.police_only.reference
    row = _one_row(counter)
    assert (row.object_type, row.break_glass) == ("break_glass", True)
    assert BreakGlass.objects.filter(user=hank_user, case=world.police_only).exists()

    counter = AuditCounter()
    assert hank_client.get(_url("case-detail", world.police_only.pk)).status_code == 200
    assert _one_row(counter).break_glass is True
    # reading only: break-the-glass does not allow writing
    write = hank_client.post(
        _url("case-contributions", world.police_only.pk),
        {"text": "x", "data_category": "care", "legal_basis": "wmo", "scope": "source"},
        content_type="application/json",
    )
    assert write.status_code == 404


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("", "reason_empty"),
        ("nu", "reason_too_short"),
        ("aaaaaaaaaaaaaaaaaaaa", "reason_too_few_words"),
        ("test test test test test", "reason_too_few_words"),
    ],
)
def test_break_glass_needs_a_reason(world, client_for, reason, code) -> None:
    counter = AuditCounter()
    response = client_for("hank").post(
        _url("break-glass"),
        {"reference": world.police_only.reference, "reason": reason},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json() == {
        "reason": [
            "Write down in your own words why you need this access: at least 4 different "
            "words and 20 characters."
        ]
    }
    assert not BreakGlass.objects.exists()
    row = _one_row(counter)  # the refusal is audited, with a code and never the reason
    assert (row.object_type, row.result, row.detail) == ("break_glass", AuditResult.DENIED, code)
    assert row.object_id == str(world.police_only.pk)


@pytest.mark.parametrize("who", ["hank", "carol"])
def test_break_glass_refused_is_404(world, client_for, who) -> None:
    target = world.radicalisation if who == "hank" else world.police_only
    counter = AuditCounter()
    response = client_for(who).post(
        _url("break-glass"),
        {"reference": target.reference, "reason": "Een reden van ruim twintig tekens."},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert _one_row(counter).result == AuditResult.DENIED
    assert not BreakGlass.objects.exists()


# --- Errors in the user's language ------------------------------------------------------------


def test_messages_follow_the_accept_language(world, client_for) -> None:
    alice = client_for("alice")
    url = _url("case-transition", world.shared.pk)
    english = alice.post(url, {"to_status": "nope"}, content_type="application/json", **EN)
    dutch = alice.post(
        url, {"to_status": "nope"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert english.json() == {"to_status": ['"nope" is not a valid choice.']}
    assert dutch.status_code == 400
    assert dutch.json() != english.json()  # DRF's own catalogue has Dutch


# --- Authentication, CSRF, query budgets ------------------------------------------------------


def test_signed_in_without_second_factor_is_sent_to_2fa(world, alice) -> None:
    client = Client()
    client.force_login(alice)
    counter = AuditCounter()
    response = client.get(_url("case-list"))
    assert response.status_code == 302
    assert "/account/" in response["Location"]
    assert counter.new() == []


def test_session_writes_need_the_csrf_token(world, alice) -> None:
    client = verified_client(alice)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        _url("case-search"),
        {"query": "Jansje"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")


def test_unknown_action_is_404(world, client_for) -> None:
    response = client_for("alice").patch(
        _url("action-detail", 999_999),
        {"status": "done", "result": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_list_query_count_does_not_grow_with_cases(world, client_for, bob) -> None:
    alice = client_for("alice")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert alice.get(_url("case-list")).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for _ in range(5):
        case_for(bob)
    assert queries() == before
