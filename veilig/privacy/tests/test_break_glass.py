"""The break-the-glass review on the privacy pages: the queue with its use counts, and the review
itself, which writes exactly one row whatever its outcome."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.cases.models import BreakGlass
from veilig.cases.services import break_glass_open
from veilig.privacy.tests.test_pages import _last_seq
from veilig.testing.casework import case_for
from veilig.testing.personas import persona, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(alice: User, bob: User) -> BreakGlass:
    case = case_for(alice)  # the police do not take part: bob needs break-the-glass
    return break_glass_open(
        context=AuditContext.for_command(bob),
        reference=case.reference,
        reason="Acute dreiging gemeld bij de meldkamer.",
    )


class TestBreakGlass:
    def test_queue_shows_the_grant_with_reason_case_and_window(
        self, frank_client: Client, grant: BreakGlass
    ) -> None:
        response = frank_client.get(reverse("privacy:break_glass"))
        content = response.content.decode()
        assert [g.pk for g, _ in response.context["queue"]] == [grant.pk]
        assert grant.case.reference in content
        assert "Acute dreiging gemeld bij de meldkamer." in content
        assert "Synthetische aanmelding" not in content  # the case's own reason is case content
        assert "bob" in content
        # The break-the-glass request itself is a flagged row in the list below.
        flagged = response.context["rows"]
        assert any(r.break_glass and r.user == "bob" for r in flagged)

    def test_use_count_counts_case_opens_under_the_grant(
        self, frank_client: Client, grant: BreakGlass, bob: User
    ) -> None:
        from veilig.access.cases import access_case

        access_case(AuditContext.for_command(bob), grant.case_id)
        access_case(AuditContext.for_command(bob), grant.case_id)
        response = frank_client.get(reverse("privacy:break_glass"))
        queued = response.context["queue"][0][0]
        assert queued.use_count == 2

    def test_review_records_note_and_cannot_be_done_twice(
        self, frank_client: Client, frank: User, grant: BreakGlass
    ) -> None:
        url = reverse("privacy:break_glass_review", args=[grant.pk])
        before = _last_seq()
        response = frank_client.post(url, {"note": "Terecht: acute situatie, gebruik beperkt."})
        assert response.status_code == 302
        grant.refresh_from_db()
        assert grant.reviewed_by == frank
        assert grant.review_note == "Terecht: acute situatie, gebruik beperkt."
        row = AuditEntry.objects.get(seq__gt=before)
        assert (row.object_type, row.action, row.object_id, row.result) == (
            "break_glass",
            AuditAction.UPDATE,
            str(grant.pk),
            AuditResult.GRANTED,
        )
        assert row.subject_person_id == grant.case.subject_id

        reviewed_at = grant.reviewed_at
        before = _last_seq()
        response = frank_client.post(url, {"note": "Nog een keer."}, follow=True)
        grant.refresh_from_db()
        assert grant.review_note == "Terecht: acute situatie, gebruik beperkt."
        assert grant.reviewed_at == reviewed_at
        assert any(m.level_tag == "error" for m in response.context["messages"])
        denied = AuditEntry.objects.filter(seq__gt=before, object_type="break_glass").get()
        assert denied.result == AuditResult.DENIED

        page = frank_client.get(reverse("privacy:break_glass"))
        assert page.context["queue"] == []
        assert [g.pk for g in page.context["reviewed"]] == [grant.pk]

    def test_empty_note_changes_nothing(self, frank_client: Client, grant: BreakGlass) -> None:
        url = reverse("privacy:break_glass_review", args=[grant.pk])
        response = frank_client.post(url, {"note": "   "})
        assert response.status_code == 400
        grant.refresh_from_db()
        assert grant.reviewed_at is None
        assert 'id="form-errors"' in response.content.decode()

    def test_unknown_grant_is_404(self, frank_client: Client) -> None:
        url = reverse("privacy:break_glass_review", args=[987654])
        assert frank_client.post(url, {"note": "x"}).status_code == 404

    def test_review_needs_post(self, frank_client: Client, grant: BreakGlass) -> None:
        url = reverse("privacy:break_glass_review", args=[grant.pk])
        assert frank_client.get(url).status_code == 405
        grant.refresh_from_db()
        assert grant.reviewed_at is None

    def test_nobody_reviews_their_own_access(self, alice: User) -> None:
        case = case_for(alice)
        officer = persona(
            "ingrid",
            org_code="politie",
            partner_type=PartnerType.POLICE,
            roles=[Role.PARTNER, Role.PRIVACY_OFFICER],
        )
        own = break_glass_open(
            context=AuditContext.for_command(officer),
            reference=case.reference,
            reason="Eigen noodtoegang om het nakijken te testen.",
        )
        client = verified_client(officer)
        client.post(reverse("privacy:break_glass_review", args=[own.pk]), {"note": "Prima."})
        own.refresh_from_db()
        assert own.reviewed_at is None

    def test_query_count_budget(
        self, frank_client: Client, alice: User, bob: User, django_assert_max_num_queries: Any
    ) -> None:
        def grants(n: int) -> None:
            for _ in range(n):
                case = case_for(alice)
                break_glass_open(
                    context=AuditContext.for_command(bob),
                    reference=case.reference,
                    reason="Acute zorg, dossier nodig.",
                )

        grants(2)
        url = reverse("privacy:break_glass")
        with django_assert_max_num_queries(22) as few:
            frank_client.get(url)
        grants(6)
        with django_assert_max_num_queries(22) as many:
            frank_client.get(url)
        assert len(many.captured_queries) == len(few.captured_queries)


class TestOneRowPerReview:
    """Whatever the outcome, a review request writes exactly one row."""

    def _post(self, client: Client, grant_id: int, note: str) -> tuple[Any, list[AuditEntry]]:
        before = _last_seq()
        response = client.post(
            reverse("privacy:break_glass_review", args=[grant_id]), {"note": note}
        )
        return response, list(AuditEntry.objects.filter(seq__gt=before))

    def test_other_role(self, bob: User, grant: BreakGlass) -> None:
        response, rows = self._post(verified_client(bob), grant.pk, "Terecht gebruikt.")
        assert response.status_code == 404
        assert [(r.result, r.object_type) for r in rows] == [(AuditResult.DENIED, "access_log")]

    def test_unknown_grant(self, frank_client: Client) -> None:
        response, rows = self._post(frank_client, 987654, "Terecht gebruikt.")
        assert response.status_code == 404
        assert [(r.result, r.detail, r.object_id) for r in rows] == [
            (AuditResult.DENIED, "review:unknown", "987654")
        ]

    def test_invalid_note_shows_the_queue_with_its_row(
        self, frank_client: Client, grant: BreakGlass
    ) -> None:
        response, rows = self._post(frank_client, grant.pk, " ")
        assert response.status_code == 400
        assert [(r.result, r.detail) for r in rows] == [
            (AuditResult.GRANTED, "break-glass-queue:invalid-review")
        ]
        # The page's list stops at its own row.
        assert response.context["query"].endswith(f"tot_nr={rows[0].seq}")

    def test_review_then_again(self, frank_client: Client, grant: BreakGlass) -> None:
        response, rows = self._post(frank_client, grant.pk, "Terecht: acute situatie.")
        assert response.status_code == 302
        assert [(r.result, r.detail) for r in rows] == [(AuditResult.GRANTED, "review")]
        response, rows = self._post(frank_client, grant.pk, "Nog een keer.")
        assert response.status_code == 302
        assert [(r.result, r.detail) for r in rows] == [
            (AuditResult.DENIED, "review:already-reviewed")
        ]

    def test_own_access(self, alice: User) -> None:
        officer = persona(
            "ingrid",
            org_code="politie",
            partner_type=PartnerType.POLICE,
            roles=[Role.PARTNER, Role.PRIVACY_OFFICER],
        )
        own = break_glass_open(
            context=AuditContext.for_command(officer),
            reference=case_for(alice).reference,
            reason="Eigen noodtoegang om het nakijken te testen.",
        )
        client = verified_client(officer)
        for note in ("Prima, terecht.", ""):  # the own-access refusal comes before the note
            response, rows = self._post(client, own.pk, note)
            assert response.status_code == 302
            assert [(r.result, r.detail, r.role) for r in rows] == [
                (AuditResult.DENIED, "review:own-access", "partner,privacy_officer")
            ]
