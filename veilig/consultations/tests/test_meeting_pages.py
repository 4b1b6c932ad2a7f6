"""The meeting pages: who sees which page, what is (not) in the HTML, what each POST writes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import Organisation, User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.cases.models import Action, Case, Contribution, Table
from veilig.cases.vocabulary import Scope
from veilig.consultations.models import (
    AgendaAction,
    AgendaItem,
    Attendance,
    Decision,
    DiscussionRequest,
    Meeting,
)
from veilig.consultations.services import attendance_record, statement_accept
from veilig.consultations.vocabulary import MeetingStatus
from veilig.testing.casework import contribution, ggz
from veilig.testing.consultations import accepted_case, meeting_of, table_with
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

# Measured on SQLite: 37 queries for the meeting page of a director with its forms (session,
# user, 2FA device, roles, the audit append with its chain head and savepoints, the visibility
# rules, the agenda refresh, the agenda, attendance and the forms' choices); 26 for an item page
# with its forms. Neither grows with the agenda, the contributions or the actions.
MEETING_QUERY_BUDGET = 38
ITEM_QUERY_BUDGET = 28


def ctx(user: User) -> AuditContext:
    return AuditContext.for_command(user)


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def rows_since(before: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=before).order_by("seq"))


def police(user: User) -> Organisation:
    assert user.organisation is not None
    return user.organisation


def last_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.fixture
def world(alice: User, bob: User, hank: User) -> dict[str, Any]:
    """An ICO table (alice, bob, hank represent it), a case of the police with GGZ taking part,
    a case without GGZ, and the table's next meeting with both on its agenda."""
    table = table_with(representatives=[alice, bob, hank])
    shared = accepted_case(alice, bob, table, participants=[ggz()])
    police_only = accepted_case(alice, bob, table)
    meeting = meeting_of(alice, table)
    items = {
        "shared": meeting.items.get(case=shared),
        "police_only": meeting.items.get(case=police_only),
    }
    return {
        "table": table,
        "meeting": meeting,
        "shared": shared,
        "police_only": police_only,
        "items": items,
    }


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def item_url(item: AgendaItem) -> str:
    return reverse("meetings:item", args=[item.pk])


# --- Refusals ------------------------------------------------------------------------------


def test_every_page_refuses_a_user_outside(world: dict[str, Any], dave: User, ivy: User) -> None:
    meeting, item = world["meeting"], world["items"]["shared"]
    outsider = verified_client(ivy)  # a partner at a housing corporation: no table, no case
    for url in (meeting_url(meeting), item_url(item)):
        before = last_seq()
        assert outsider.get(url).status_code == 404
        [row] = rows_since(before)
        assert row.result == "denied" and row.actor_username == "ivy"
    posts = [
        (reverse("meetings:publish", args=[meeting.pk]), {}),
        (reverse("meetings:hold", args=[meeting.pk]), {}),
        (reverse("meetings:statement", args=[meeting.pk]), {}),
        (reverse("meetings:minutes", args=[item.pk]), {"beeld": "B"}),
        (reverse("meetings:decision", args=[item.pk]), {"text": "Besluit"}),
    ]
    for url, data in posts:
        before = last_seq()
        assert outsider.post(url, data).status_code == 404, url
        [row] = rows_since(before)
        assert row.result == "denied", url
    before = last_seq()
    assert outsider.get(reverse("meetings:schedule")).status_code == 404
    assert [r.result for r in rows_since(before)] == ["denied"]
    # Without a case role even the list is refused.
    before = last_seq()
    assert verified_client(dave).get(reverse("meetings:list")).status_code == 404
    assert [r.result for r in rows_since(before)] == ["denied"]


def test_the_item_page_is_404_before_the_statement_and_200_after(
    world: dict[str, Any], bob: User
) -> None:
    client = verified_client(bob)
    item = world["items"]["shared"]
    assert client.get(item_url(item)).status_code == 404
    page = html(client.get(meeting_url(world["meeting"])))
    assert 'id="statement"' in page and "I declare" in page
    assert world["shared"].reference not in page  # nothing of any case before the statement
    assert world["shared"].subject_full_name not in page
    before = last_seq()
    response = client.post(reverse("meetings:statement", args=[world["meeting"].pk]))
    assert response.status_code == 302
    assert [(r.action, r.object_type) for r in rows_since(before)] == [("update", "attendance")]
    assert Attendance.objects.get(meeting=world["meeting"], user=bob).statement_recorded
    page = html(client.get(item_url(item)))
    assert world["shared"].reference in page
    assert 'id="statement"' not in html(client.get(meeting_url(world["meeting"])))


