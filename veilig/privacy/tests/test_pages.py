"""The privacy officer's pages: only the privacy officer opens them, each request is logged once,
and the lists show exactly the right rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.audit.services import audit_record
from veilig.registry.models import Person
from veilig.testing.casework import synthetic_person
from veilig.testing.personas import persona, verified_client

pytestmark = pytest.mark.django_db

PERSON_ID = 4242  # used in URLs where the person need not exist


def _urls(person_id: int) -> dict[str, str]:
    return {
        "person_search": reverse("privacy:person_search"),
        "person_log": reverse("privacy:person_log", args=[person_id]),
        "subject_access": reverse("privacy:subject_access", args=[person_id]),
        "subject_access_json": reverse("privacy:subject_access_json", args=[person_id]),
        "subject_access_pdf": reverse("privacy:subject_access_pdf", args=[person_id]),
        "user_log": reverse("privacy:user_log"),
        "break_glass": reverse("privacy:break_glass"),
        "chain": reverse("privacy:chain"),
    }


@pytest.fixture
def person() -> Person:
    return synthetic_person(first_name="Zoë", last_name="Geëerd")


@contextmanager
def _at(moment: dt.datetime) -> Iterator[None]:
    """Write audit rows as if at ``moment`` (the chain itself stays valid)."""
    original = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = original


def _record(user: User, *, person_id: int | None, **kwargs: Any) -> AuditEntry:
    context = AuditContext(actor=user, role="partner", purpose="casework", origin="10.0.0.7")
    fields: dict[str, Any] = {
        "action": AuditAction.READ,
        "object_type": "case",
        "object_id": 1,
        "result": AuditResult.GRANTED,
    }
    fields.update(kwargs)
    return audit_record(context=context, subject_person_id=person_id, **fields)


def _seqs(response) -> list[int]:
    return [row.seq for row in response.context["rows"]]


def _last_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


# --- Who may open the pages ----------------------------------------------------------------------


class TestAccess:
    @pytest.mark.parametrize("name", list(_urls(PERSON_ID)))
    def test_anonymous_is_sent_to_login(self, client: Client, name: str) -> None:
        response = client.get(_urls(PERSON_ID)[name])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert not AuditEntry.objects.exists()

    @pytest.mark.parametrize("persona_name", ["alice", "bob", "carol", "dave", "erin", "grace"])
    def test_every_other_role_gets_404_and_a_denied_row(
        self, request: pytest.FixtureRequest, persona_name: str, person: Person
    ) -> None:
        user: User = request.getfixturevalue(persona_name)
        client = verified_client(user)
        urls = _urls(person.pk)
        for name, url in urls.items():
            before = _last_seq()
            response = client.get(url)
            assert response.status_code == 404, name
            rows = list(AuditEntry.objects.filter(seq__gt=before))
            assert len(rows) == 1, name
            assert rows[0].result == AuditResult.DENIED
            assert rows[0].object_type == "access_log"
            assert rows[0].actor_username == user.username
        grant_url = reverse("privacy:break_glass_review", args=[1])
        assert client.post(grant_url, {"note": "x"}).status_code == 404

    def test_privacy_officer_opens_every_page(self, frank_client: Client, person: Person) -> None:
        for name, url in _urls(person.pk).items():
            assert frank_client.get(url).status_code == 200, name

    def test_other_roles_held_with_privacy_officer_do_not_matter(self) -> None:
        both = persona(
            "henk",
            org_code="gemeente",
            partner_type=PartnerType.MUNICIPALITY,
            roles=[Role.COORDINATOR, Role.PRIVACY_OFFICER],
        )
        assert verified_client(both).get(reverse("privacy:chain")).status_code == 200

    def test_inactive_privacy_officer_is_refused(self, frank: User) -> None:
        client = verified_client(frank)
        User.objects.filter(pk=frank.pk).update(is_active=False)
        assert client.get(reverse("privacy:chain")).status_code in {302, 404}

    def test_out_of_range_ids_answer_404_not_500(self, frank_client: Client) -> None:
        huge = 2**64
        assert frank_client.get(reverse("privacy:person_log", args=[huge])).status_code == 404
        assert (
            frank_client.get(reverse("privacy:subject_access_pdf", args=[huge])).status_code == 404
        )


# --- Each request writes exactly one row ---------------------------------------------------------


class TestEachViewIsLogged:
    def test_each_page_writes_one_row(
        self, frank_client: Client, frank: User, person: Person
    ) -> None:
        expected = {
            "person_search": (AuditAction.READ, None),
            "person_log": (AuditAction.READ, person.pk),
            "subject_access": (AuditAction.READ, person.pk),
            "subject_access_json": (AuditAction.EXPORT, person.pk),
            "subject_access_pdf": (AuditAction.EXPORT, person.pk),
            "user_log": (AuditAction.READ, None),
            "break_glass": (AuditAction.READ, None),
            "chain": (AuditAction.READ, None),
        }
        for name, url in _urls(person.pk).items():
            before = _last_seq()
            frank_client.get(url)
            rows = list(AuditEntry.objects.filter(seq__gt=before))
            assert len(rows) == 1, name
            row = rows[0]
            action, subject = expected[name]
            assert (row.object_type, row.action, row.subject_person_id) == (
                "access_log",
                action,
                subject,
            ), name
            assert row.actor_id == frank.pk
            assert row.role == Role.PRIVACY_OFFICER.value
            assert row.organisation == "gemeente"
            assert row.result == AuditResult.GRANTED
            assert row.purpose
            assert row.channel == "web"

    def test_user_log_row_names_the_user_looked_up(self, frank_client: Client, bob: User) -> None:
        frank_client.get(reverse("privacy:user_log"), {"gebruiker": bob.pk})
        row = AuditEntry.objects.order_by("-seq").first()
        assert row is not None
        assert row.object_id == str(bob.pk)
        assert row.detail.startswith(f"user-log:{bob.pk}")

    def test_export_of_a_missing_person_is_404_with_a_denied_row(
        self, frank_client: Client
    ) -> None:
        response = frank_client.get(reverse("privacy:subject_access_json", args=[PERSON_ID]))
        assert response.status_code == 404
        row = AuditEntry.objects.get()
        assert (row.action, row.result) == (AuditAction.EXPORT, AuditResult.DENIED)


# --- (a) Who accessed a person -------------------------------------------------------------------


class TestPersonLog:
    def test_lists_only_rows_about_the_person_newest_first(
        self, frank_client: Client, bob: User, alice: User, person: Person
    ) -> None:
        other = synthetic_person()
        mine = [
            _record(bob, person_id=person.pk).seq,
            _record(alice, person_id=person.pk, result=AuditResult.DENIED).seq,
        ]
        _record(bob, person_id=other.pk)
        _record(bob, person_id=None)
        response = frank_client.get(reverse("privacy:person_log", args=[person.pk]))
        assert response.status_code == 200
        # The page's own audit row is about the person too; it was written before the list.
        own = AuditEntry.objects.filter(actor_username="frank").get().seq
        assert _seqs(response) == [own, *reversed(mine)]
        content = response.content.decode()
        assert "Zoë Geëerd" in content
        assert "10.0.0.7" in content
        denied = next(r for r in response.context["rows"] if r.seq == mine[1])
        assert not denied.granted
        assert denied.organisation == "Gemeente"

    def test_period_filter_uses_local_calendar_days(
        self, frank_client: Client, bob: User, person: Person
    ) -> None:
        amsterdam = timezone.get_current_timezone()
        with _at(dt.datetime(2024, 3, 1, 23, 30, tzinfo=amsterdam)):
            before = _record(bob, person_id=person.pk).seq
        with _at(dt.datetime(2024, 3, 2, 0, 10, tzinfo=amsterdam)):
            first = _record(bob, person_id=person.pk).seq
        with _at(dt.datetime(2024, 3, 5, 23, 59, tzinfo=amsterdam)):
            last = _record(bob, person_id=person.pk).seq
        with _at(dt.datetime(2024, 3, 6, 0, 0, tzinfo=amsterdam)):
            after = _record(bob, person_id=person.pk).seq
        url = reverse("privacy:person_log", args=[person.pk])
        response = frank_client.get(url, {"van": "2024-03-02", "tot": "2024-03-05"})
        assert _seqs(response) == [last, first]
        assert before not in _seqs(response) and after not in _seqs(response)
        # Dutch day-month-year is accepted too.
        response = frank_client.get(url, {"van": "02-03-2024", "tot": "05-03-2024"})
        assert _seqs(response) == [last, first]

    def test_reversed_period_is_reported_and_ignored(
        self, frank_client: Client, bob: User, person: Person
    ) -> None:
        _record(bob, person_id=person.pk)
        url = reverse("privacy:person_log", args=[person.pk])
        response = frank_client.get(url, {"van": "2024-03-05", "tot": "2024-03-01"})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert len(_seqs(response)) == 2  # bob's row and the page's own row

    def test_log_of_a_person_no_longer_registered_is_still_shown(
        self, frank_client: Client, bob: User
    ) -> None:
        seq = _record(bob, person_id=PERSON_ID).seq
        response = frank_client.get(reverse("privacy:person_log", args=[PERSON_ID]))
        assert response.status_code == 200
        assert seq in _seqs(response)
        assert 'id="person-absent"' in response.content.decode()

    def test_paginated_by_fifty(self, frank_client: Client, bob: User, person: Person) -> None:
        for _ in range(60):
            _record(bob, person_id=person.pk)
        url = reverse("privacy:person_log", args=[person.pk])
        first = frank_client.get(url, {"van": "2000-01-01"})
        assert len(first.context["rows"]) == 50
        assert first.context["page"].paginator.count == 61
        content = first.content.decode()
        link = re.search(r'href="\?([^"]*pagina=2)"', content)
        assert link is not None
        assert "van=2000-01-01" in link.group(1)
        # Viewing writes a row; the link's anchor keeps the pages from shifting.
        second = frank_client.get(f"{url}?{link.group(1).replace('&amp;', '&')}")
        assert len(second.context["rows"]) == 11
        assert not set(_seqs(first)) & set(_seqs(second))
        assert len(set(_seqs(first)) | set(_seqs(second))) == 61

    def test_query_count_does_not_grow_with_rows(
        self,
        frank_client: Client,
        bob: User,
        alice: User,
        person: Person,
        django_assert_max_num_queries: Any,
    ) -> None:
        url = reverse("privacy:person_log", args=[person.pk])
        for _ in range(3):
            _record(bob, person_id=person.pk)
        with django_assert_max_num_queries(20) as few:
            frank_client.get(url)
        for _ in range(45):
            _record(alice, person_id=person.pk)
        with django_assert_max_num_queries(20) as many:
            frank_client.get(url)
        assert len(many.captured_queries) == len(few.captured_queries)


class TestPersonSearch:
    def test_name_search_by_post_finds_the_person_and_logs_no_term(
        self, frank_client: Client, person: Person
    ) -> None:
        synthetic_person(first_name="Anders", last_name="Iemand")
        url = reverse("privacy:person_search")
        response = frank_client.post(url, {"naam": "zoë geëerd"})
        assert response.status_code == 200
        assert [p.pk for p in response.context["results"]] == [person.pk]
        row = AuditEntry.objects.get()
        assert (row.action, row.object_type) == (AuditAction.SEARCH, "person")
        assert row.subject_person_id == person.pk
        assert "zo" not in row.detail.lower() and "ge" not in row.detail.lower()
        assert reverse("privacy:person_log", args=[person.pk]) in response.content.decode()

    def test_date_of_birth_and_bsn_search(self, frank_client: Client) -> None:
        target = synthetic_person(date_of_birth=dt.date(1981, 7, 9), bsn="111222333")
        synthetic_person(date_of_birth=dt.date(1981, 7, 10))
        url = reverse("privacy:person_search")
        response = frank_client.post(url, {"geboortedatum": "09-07-1981"})
        assert [p.pk for p in response.context["results"]] == [target.pk]
        response = frank_client.post(url, {"bsn": "111222333"})
        assert [p.pk for p in response.context["results"]] == [target.pk]
        assert not AuditEntry.objects.filter(detail__contains="111222333").exists()
        response = frank_client.post(url, {"bsn": "999999999"})
        assert response.context["results"] == []

    def test_person_number_redirects_to_the_log(self, frank_client: Client) -> None:
        response = frank_client.post(reverse("privacy:person_search"), {"person_id": PERSON_ID})
        assert response.status_code == 302
        assert response["Location"] == reverse("privacy:person_log", args=[PERSON_ID])

    def test_empty_search_is_refused_with_a_message(self, frank_client: Client) -> None:
        response = frank_client.post(reverse("privacy:person_search"), {})
        assert response.status_code == 400
        assert response.context["form"].non_field_errors()

    def test_search_terms_never_reach_a_url(self, frank_client: Client, person: Person) -> None:
        content = frank_client.get(reverse("privacy:person_search")).content.decode()
        assert re.search(r'<form method="post" action="/privacy/"', content)


# --- (b) What a user accessed --------------------------------------------------------------------


class TestUserLog:
    def test_lists_only_the_chosen_users_rows_in_the_period(
        self, frank_client: Client, bob: User, alice: User
    ) -> None:
        amsterdam = timezone.get_current_timezone()
        with _at(dt.datetime(2024, 5, 1, 12, 0, tzinfo=amsterdam)):
            old = _record(bob, person_id=1).seq
        with _at(dt.datetime(2024, 6, 1, 12, 0, tzinfo=amsterdam)):
            bobs = [_record(bob, person_id=1).seq, _record(bob, person_id=2).seq]
            _record(alice, person_id=1)
        url = reverse("privacy:user_log")
        response = frank_client.get(url, {"gebruiker": str(bob.pk), "van": "2024-06-01"})
        assert response.status_code == 200
        assert _seqs(response) == list(reversed(bobs))
        response = frank_client.get(url, {"gebruiker": bob.pk})
        assert _seqs(response) == [*reversed(bobs), old]
        assert 'id="log-table"' in response.content.decode()

    def test_without_a_user_shows_the_choice_only(self, frank_client: Client, bob: User) -> None:
        response = frank_client.get(reverse("privacy:user_log"))
        assert response.status_code == 200
        assert "rows" not in response.context
        assert f'<option value="{bob.pk}"' in response.content.decode()

    def test_unknown_user_is_a_form_error(self, frank_client: Client) -> None:
        response = frank_client.get(reverse("privacy:user_log"), {"gebruiker": 999999})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert response.context["subject"] is None

    def test_query_count_budget(
        self, frank_client: Client, bob: User, django_assert_max_num_queries: Any
    ) -> None:
        for _ in range(30):
            _record(bob, person_id=1)
        url = reverse("privacy:user_log")
        with django_assert_max_num_queries(22) as few:
            frank_client.get(url, {"gebruiker": bob.pk})
        for _ in range(30):
            _record(bob, person_id=2)
        with django_assert_max_num_queries(22) as many:
            frank_client.get(url, {"gebruiker": bob.pk})
        assert len(many.captured_queries) == len(few.captured_queries)
