"""The case UI, persona by persona: who sees which page, what is in the HTML, what is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import Organisation, User
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
from veilig.cases.selectors import SortKey
from veilig.cases.vocabulary import ActionStatus, DataCategory, Scope, Status, Theme
from veilig.registry.models import Person
from veilig.testing.casework import case_for, contribution, ggz, synthetic_person
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")
BSN = "111222333"  # passes the 11-check; synthetic
# Measured: 20 queries for the list (session, user, 2FA device, roles, the header's unread
# notifications, audit append with its chain head, radicalisation membership, count, page ids,
# page rows, filter options); for a case page 35 (partner): the upsert of the user's visit, the
# covenant's member categories (for the items and for the notice), the next agenda item of the
# consultations panel, informing the subject and the header's unread count included.
LIST_QUERY_BUDGET = 21
DETAIL_QUERY_BUDGET = 35


def _audit_rows() -> int:
    return AuditEntry.objects.count()


def _html(response) -> str:
    return str(response.content.decode())


def _last_row() -> AuditEntry:
    row = AuditEntry.objects.order_by("-seq").first()
    assert row is not None
    return row


def _org(user: User) -> Organisation:
    assert user.organisation is not None
    return user.organisation


# --- Who gets which page ----------------------------------------------------------------------


class TestAccessPerPersona:
    def test_anonymous_is_sent_to_sign_in(self, client: Client, bob: User) -> None:
        case = case_for(bob)
        for url in (
            LIST,
            reverse("cases:detail", args=[case.pk]),
            reverse("cases:person", args=[case.subject_id]),
            reverse("cases:register"),
            reverse("cases:break_glass"),
        ):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login"))

    def test_coordinator_and_participant_partner_open_the_case(
        self, alice: User, bob: User, hank: User
    ) -> None:
        case = case_for(bob, participants=[ggz()])
        url = reverse("cases:detail", args=[case.pk])
        for user in (alice, bob, hank):
            response = verified_client(user).get(url)
            assert response.status_code == 200, user.username
            assert case.reference in _html(response)
            assert "no-store" in response["Cache-Control"]

    @pytest.mark.parametrize("who", ["ivy", "carol", "dave", "erin", "frank", "grace"])
    def test_others_get_404_and_a_denied_audit_row(self, request, bob: User, who: str) -> None:
        user = request.getfixturevalue(who)
        case = case_for(bob)
        client = verified_client(user)
        before = _audit_rows()
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
        row = _last_row()
        assert _audit_rows() == before + 1
        assert row is not None and row.result == AuditResult.DENIED
        assert client.get(reverse("cases:person", args=[case.subject_id])).status_code == 404

    @pytest.mark.parametrize("who", ["carol", "dave", "erin", "frank", "grace"])
    def test_roles_without_casework_get_404_on_the_list_and_forms(self, request, who) -> None:
        client = verified_client(request.getfixturevalue(who))
        assert client.get(LIST).status_code == 404
        assert client.get(reverse("cases:register")).status_code == 404
        assert client.get(reverse("cases:break_glass")).status_code == 404

    def test_partner_gets_404_on_management_forms(self, bob: User) -> None:
        case = case_for(bob)
        client = verified_client(bob)
        for name in ("transition", "invite", "plan"):
            assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404
        for name in ("contribution_add", "action_add", "document_upload"):
            assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 200

    def test_action_buttons_follow_what_the_user_may_do(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        coordinator = _html(verified_client(alice).get(reverse("cases:detail", args=[case.pk])))
        partner = _html(verified_client(bob).get(reverse("cases:detail", args=[case.pk])))
        transition = reverse("cases:transition", args=[case.pk])
        contribute = reverse("cases:contribution_add", args=[case.pk])
        assert transition in coordinator and contribute in coordinator
        assert transition not in partner and contribute in partner

    def test_one_audit_row_per_page(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        client = verified_client(alice)
        for url in (
            LIST,
            reverse("cases:detail", args=[case.pk]),
            reverse("cases:person", args=[case.subject_id]),
            reverse("cases:transition", args=[case.pk]),
        ):
            before = _audit_rows()
            assert client.get(url).status_code == 200
            assert _audit_rows() == before + 1, url


# --- The list ---------------------------------------------------------------------------------


class TestCaseList:
    @pytest.mark.parametrize("sort", ["-registered", "registered", "deadline", "reference"])
    def test_page_matches_the_sorted_list_for_every_sort(self, alice: User, sort: SortKey) -> None:
        """The page is sorted on ids first and loaded after: same rows, same order."""
        from veilig.cases.selectors import CaseFilters, case_list, case_page

        for i in range(7):
            case = case_for(alice)
            Case.objects.filter(pk=case.pk).update(
                registered_at=timezone.now() - dt.timedelta(days=i % 3)
            )
            if i % 2:
                Action.objects.create(
                    case=case,
                    description="Actie",
                    owner_organisation=_org(alice),
                    deadline=timezone.localdate() + dt.timedelta(days=i),
                )
        cases = case_list(visible=Case.objects.all(), filters=CaseFilters(sort=sort))
        page = case_page(cases, 2, 3)
        assert [c.pk for c in page.object_list] == [c.pk for c in cases[3:6]]
        assert page.paginator.count == 7 and page.paginator.num_pages == 3
        assert all(hasattr(c, "next_deadline") for c in page.object_list)

    def test_partner_lists_only_cases_of_own_organisation(self, bob: User, hank: User) -> None:
        mine = case_for(bob)
        theirs = case_for(hank)
        html = _html(verified_client(bob).get(LIST))
        assert mine.reference in html
        assert theirs.reference not in html
        assert theirs.subject.first_name not in html

    def test_filters_by_theme_status_and_overdue(self, alice: User, bob: User) -> None:
        ico = case_for(bob, theme=Theme.ICO)
        youth = case_for(bob, theme=Theme.YOUTH)
        Action.objects.create(
            case=youth,
            description="Huisbezoek",
            owner_organisation=_org(bob),
            deadline=timezone.localdate() - dt.timedelta(days=3),
        )
        client = verified_client(alice)
        html = _html(client.get(LIST, {"theme": Theme.YOUTH}))
        assert youth.reference in html and ico.reference not in html
        html = _html(client.get(LIST, {"overdue": "on"}))
        assert youth.reference in html and ico.reference not in html
        assert "Overdue: 1 action" in html  # in words, not colour alone
        html = _html(client.get(LIST, {"status": Status.TRIAGE}))
        assert ico.reference not in html

    def test_filter_by_partner_organisation(self, alice: User, bob: User) -> None:
        shared = case_for(bob, participants=[ggz()])
        police_only = case_for(bob)
        html = _html(verified_client(alice).get(LIST, {"partner": ggz().pk}))
        assert shared.reference in html and police_only.reference not in html

    def test_unknown_filter_value_is_reported_and_ignored(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        response = verified_client(alice).get(LIST, {"theme": "bestaat-niet", "partner": "x"})
        assert response.status_code == 200
        html = _html(response)
        assert "was not recognised" in html
        assert case.reference in html

    def test_search_by_bsn_by_post_finds_the_case_and_logs_no_bsn(
        self, alice: User, bob: User
    ) -> None:
        target = case_for(bob, subject=synthetic_person(bsn=BSN))
        other = case_for(bob)
        response = verified_client(alice).post(LIST, {"q": BSN})
        html = _html(response)
        assert target.reference in html and other.reference not in html
        row = _last_row()
        assert row is not None and row.action == AuditAction.SEARCH
        for value in row.__dict__.values():
            assert BSN not in str(value)

    def test_search_by_name_and_date_of_birth(self, alice: User, bob: User) -> None:
        target = case_for(
            bob,
            subject=synthetic_person(
                first_name="Zoë", last_name="Zoekbaar", date_of_birth=dt.date(1987, 4, 5)
            ),
        )
        other = case_for(bob)
        client = verified_client(alice)
        for term in ("zoekbaar", "05-04-1987"):
            html = _html(client.post(LIST, {"q": term}))
            assert target.reference in html and other.reference not in html, term

    def test_search_term_in_the_url_is_ignored(self, alice: User, bob: User) -> None:
        target = case_for(bob, subject=synthetic_person(bsn=BSN))
        other = case_for(bob)
        html = _html(verified_client(alice).get(LIST, {"q": BSN}))
        assert target.reference in html and other.reference in html  # not filtered
        assert _last_row().action == AuditAction.LIST

    def test_bad_search_term_gets_a_clear_error(self, alice: User, bob: User) -> None:
        case_for(bob)
        client = verified_client(alice)
        assert "exactly 9 digits" in _html(client.post(LIST, {"q": "12345"}))
        assert "not a valid BSN" in _html(client.post(LIST, {"q": "123456789"}))
        assert "does not exist" in _html(client.post(LIST, {"q": "31-02-2001"}))

    def test_no_personal_data_in_links(self, alice: User, bob: User) -> None:
        case = case_for(bob, subject=synthetic_person(bsn=BSN))
        html = _html(verified_client(alice).post(LIST, {"q": BSN}))
        for href in html.split('href="')[1:]:
            link = href.split('"')[0]
            assert BSN not in link and case.subject.last_name not in link

    def test_pagination_keeps_filters_in_links_and_search_in_post(
        self, alice: User, bob: User
    ) -> None:
        subject = synthetic_person(last_name="Pagina")
        for _ in range(51):
            case_for(bob, subject=subject, theme=Theme.NUISANCE)
        client = verified_client(alice)
        html = _html(client.get(LIST, {"theme": Theme.NUISANCE}))
        assert "page 1 of 2" in html
        assert "?theme=overlast&amp;pagina=2" in html
        html = _html(client.post(LIST, {"q": "Pagina"}))
        assert 'name="pagina" value="2"' in html
        page_two = client.post(LIST, {"q": "Pagina", "pagina": "2"})
        assert len(page_two.context["page"].object_list) == 1

    def test_query_count_does_not_grow_with_cases(
        self, alice: User, bob: User, django_assert_max_num_queries
    ) -> None:
        client = verified_client(alice)
        for _ in range(3):
            case_for(bob, participants=[ggz()])
        client.get(LIST)  # warm the session and caches

        with CaptureQueriesContext(connection) as few:
            client.get(LIST)
        for _ in range(27):
            case = case_for(bob, participants=[ggz()])
            Action.objects.create(
                case=case,
                description="Bellen",
                owner_organisation=_org(bob),
                deadline=timezone.localdate() - dt.timedelta(days=1),
            )
        with CaptureQueriesContext(connection) as many:
            client.get(LIST)
        assert len(many) == len(few)
        with django_assert_max_num_queries(LIST_QUERY_BUDGET):
            client.get(LIST)
        partner = verified_client(bob)
        with django_assert_max_num_queries(LIST_QUERY_BUDGET):
            partner.get(LIST)


# --- The case page ----------------------------------------------------------------------------


class TestCasePage:
    def test_contributions_of_other_scopes_never_in_the_html(
        self, alice: User, bob: User, hank: User
    ) -> None:
        case = case_for(bob, participants=[ggz()])
        shared = contribution(case, bob, scope=Scope.PARTICIPANTS)
        coordination = contribution(case, bob, scope=Scope.COORDINATION)
        source = contribution(case, bob, scope=Scope.SOURCE)
        for item, text in (
            (shared, "GEDEELD-7731"),
            (coordination, "REGIE-5520"),
            (source, "BRON-9043"),
        ):
            Contribution.objects.filter(pk=item.pk).update(text=text)
        url = reverse("cases:detail", args=[case.pk])
        seen = {user.username: _html(verified_client(user).get(url)) for user in (alice, bob, hank)}
        assert "GEDEELD-7731" in seen["hank"]
        assert "REGIE-5520" not in seen["hank"] and "BRON-9043" not in seen["hank"]
        assert "GEDEELD-7731" in seen["alice"] and "REGIE-5520" in seen["alice"]
        assert "BRON-9043" not in seen["alice"]
        assert all(text in seen["bob"] for text in ("GEDEELD-7731", "REGIE-5520", "BRON-9043"))

    def test_shows_summary_participants_plan_overdue_actions_and_timeline(
        self, alice: User, bob: User
    ) -> None:
        case = case_for(bob, participants=[ggz()])
        Action.objects.create(
            case=case,
            description="Gesprek plannen",
            owner_organisation=ggz(),
            deadline=dt.date(2000, 1, 1),
        )
        html = _html(verified_client(alice).get(reverse("cases:detail", args=[case.pk])))
        assert reverse("cases:person", args=[case.subject_id]) in html
        assert "Ggz" in html and "Gesprek plannen" in html
        assert "Overdue" in html
        assert 'id="timeline"' in html and "Registered" in html
        assert "Problems in several life domains" in html

    def test_query_count_is_bounded(
        self, alice: User, bob: User, hank: User, django_assert_max_num_queries
    ) -> None:
        case = case_for(bob, participants=[ggz()])
        for scope in Scope:
            for _ in range(5):
                contribution(case, bob, scope=scope)
                contribution(case, hank, scope=scope)
        for _ in range(10):
            Action.objects.create(
                case=case,
                description="Actie",
                owner_organisation=ggz(),
                owner_user=hank,
                deadline=dt.date(2030, 1, 1),
            )
        url = reverse("cases:detail", args=[case.pk])
        for user in (alice, bob):
            client = verified_client(user)
            client.get(url)
            with django_assert_max_num_queries(DETAIL_QUERY_BUDGET):
                assert client.get(url).status_code == 200

    def test_query_count_does_not_grow_with_items(self, bob: User, hank: User) -> None:
        case = case_for(bob, participants=[ggz()])
        client = verified_client(bob)
        url = reverse("cases:detail", args=[case.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for scope in Scope:
            contribution(case, bob, scope=scope)
            contribution(case, hank, scope=scope)
            Action.objects.create(
                case=case,
                description="Actie",
                owner_organisation=ggz(),
                owner_user=hank,
                deadline=dt.date(2030, 1, 1),
            )
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few)


# --- Person page ------------------------------------------------------------------------------


class TestPersonPage:
    def test_coordinator_sees_masked_bsn_partner_sees_none(self, alice: User, bob: User) -> None:
        person = synthetic_person(bsn=BSN)
        case = case_for(bob, subject=person)
        url = reverse("cases:person", args=[person.pk])
        coordinator = _html(verified_client(alice).get(url))
        partner = _html(verified_client(bob).get(url))
        assert "******333" in coordinator and BSN not in coordinator
        assert "******333" not in partner and BSN not in partner
        assert case.reference in coordinator and case.reference in partner

    def test_lists_only_cases_the_user_may_see(self, bob: User, hank: User) -> None:
        person = synthetic_person()
        mine = case_for(bob, subject=person)
        theirs = case_for(hank, subject=person)
        html = _html(verified_client(bob).get(reverse("cases:person", args=[person.pk])))
        assert mine.reference in html and theirs.reference not in html


# --- Forms ------------------------------------------------------------------------------------


def _registration(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Fenna",
        "name_prefix": "van",
        "last_name": "Aanmelding",
        "date_of_birth": "12-03-1992",
        "bsn": "",
        "theme": Theme.NUISANCE,
        "reason": "Ernstige overlast in de buurt.",
        "crit_multi_domain": "on",
    }
    data.update(overrides)
    return data


class TestRegistration:
    def test_partner_registers_person_and_case(self, bob: User) -> None:
        client = verified_client(bob)
        response = client.post(reverse("cases:register"), _registration(bsn=BSN))
        case = Case.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:detail", args=[case.pk])
        assert case.registering_organisation == bob.organisation
        assert case.subject.full_name == "Fenna van Aanmelding"
        assert case.subject.date_of_birth == dt.date(1992, 3, 12)
        assert case.crit_multi_domain and not case.crit_coercion
        assert BSN not in case.subject.bsn_encrypted
        page = client.get(response["Location"])
        assert "has been registered" in _html(page)

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"crit_multi_domain": ""}, "Tick at least one admission criterion."),
            ({"bsn": "123456789"}, "not a valid BSN"),
            ({"date_of_birth": "31-02-1990"}, 'id="id_date_of_birth-error"'),
            ({"date_of_birth": "01-01-2999"}, "lies in the future"),
            ({"reason": ""}, 'id="id_reason-error"'),
            ({"reason": "   "}, 'id="id_reason-error"'),
            ({"theme": "onbekend"}, 'id="id_theme-error"'),
            ({"last_name": ""}, 'id="id_last_name-error"'),
        ],
    )
    def test_bad_input_changes_nothing(self, bob: User, overrides, message) -> None:
        response = verified_client(bob).post(reverse("cases:register"), _registration(**overrides))
        assert response.status_code == 200
        assert message in _html(response)
        assert not Case.objects.exists() and not Person.objects.exists()

    def test_error_is_linked_to_its_field(self, bob: User) -> None:
        html = _html(
            verified_client(bob).post(reverse("cases:register"), _registration(bsn="123456789"))
        )
        assert 'id="id_bsn-error"' in html
        assert 'aria-describedby="id_bsn-description id_bsn-error"' in html
        assert 'aria-invalid="true"' in html


class TestTriageAndWork:
    def test_coordinator_moves_case_to_triage_and_accepts_it(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        client = verified_client(alice)
        url = reverse("cases:transition", args=[case.pk])
        html = _html(client.get(url))
        assert f'value="{Status.TRIAGE}"' in html and f'value="{Status.CLOSED}"' not in html
        before = _audit_rows()
        response = client.post(url, {"to_status": Status.TRIAGE, "from_status": Status.REGISTERED})
        assert response.status_code == 302
        assert _audit_rows() == before + 1  # the service's row only
        # Accepting is triage's decision: the status form no longer offers it, and a forged
        # POST is refused; the form page links to the triage decision instead.
        table = Table.objects.create(code="ico", name="ICO-tafel", theme=Theme.ICO)
        html = _html(client.get(url))
        assert f'value="{Status.ACCEPTED}"' not in html
        assert reverse("triage:decide", args=[case.pk]) in html
        refused = client.post(url, {"to_status": Status.ACCEPTED, "table": table.pk})
        assert refused.status_code == 200
        case.refresh_from_db()
        assert case.status == Status.TRIAGE
        client.post(
            reverse("triage:decide", args=[case.pk]),
            {"outcome": "accept", "table": table.pk, "reason": "Meervoudig."},
        )
        case.refresh_from_db()
        assert case.status == Status.ACCEPTED and case.table == table

    def test_invalid_transition_is_refused_with_a_clear_message(
        self, alice: User, bob: User
    ) -> None:
        case = case_for(bob)
        response = verified_client(alice).post(
            reverse("cases:transition", args=[case.pk]),
            {"to_status": Status.CLOSED, "reason": "Klaar", "from_status": Status.REGISTERED},
        )
        assert response.status_code == 200
        assert "cannot move to" in _html(response)
        case.refresh_from_db()
        assert case.status == Status.REGISTERED
        assert StatusChange.objects.filter(case=case).count() == 1

    def test_partner_cannot_post_a_decision(self, bob: User) -> None:
        case = case_for(bob)
        response = verified_client(bob).post(
            reverse("cases:transition", args=[case.pk]), {"to_status": Status.TRIAGE}
        )
        assert response.status_code == 404
        case.refresh_from_db()
        assert case.status == Status.REGISTERED

    def test_contribution_with_scope(self, bob: User, hank: User) -> None:
        case = case_for(bob, participants=[ggz()])
        url = reverse("cases:contribution_add", args=[case.pk])
        html = _html(verified_client(bob).get(url))
        assert "Only your own organisation can read it." in html
        response = verified_client(bob).post(
            url,
            {
                "text": "Alleen voor de politie.",
                "data_category": DataCategory.POLICE,
                "legal_basis": "wpg_16",
                "scope": Scope.SOURCE,
            },
        )
        assert response.status_code == 302
        item = Contribution.objects.get()
        assert item.scope == Scope.SOURCE and item.organisation == bob.organisation
        hank_html = _html(verified_client(hank).get(reverse("cases:detail", args=[case.pk])))
        assert "Alleen voor de politie." not in hank_html

    def test_contribution_without_scope_changes_nothing(self, bob: User) -> None:
        case = case_for(bob)
        response = verified_client(bob).post(
            reverse("cases:contribution_add", args=[case.pk]),
            {"text": "Tekst", "data_category": DataCategory.POLICE, "legal_basis": "wpg_16"},
        )
        assert response.status_code == 200
        assert 'id="id_scope-error"' in _html(response)
        assert not Contribution.objects.exists()

    def test_non_participant_cannot_contribute(self, bob: User, ivy: User) -> None:
        case = case_for(bob)
        response = verified_client(ivy).post(
            reverse("cases:contribution_add", args=[case.pk]),
            {"text": "x", "data_category": "police", "legal_basis": "wpg_16", "scope": "source"},
        )
        assert response.status_code == 404
        assert not Contribution.objects.exists()

    def test_invite_plan_action_and_update(self, alice: User, bob: User, hank: User) -> None:
        case = case_for(bob)
        client = verified_client(alice)
        response = client.post(
            reverse("cases:invite", args=[case.pk]), {"organisation": ggz().pk, "role": "deelnemer"}
        )
        assert response.status_code == 302
        response = client.post(
            reverse("cases:plan", args=[case.pk]),
            {"goals": "Rust in de buurt binnen drie maanden."},
        )
        assert response.status_code == 302
        url = reverse("cases:action_add", args=[case.pk])
        form_html = _html(client.get(url))
        assert "Hank" in form_html  # owners: people of participating organisations
        response = client.post(
            url,
            {
                "description": "Huisbezoek",
                "owner_organisation": ggz().pk,
                "owner_user": hank.pk,
                "deadline": "01-02-2030",
            },
        )
        assert response.status_code == 302
        action = Action.objects.get()
        assert action.owner_user == hank and action.deadline == dt.date(2030, 2, 1)
        update = reverse("cases:action_update", args=[case.pk, action.pk])
        response = verified_client(hank).post(update, {"status": ActionStatus.DONE, "result": ""})
        assert response.status_code == 200
        assert "Describe the result" in _html(response)
        response = verified_client(hank).post(
            update, {"status": ActionStatus.DONE, "result": "Gesprek gevoerd."}
        )
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.status == ActionStatus.DONE

    def test_action_owner_must_take_part(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        response = verified_client(alice).post(
            reverse("cases:action_add", args=[case.pk]),
            {"description": "Huisbezoek", "owner_organisation": ggz().pk, "deadline": "01-02-2030"},
        )
        assert response.status_code == 200
        assert "must take part in the case" in _html(response)
        assert not Action.objects.exists()


class TestDocuments:
    def test_upload_and_download_as_attachment(
        self, alice: User, bob: User, hank: User, ivy: User, document_root
    ) -> None:
        case = case_for(bob, participants=[ggz()])
        upload = SimpleUploadedFile("verslag.txt", b"Vertrouwelijk verslag", "text/plain")
        response = verified_client(bob).post(
            reverse("cases:document_upload", args=[case.pk]),
            {"upload": upload, "data_category": DataCategory.POLICE, "scope": Scope.COORDINATION},
        )
        assert response.status_code == 302
        document = Document.objects.get()
        url = reverse("cases:document_download", args=[document.pk])
        assert url in _html(verified_client(alice).get(reverse("cases:detail", args=[case.pk])))
        response = verified_client(alice).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "text/plain"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert body == b"Vertrouwelijk verslag"
        row = _last_row()
        assert row.action == AuditAction.DOWNLOAD and row.object_id == str(document.pk)
        for user in (hank, ivy):  # outside the scope / not taking part
            assert verified_client(user).get(url).status_code == 404

    def test_disallowed_type_changes_nothing(self, bob: User, document_root) -> None:
        case = case_for(bob)
        upload = SimpleUploadedFile("script.html", b"<script>", "text/html")
        response = verified_client(bob).post(
            reverse("cases:document_upload", args=[case.pk]),
            {"upload": upload, "data_category": DataCategory.POLICE, "scope": Scope.SOURCE},
        )
        assert response.status_code == 200
        assert "file type is not allowed" in _html(response)
        assert not Document.objects.exists()
        assert not any(document_root.rglob("*.*"))


class TestBreakGlass:
    def test_partner_opens_a_case_with_a_reason(self, bob: User, hank: User) -> None:
        case = case_for(hank)
        client = verified_client(bob)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
        response = client.post(
            reverse("cases:break_glass"),
            {
                "reference": case.reference,
                "reason": "Acute dreiging gemeld bij de meldkamer, gegevens nodig.",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:detail", args=[case.pk])
        page = client.get(response["Location"])
        assert "through emergency access" in _html(page)
        assert _last_row().break_glass
        assert BreakGlass.objects.filter(user=bob, case=case).exists()
        # read only: no buttons to change the case
        assert reverse("cases:contribution_add", args=[case.pk]) not in _html(page)

    def test_unknown_and_refused_cases_get_the_same_answer(self, bob: User, hank: User) -> None:
        radical = case_for(hank, theme=Theme.RADICALISATION)
        client = verified_client(bob)
        reason = "Acute dreiging gemeld bij de meldkamer, gegevens nodig."
        answers = [
            _html(client.post(reverse("cases:break_glass"), {"reference": ref, "reason": reason}))
            for ref in (radical.reference, "ZVH-1900-00001")
        ]
        message = "No case with this reference can be opened with emergency access."
        assert all(message in html for html in answers)
        assert not BreakGlass.objects.exists()

    def test_short_reason_is_refused(self, bob: User, hank: User) -> None:
        case = case_for(hank)
        response = verified_client(bob).post(
            reverse("cases:break_glass"), {"reference": case.reference, "reason": "nodig"}
        )
        assert response.status_code == 200
        assert 'id="id_reason-error"' in _html(response)
        assert not BreakGlass.objects.exists()