def test_a_ggz_attendee_sees_no_police_source_contribution(
    world: dict[str, Any], bob: User, hank: User
) -> None:
    case = world["shared"]
    shared = contribution(case, bob, scope=Scope.PARTICIPANTS)
    secret = contribution(case, bob, scope=Scope.SOURCE)
    Contribution.objects.filter(pk=secret.pk).update(text="Alleen voor de politie.")
    statement_accept(context=ctx(hank), meeting_id=world["meeting"].pk)
    statement_accept(context=ctx(bob), meeting_id=world["meeting"].pk)
    url = item_url(world["items"]["shared"])
    hank_page = html(verified_client(hank).get(url))
    assert f'id="contribution-{shared.pk}"' in hank_page
    assert f'id="contribution-{secret.pk}"' not in hank_page
    assert "Alleen voor de politie." not in hank_page
    assert "Alleen voor de politie." in html(verified_client(bob).get(url))


def test_the_agenda_shows_no_reference_of_an_item_the_viewer_may_not_see(
    world: dict[str, Any], hank: User
) -> None:
    statement_accept(context=ctx(hank), meeting_id=world["meeting"].pk)
    page = html(verified_client(hank).get(meeting_url(world["meeting"])))
    hidden = world["items"]["police_only"]
    assert world["shared"].reference in page
    assert world["police_only"].reference not in page
    assert world["police_only"].subject_full_name not in page
    assert f"Item {hidden.position} – not visible to you" in page
    assert reverse("meetings:item", args=[hidden.pk]) not in page
    # And the item itself stays closed to hank.
    assert verified_client(hank).get(item_url(hidden)).status_code == 404


def test_the_meeting_page_reads_one_row(world: dict[str, Any], alice: User) -> None:
    before = last_seq()
    html(verified_client(alice).get(meeting_url(world["meeting"])))
    [row] = rows_since(before)
    assert (row.action, row.object_type, row.object_id) == (
        "read",
        "meeting",
        str(world["meeting"].pk),
    )


def test_the_item_page_reads_one_row_naming_the_subject(world: dict[str, Any], bob: User) -> None:
    statement_accept(context=ctx(bob), meeting_id=world["meeting"].pk)
    item = world["items"]["shared"]
    before = last_seq()
    html(verified_client(bob).get(item_url(item)))
    [row] = rows_since(before)
    assert (row.action, row.object_type, row.object_id) == ("read", "agenda_item", str(item.pk))
    assert row.subject_person_id == world["shared"].subject_id


# --- The list and scheduling ---------------------------------------------------------------


def test_the_list_shows_the_meetings_and_the_planning_link_for_directors(
    world: dict[str, Any], alice: User, bob: User
) -> None:
    page = html(verified_client(alice).get(reverse("meetings:list")))
    assert meeting_url(world["meeting"]) in page and 'id="schedule-link"' in page
    page = html(verified_client(bob).get(reverse("meetings:list")))
    assert meeting_url(world["meeting"]) in page and 'id="schedule-link"' not in page


