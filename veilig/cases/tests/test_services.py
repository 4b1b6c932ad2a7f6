"""The case services: valid and refused writes, clear messages, nothing written on bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from veilig.access.errors import NotFound
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry, AuditResult
from veilig.cases.models import Action, Contribution, Document, Plan, StatusChange, Table
from veilig.cases.services import (
    action_add,
    action_update,
    case_register,
    case_transition,
    contribution_add,
    document_upload,
    plan_set,
)
from veilig.cases.vocabulary import (
    NEEDS_REASON,
    TRANSITIONS,
    TRIAGE_OUTCOME_STATUSES,
    ActionStatus,
    DataCategory,
    LegalBasis,
    Scope,
    Status,
    Theme,
)
from veilig.consultations.services import triage_decide
from veilig.consultations.vocabulary import GENERAL_OUTCOMES, OUTCOME_STATUS, TriageOutcome
from veilig.testing.casework import case_for, ggz, synthetic_person

pytestmark = pytest.mark.django_db


def _accept(user: User, case_id: int) -> None:
    """Triage accepts the case at the ICO table (only triage decides that, issue #14)."""
    table, _ = Table.objects.get_or_create(code="ico", defaults={"name": "ICO", "theme": Theme.ICO})
    triage_decide(
        context=AuditContext.for_command(user),
        case_id=case_id,
        outcome=TriageOutcome.ACCEPT,
        reason="Meervoudig.",
        table_id=table.pk,
    )


def _move(user: User, case_id: int, *path: Status) -> None:
    for status in path:
        case_transition(
            context=AuditContext.for_command(user),
            case_id=case_id,
            to_status=status,
            reason="Reden van besluit.",
        )


class TestTransitions:
    def test_the_workflow_leaves_every_triage_outcome_to_triage(
        self, alice: User, bob: User
    ) -> None:
        table = Table.objects.create(code="ico", name="ICO", theme=Theme.ICO)
        for target in TRANSITIONS[Status.TRIAGE]:
            case = case_for(bob)
            _move(alice, case.pk, Status.TRIAGE)
            with pytest.raises(ValidationError) as refused:
                case_transition(
                    context=AuditContext.for_command(alice),
                    case_id=case.pk,
                    to_status=target,
                    reason="Besluit van de weegploeg.",
                    table=table,
                )
            assert refused.value.messages == ["Decide this in triage."]
            case.refresh_from_db()
            assert case.status == Status.TRIAGE

    def test_every_route_out_of_triage_through_the_triage_decision(
        self, alice: User, bob: User
    ) -> None:
        table = Table.objects.create(code="ico", name="ICO", theme=Theme.ICO)
        for outcome in GENERAL_OUTCOMES:
            case = case_for(bob)
            _move(alice, case.pk, Status.TRIAGE)
            triage_decide(
                context=AuditContext.for_command(alice),
                case_id=case.pk,
                outcome=outcome,
                reason="Besluit van de weegploeg.",
                table_id=table.pk,
            )
            case.refresh_from_db()
            assert case.status == OUTCOME_STATUS[outcome]
            assert case.status_changes.filter(to_status=case.status).exists()
        assert set(OUTCOME_STATUS[o] for o in GENERAL_OUTCOMES) == TRANSITIONS[Status.TRIAGE]

    @pytest.mark.parametrize(
        ("current", "target"),
        [
            (current, target)
            for current in Status
            for target in Status
            if target not in TRANSITIONS[current] and target not in TRIAGE_OUTCOME_STATUSES
        ],
    )
    def test_invalid_transitions_are_refused_with_a_clear_message(
        self, alice: User, bob: User, current: Status, target: Status
    ) -> None:
        case = case_for(bob)
        case.status = current
        case.save(update_fields=["status"])
        changes = StatusChange.objects.count()
        with pytest.raises(ValidationError) as refused:
            case_transition(
                context=AuditContext.for_command(alice),
                case_id=case.pk,
                to_status=target,
                reason="Omdat.",
            )
        assert str(current.label) in refused.value.messages[0]
        assert str(target.label) in refused.value.messages[0]
        case.refresh_from_db()
        assert case.status == current
        assert StatusChange.objects.count() == changes

    @pytest.mark.parametrize("target", sorted(NEEDS_REASON & TRANSITIONS[Status.PLAN]))
    def test_reason_is_required(self, alice: User, bob: User, target: Status) -> None:
        case = case_for(bob)
        _accept(alice, case.pk)
        _move(alice, case.pk, Status.PLAN)
        with pytest.raises(ValidationError) as refused:
            case_transition(
                context=AuditContext.for_command(alice),
                case_id=case.pk,
                to_status=target,
                reason="  ",
            )
        assert "reason" in refused.value.message_dict
        case.refresh_from_db()
        assert case.status == Status.PLAN

    def test_not_picking_up_needs_a_reason(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        with pytest.raises(ValidationError) as refused:
            triage_decide(
                context=AuditContext.for_command(alice),
                case_id=case.pk,
                outcome=TriageOutcome.NOT_ACCEPTED,
                reason="  ",
            )
        assert "reason" in refused.value.message_dict
        case.refresh_from_db()
        assert case.status == Status.REGISTERED

    def test_accepting_needs_a_table(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        with pytest.raises(ValidationError) as refused:
            triage_decide(
                context=AuditContext.for_command(alice),
                case_id=case.pk,
                outcome=TriageOutcome.ACCEPT,
                reason="Meervoudig.",
            )
        assert "table" in refused.value.message_dict

    def test_closing_records_outcome_and_time(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        _accept(alice, case.pk)
        case = case_transition(
            context=AuditContext.for_command(alice),
            case_id=case.pk,
            to_status=Status.CLOSED,
            reason="Doelen bereikt.",
        )
        assert case.outcome == "Doelen bereikt." and case.closed_at is not None

    def test_partner_may_not_decide_and_the_denial_is_logged(self, bob: User) -> None:
        case = case_for(bob)
        with pytest.raises(NotFound):
            case_transition(
                context=AuditContext.for_command(bob), case_id=case.pk, to_status=Status.TRIAGE
            )
        row = AuditEntry.objects.order_by("-seq").first()
        assert row is not None and row.result == AuditResult.DENIED
        case.refresh_from_db()
        assert case.status == Status.REGISTERED


class TestRegistration:
    def test_needs_a_criterion_and_a_reason(self, bob: User) -> None:
        person = synthetic_person()
        with pytest.raises(ValidationError, match="admission criterion"):
            case_register(
                context=AuditContext.for_command(bob),
                subject=person,
                theme=Theme.ICO,
                reason="Reden",
                criteria={"multi_domain": False},
            )
        with pytest.raises(ValidationError):
            case_register(
                context=AuditContext.for_command(bob),
                subject=person,
                theme=Theme.ICO,
                reason=" ",
                criteria={"coercion": True},
            )
        assert not person.cases.exists()

    @pytest.mark.parametrize("who", ["carol", "dave", "grace"])
    def test_only_case_roles_register(self, request, who: str) -> None:
        with pytest.raises(ValidationError):
            case_register(
                context=AuditContext.for_command(request.getfixturevalue(who)),
                subject=synthetic_person(),
                theme=Theme.ICO,
                reason="Reden",
                criteria={"coercion": True},
            )


class TestWork:
    def test_contribution_needs_text_and_known_codes(self, bob: User) -> None:
        case = case_for(bob)
        for text, scope in (("", Scope.SOURCE), ("Tekst", "iedereen")):
            with pytest.raises(ValidationError):
                contribution_add(
                    context=AuditContext.for_command(bob),
                    case_id=case.pk,
                    text=text,
                    data_category=DataCategory.POLICE,
                    legal_basis=LegalBasis.WPG_16,
                    scope=scope,  # type: ignore[arg-type]
                )
        assert not Contribution.objects.exists()

    def test_plan_needs_goals(self, alice: User, bob: User) -> None:
        case = case_for(bob)
        with pytest.raises(ValidationError):
            plan_set(context=AuditContext.for_command(alice), case_id=case.pk, goals="  ")
        assert not Plan.objects.exists()
        plan_set(context=AuditContext.for_command(alice), case_id=case.pk, goals="Stabiel wonen.")
        plan_set(
            context=AuditContext.for_command(alice), case_id=case.pk, goals="Stabiel wonen en werk."
        )
        assert Plan.objects.get().goals == "Stabiel wonen en werk."

    def test_action_owner_rules(self, alice: User, bob: User, hank: User) -> None:
        case = case_for(bob)
        police = bob.organisation
        assert police is not None
        deadline = dt.date(2030, 1, 1)
        with pytest.raises(ValidationError, match="take part"):
            action_add(
                context=AuditContext.for_command(alice),
                case_id=case.pk,
                description="x",
                owner_organisation=ggz(),
                deadline=deadline,
            )
        with pytest.raises(ValidationError, match="work for"):
            action_add(
                context=AuditContext.for_command(alice),
                case_id=case.pk,
                description="x",
                owner_organisation=police,
                owner_user=hank,
                deadline=deadline,
            )
        assert not Action.objects.exists()
        action = action_add(
            context=AuditContext.for_command(alice),
            case_id=case.pk,
            description="Bellen",
            owner_organisation=police,
            owner_user=bob,
            deadline=deadline,
        )
        with pytest.raises(ValidationError, match="result"):
            action_update(
                context=AuditContext.for_command(bob), action_id=action.pk, status=ActionStatus.DONE
            )
        action.refresh_from_db()
        assert action.status == ActionStatus.OPEN
        action_update(
            context=AuditContext.for_command(bob),
            action_id=action.pk,
            status=ActionStatus.DONE,
            result="Gedaan.",
        )
        action.refresh_from_db()
        assert action.status == ActionStatus.DONE and action.completed_at is not None

    def test_action_update_of_unknown_action_is_404(self, bob: User) -> None:
        with pytest.raises(NotFound):
            action_update(
                context=AuditContext.for_command(bob),
                action_id=999,
                status=ActionStatus.DONE,
                result="x",
            )


class TestDocuments:
    def _upload(self, user: User, case_id: int, upload) -> Document:
        return document_upload(
            context=AuditContext.for_command(user),
            case_id=case_id,
            upload=upload,
            data_category=DataCategory.POLICE,
            scope=Scope.SOURCE,
        )

    def test_allowed_file_is_stored_under_a_random_name(self, bob: User, document_root) -> None:
        case = case_for(bob)
        document = self._upload(
            bob,
            case.pk,
            SimpleUploadedFile("Jansen, Piet.pdf", b"%PDF-1.4 test", "application/pdf"),
        )
        assert document.original_name == "Jansen, Piet.pdf"
        assert "Jansen" not in document.file.name
        assert (document_root / document.file.name).read_bytes() == b"%PDF-1.4 test"

    @pytest.mark.parametrize(
        ("name", "content_type"),
        [
            ("a.html", "text/html"),
            ("a.exe", "application/octet-stream"),
            ("a.pdf", "text/html"),
            ("a.svg", "image/svg+xml"),
            ("a.txt", "application/pdf"),
        ],
    )
    def test_type_limits(self, bob: User, document_root, name: str, content_type: str) -> None:
        case = case_for(bob)
        with pytest.raises(ValidationError) as refused:
            self._upload(bob, case.pk, SimpleUploadedFile(name, b"data", content_type))
        assert "not allowed" in refused.value.message_dict["upload"][0]
        assert not Document.objects.exists()
        assert not any(document_root.rglob("*.*"))

    def test_size_limit(self, bob: User, document_root, settings) -> None:
        settings.DOCUMENT_MAX_BYTES = 1024 * 1024
        case = case_for(bob)
        big = SimpleUploadedFile("groot.txt", b"x" * (1024 * 1024 + 1), "text/plain")
        with pytest.raises(ValidationError) as refused:
            self._upload(bob, case.pk, big)
        assert "larger than 1 MB" in refused.value.message_dict["upload"][0]
        assert not Document.objects.exists()
        assert not any(document_root.rglob("*.*"))

    def test_non_participant_cannot_upload(self, bob: User, hank: User, document_root) -> None:
        case = case_for(bob)
        with pytest.raises(NotFound):
            self._upload(hank, case.pk, SimpleUploadedFile("a.txt", b"x", "text/plain"))
        assert not Document.objects.exists()