def test_scheduling_a_meeting(world: dict[str, Any], alice: User) -> None:
    client = verified_client(alice)
    table: Table = world["table"]
    assert "selected" in html(client.get(reverse("meetings:schedule") + f"?tafel={table.pk}"))
    when = timezone.localtime() + dt.timedelta(days=20)
    before = last_seq()
    response = client.post(
        reverse("meetings:schedule"),
        {
            "table": table.pk,
            "starts_at": when.strftime("%d-%m-%Y 14:00"),
            "duration_minutes": 60,
            "video_link": "https://video.example.org/overleg",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.latest("pk")
    assert response["Location"] == meeting_url(meeting)
    assert meeting.video_link and meeting.chair == alice and meeting.duration_minutes == 60
    assert [(r.action, r.object_type) for r in rows_since(before)] == [("create", "meeting")]


def test_scheduling_errors_in_one_round(world: dict[str, Any], alice: User) -> None:
    count = Meeting.objects.count()
    response = verified_client(alice).post(
        reverse("meetings:schedule"), {"table": world["table"].pk, "duration_minutes": 60}
    )
    page = html(response)
    assert 'id="form-errors"' in page and 'href="#id_starts_at"' in page
    assert Meeting.objects.count() == count
    # No place and no video link: the service's refusal, shown the same way.
    when = (timezone.localtime() + dt.timedelta(days=20)).strftime("%d-%m-%Y 14:00")
    page = html(
        verified_client(alice).post(
            reverse("meetings:schedule"),
            {"table": world["table"].pk, "starts_at": when, "duration_minutes": 60},
        )
    )
    assert 'href="#id_place"' in page and Meeting.objects.count() == count


# --- The agenda and the meeting's status ---------------------------------------------------


def _signed_alice(world: dict[str, Any], alice: User) -> Client:
    statement_accept(context=ctx(alice), meeting_id=world["meeting"].pk)
    return verified_client(alice)


def test_adding_a_case_to_a_later_meeting(world: dict[str, Any], alice: User) -> None:
    client = _signed_alice(world, alice)
    later = meeting_of(alice, world["table"], in_days=30)  # not the next one: an empty agenda
    statement_accept(context=ctx(alice), meeting_id=later.pk)
    page = html(client.get(meeting_url(later)))
    assert f'<option value="{world["shared"].pk}">' in page
    before = last_seq()
    url = reverse("meetings:agenda_add", args=[later.pk])
    assert client.post(url, {"case": world["shared"].pk}).status_code == 302
    assert list(later.items.values_list("case_id", flat=True)) == [world["shared"].pk]
    assert [(r.action, r.object_type) for r in rows_since(before)] == [("create", "agenda_item")]
    # Twice is refused with the error summary, nothing added.
    page = html(client.post(url, {"case": world["shared"].pk}))
    assert 'id="form-errors"' in page and later.items.count() == 1


def test_moving_an_item_down_and_up(world: dict[str, Any], alice: User) -> None:
    client = _signed_alice(world, alice)
    meeting = world["meeting"]
    first, second = meeting.items.order_by("position")
    page = html(client.get(meeting_url(meeting)))
    assert page.count(">Down<") == 1 and page.count(">Up<") == 1
    before = last_seq()
    url = reverse("meetings:agenda_move", args=[meeting.pk])
    assert client.post(url, {"item": first.pk, "position": 2}).status_code == 302
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    assert [(r.action, r.object_type) for r in rows_since(before)] == [("update", "agenda_item")]


def test_publish_hold_and_cancel(world: dict[str, Any], alice: User) -> None:
    client = _signed_alice(world, alice)
    meeting = world["meeting"]
    for name, status in (("publish", MeetingStatus.AGENDA_READY), ("hold", MeetingStatus.HELD)):
        before = last_seq()
        assert client.post(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == status
        assert [(r.action, r.object_type) for r in rows_since(before)] == [("update", "meeting")]
    # Held: cancelling is refused, shown as a message, nothing changed.
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), follow=True)
    assert "has been held or cancelled" in html(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    other = meeting_of(alice, world["table"], in_days=40)
    assert client.post(reverse("meetings:cancel", args=[other.pk])).status_code == 302
    other.refresh_from_db()
    assert other.status == MeetingStatus.CANCELLED


def test_recording_an_incidental_attendee(world: dict[str, Any], alice: User, ivy: User) -> None:
    client = verified_client(alice)
    meeting = world["meeting"]
    page = html(client.get(meeting_url(meeting)))
    assert f'<option value="{ivy.pk}">' in page
    before = last_seq()
    url = reverse("meetings:attendance", args=[meeting.pk])
    assert client.post(url, {"user": ivy.pk, "present": "on"}).status_code == 302
    attendance = Attendance.objects.get(meeting=meeting, user=ivy)
    assert attendance.incidental and not attendance.statement_recorded
    assert [(r.action, r.object_type) for r in rows_since(before)] == [("create", "attendance")]
    page = html(client.get(meeting_url(meeting)))
    assert "Incidental participant" in page and "Not yet" in page


# --- At the item: minutes, decisions, actions ----------------------------------------------


def test_minutes_decision_and_action_each_write_one_row(
    world: dict[str, Any], alice: User, bob: User
) -> None:
    client = _signed_alice(world, alice)
    item = world["items"]["shared"]
    police = bob.organisation
    assert police is not None
    page = html(client.get(item_url(item)))
    assert 'name="beeld"' in page and 'name="text"' in page and 'name="deadline"' in page
    before = last_seq()
    response = client.post(
        reverse("meetings:minutes", args=[item.pk]),
        {"beeld": "Beeld.", "oordeel": "Oordeel.", "besluit": "Besluit."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.beeld, item.oordeel, item.besluit) == ("Beeld.", "Oordeel.", "Besluit.")
    response = client.post(reverse("meetings:decision", args=[item.pk]), {"text": "Huisbezoek."})
    assert response.status_code == 302 and Decision.objects.filter(item=item).count() == 1
    deadline = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(
        reverse("meetings:action", args=[item.pk]),
        {
            "description": "Huisbezoek afleggen",
            "owner_organisation": police.pk,
            "owner_user": bob.pk,
            "deadline": deadline.strftime("%d-%m-%Y"),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(description="Huisbezoek afleggen")
    assert action.owner_user == bob and action.deadline == deadline
    assert AgendaAction.objects.filter(item=item, action=action, kind="agreed").exists()
    assert [(r.action, r.object_type) for r in rows_since(before)] == [
        ("update", "minutes"),
        ("create", "decision"),
        ("create", "action"),
    ]
    page = html(client.get(item_url(item)))
    assert "Huisbezoek afleggen" in page and "Agreed at this item" in page


def test_item_form_errors_in_one_round_and_nothing_changed(
    world: dict[str, Any], alice: User, hank: User
) -> None:
    client = _signed_alice(world, alice)
    item = world["items"]["police_only"]  # GGZ does not take part
    hank_ggz = hank.organisation
    assert hank_ggz is not None
    actions = Action.objects.count()
    page = html(client.post(reverse("meetings:action", args=[item.pk]), {"description": ""}))
    assert 'id="form-errors"' in page
    assert 'href="#id_description"' in page and 'href="#id_owner_organisation"' in page
    assert 'href="#id_deadline"' in page
    deadline = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d-%m-%Y")
    page = html(
        client.post(
            reverse("meetings:action", args=[item.pk]),
            {"description": "X", "owner_organisation": hank_ggz.pk, "deadline": deadline},
        )
    )
    assert "The owner must take part in the case." in page
    assert Action.objects.count() == actions
    page = html(client.post(reverse("meetings:minutes", args=[item.pk]), {}))
    assert "Write at least one part of the minutes." in page
    item.refresh_from_db()
    assert not item.minuted


def test_a_partner_reads_the_item_without_the_forms(world: dict[str, Any], bob: User) -> None:
    statement_accept(context=ctx(bob), meeting_id=world["meeting"].pk)
    page = html(verified_client(bob).get(item_url(world["items"]["shared"])))
    assert 'name="beeld"' not in page and 'name="deadline"' not in page
    before = last_seq()
    url = reverse("meetings:decision", args=[world["items"]["shared"].pk])
    assert verified_client(bob).post(url, {"text": "Nee."}).status_code == 404
    assert [r.result for r in rows_since(before)] == ["denied"]


# --- The case page -------------------------------------------------------------------------


def test_the_case_page_shows_the_next_item_and_the_flag(
    world: dict[str, Any], alice: User, bob: User
) -> None:
    url = reverse("cases:detail", args=[world["shared"].pk])
    page = html(verified_client(bob).get(url))
    assert 'id="next-agenda-item"' in page and 'id="discussion-flag"' not in page
    # A case accepted after the meeting was held: no coming item, so the flag.
    meeting = world["meeting"]
    from veilig.consultations.services import meeting_hold

    meeting_hold(context=ctx(alice), meeting_id=meeting.pk)
    page = html(verified_client(bob).get(url))
    assert 'id="discussion-flag"' in page and 'id="next-agenda-item"' not in page
    before = last_seq()
    response = verified_client(bob).post(reverse("meetings:flag", args=[world["shared"].pk]))
    assert response.status_code == 302 and response["Location"] == url
    assert DiscussionRequest.objects.filter(case=world["shared"]).count() == 1
    assert [(r.action, r.object_type) for r in rows_since(before)] == [
        ("create", "discussion_request")
    ]
    # The next meeting picks the flag up.
    later = meeting_of(alice, world["table"], in_days=10)
    assert later.items.filter(case=world["shared"], reason="flagged").exists()
    assert 'id="next-agenda-item"' in html(verified_client(bob).get(url))


def test_the_flag_is_refused_outside_the_case(world: dict[str, Any], hank: User) -> None:
    before = last_seq()
    url = reverse("meetings:flag", args=[world["police_only"].pk])
    assert verified_client(hank).post(url).status_code == 404
    assert [r.result for r in rows_since(before)] == ["denied"]


# --- Query budgets -------------------------------------------------------------------------


def _more_items(world: dict[str, Any], alice: User, bob: User, n: int) -> None:
    for _ in range(n):
        case: Case = accepted_case(alice, bob, world["table"], participants=[ggz()])
        contribution(case, bob, scope=Scope.PARTICIPANTS)
        Action.objects.create(
            case=case,
            description="Actie",
            owner_organisation=police(bob),
            deadline=timezone.localdate() + dt.timedelta(days=2),
        )
    attendance_record(context=ctx(alice), meeting_id=world["meeting"].pk, user=bob)


def test_the_meeting_page_query_count_is_constant(
    world: dict[str, Any], alice: User, bob: User, django_assert_max_num_queries: Any
) -> None:
    client = _signed_alice(world, alice)
    url = meeting_url(world["meeting"])
    _more_items(world, alice, bob, 1)  # one of each kind, so that no branch is skipped
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        html(client.get(url))
    _more_items(world, alice, bob, 5)
    client.get(url)  # the agenda takes the new cases in
    with CaptureQueriesContext(connection) as many:
        page = html(client.get(url))
    assert page.count('class="utrecht-ordered-list__item"') == 8
    assert len(many) == len(few)
    with django_assert_max_num_queries(MEETING_QUERY_BUDGET):
        client.get(url)


def test_the_item_page_query_count_is_constant(
    world: dict[str, Any], alice: User, bob: User, django_assert_max_num_queries: Any
) -> None:
    client = _signed_alice(world, alice)
    item = world["items"]["shared"]
    url = item_url(item)

    def one_of_each() -> None:
        contribution(world["shared"], bob, scope=Scope.PARTICIPANTS)
        action = Action.objects.create(
            case=world["shared"],
            description="Actie",
            owner_organisation=police(bob),
            owner_user=bob,
            deadline=timezone.localdate() + dt.timedelta(days=2),
        )
        AgendaAction.objects.create(item=item, action=action, kind="agreed")
        Decision.objects.create(item=item, text="Besluit", decided_by=alice)

    one_of_each()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        html(client.get(url))
    for _ in range(4):
        one_of_each()
    with CaptureQueriesContext(connection) as many:
        html(client.get(url))
    assert len(many) == len(few)
    with django_assert_max_num_queries(ITEM_QUERY_BUDGET):
        client.get(url)


def test_the_form_pages_follow_the_form_rules(world: dict[str, Any], alice: User) -> None:
    from django.utils.translation import gettext

    from veilig.web.tests.test_forms_everywhere import _check

    client = _signed_alice(world, alice)
    optional = f"({gettext('optional')})"
    for url in (
        reverse("meetings:schedule"),
        meeting_url(world["meeting"]),
        item_url(world["items"]["shared"]),
    ):
        _check(url, html(client.get(url)), optional)
    page = html(client.get(item_url(world["items"]["shared"])))
    field = re.search(r'<input type="text" name="deadline"[^>]*>', page)
    assert field is not None and "veilig-date-input" in field.group(0)
    page = html(client.get(reverse("meetings:schedule")))
    field = re.search(r'<input type="text" name="starts_at"[^>]*>', page)
    assert field is not None and "veilig-date-input--time" in field.group(0)


def test_the_case_page_panel_keeps_the_case_page_budget(
    world: dict[str, Any], alice: User, bob: User, django_assert_max_num_queries: Any
) -> None:
    from veilig.cases.tests.test_views import DETAIL_QUERY_BUDGET

    url = reverse("cases:detail", args=[world["shared"].pk])
    for user in (alice, bob):
        client = verified_client(user)
        client.get(url)
        with django_assert_max_num_queries(DETAIL_QUERY_BUDGET):
            assert 'id="meeting-panel"' in html(client.get(url))
