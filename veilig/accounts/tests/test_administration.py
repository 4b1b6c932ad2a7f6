"""Separation of duties in /beheer/ and the audit rows of every change of rights (F12, F11)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from veilig.accounts.administration import (
    GrantOutcome,
    RightsRefused,
    privilege_request_approve,
    user_role_grant,
)
from veilig.accounts.models import Organisation, PrivilegeRequest, RequestOutcome, User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.testing.administrators import post_user_change, staff_administrator
from veilig.testing.personas import organisation, persona, verified_client

REQUESTS = reverse("admin:accounts_privilegerequest_changelist")


def _rows(object_type: str) -> list[tuple[str, str, str, str]]:
    return list(
        AuditEntry.objects.filter(object_type=object_type)
        .order_by("seq")
        .values_list("action", "result", "object_id", "detail")
    )


def _roles(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).roles.values_list("role", flat=True))


def _decide(client: Client, request: PrivilegeRequest, action: str) -> None:
    response = client.post(
        REQUESTS, {"action": action, "_selected_action": [request.pk], "index": 0}
    )
    assert response.status_code == 302


@pytest.fixture
def grace(db: None) -> User:
    return staff_administrator("grace")


@pytest.fixture
def ivan(db: None) -> User:
    """The second administrator."""
    return staff_administrator("ivan")


@pytest.fixture
def bob(db: None) -> User:
    return persona("bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER])


@pytest.mark.django_db
class TestOwnRights:
    def test_the_service_refuses_a_grant_to_oneself_and_logs_it(self, grace: User) -> None:
        with pytest.raises(RightsRefused):
            user_role_grant(
                context=AuditContext(actor=grace), user=grace, role=Role.COORDINATOR.value
            )
        assert _roles(grace) == {"admin"}
        assert _rows("user_role") == [
            ("grant", "denied", str(grace.pk), "role:coordinator;refused:self")
        ]

    def test_own_rights_are_read_only_on_the_change_page(self, grace: User) -> None:
        page = verified_client(grace).get(reverse("admin:accounts_user_change", args=[grace.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert 'name="organisation"' not in html
        assert 'name="is_staff"' not in html
        assert 'name="roles-0-role"' not in html

    def test_a_non_administrator_cannot_grant(self, bob: User, grace: User) -> None:
        with pytest.raises(RightsRefused) as refused:
            user_role_grant(context=AuditContext(actor=bob), user=grace, role="partner")
        assert refused.value.code == "not_administrator"

    def test_a_superuser_account_is_not_editable(self, grace: User) -> None:
        root = User.objects.create_superuser("root", password="x-long-enough-password")
        response = post_user_change(verified_client(grace), root, roles=[], first_name="X")
        assert response.status_code == 403
        root.refresh_from_db()
        assert root.first_name == ""


@pytest.mark.django_db
class TestFourEyes:
    def test_coordinator_becomes_a_pending_request(self, grace: User, bob: User) -> None:
        post_user_change(verified_client(grace), bob, roles=["partner", "coordinator"])

        assert _roles(bob) == {"partner"}
        request = PrivilegeRequest.objects.get()
        assert (request.requester, request.target, request.role) == (grace, bob, "coordinator")
        assert request.outcome == RequestOutcome.PENDING
        assert _rows("privilege_request") == [
            ("create", "granted", str(request.pk), f"role:coordinator;user:{bob.pk}")
        ]
        assert _rows("user_role") == []

    def test_a_second_click_makes_no_second_request(self, grace: User, bob: User) -> None:
        context = AuditContext(actor=grace)
        for _attempt in range(2):
            outcome = user_role_grant(context=context, user=bob, role="coordinator")
            assert outcome is GrantOutcome.PENDING
        assert PrivilegeRequest.objects.count() == 1

    def test_the_requester_cannot_approve(self, grace: User, bob: User) -> None:
        client = verified_client(grace)
        post_user_change(client, bob, roles=["partner", "coordinator"])
        request = PrivilegeRequest.objects.get()

        _decide(client, request, "approve")

        request.refresh_from_db()
        assert request.outcome == RequestOutcome.PENDING
        assert _roles(bob) == {"partner"}
        assert _rows("privilege_request")[-1] == (
            "approve",
            "denied",
            str(request.pk),
            f"role:coordinator;user:{bob.pk};refused:own_request",
        )

    def test_the_target_cannot_approve_its_own_request(self, grace: User, ivan: User) -> None:
        user_role_grant(context=AuditContext(actor=grace), user=ivan, role="coordinator")
        request = PrivilegeRequest.objects.get()
        with pytest.raises(RightsRefused) as refused:
            privilege_request_approve(context=AuditContext(actor=ivan), request_id=request.pk)
        assert refused.value.code == "own_request"
        assert "coordinator" not in _roles(ivan)

    def test_a_second_administrator_approves(self, grace: User, ivan: User, bob: User) -> None:
        post_user_change(verified_client(grace), bob, roles=["partner", "coordinator"])
        request = PrivilegeRequest.objects.get()

        _decide(verified_client(ivan), request, "approve")

        request.refresh_from_db()
        assert (request.outcome, request.decided_by) == (RequestOutcome.APPROVED, ivan)
        assert request.decided_at is not None
        assert _roles(bob) == {"partner", "coordinator"}
        assert _rows("privilege_request")[-1] == (
            "approve",
            "granted",
            str(request.pk),
            f"role:coordinator;user:{bob.pk}",
        )
        assert _rows("user_role") == [
            ("grant", "granted", str(bob.pk), f"role:coordinator;request:{request.pk}")
        ]
        row = AuditEntry.objects.get(object_type="user_role")
        assert (row.actor, row.actor_username) == (ivan, "ivan")

    def test_an_approved_request_cannot_be_decided_again(
        self, grace: User, ivan: User, bob: User
    ) -> None:
        user_role_grant(context=AuditContext(actor=grace), user=bob, role="coordinator")
        request = PrivilegeRequest.objects.get()
        privilege_request_approve(context=AuditContext(actor=ivan), request_id=request.pk)
        heidi = staff_administrator("heidi")
        with pytest.raises(RightsRefused) as refused:
            privilege_request_approve(context=AuditContext(actor=heidi), request_id=request.pk)
        assert refused.value.code == "decided"

    def test_a_second_administrator_rejects(self, grace: User, ivan: User, bob: User) -> None:
        user_role_grant(context=AuditContext(actor=grace), user=bob, role="coordinator")
        request = PrivilegeRequest.objects.get()

        _decide(verified_client(ivan), request, "reject")

        request.refresh_from_db()
        assert request.outcome == RequestOutcome.REJECTED
        assert _roles(bob) == {"partner"}
        assert _rows("privilege_request")[-1][:2] == ("reject", "granted")

    def test_the_admin_role_needs_approval_too(self, grace: User, bob: User) -> None:
        outcome = user_role_grant(context=AuditContext(actor=grace), user=bob, role="admin")
        assert outcome is GrantOutcome.PENDING
        assert _roles(bob) == {"partner"}

    def test_pending_requests_are_listed(self, grace: User, ivan: User, bob: User) -> None:
        user_role_grant(context=AuditContext(actor=grace), user=bob, role="coordinator")
        page = verified_client(ivan).get(REQUESTS)
        assert page.status_code == 200
        assert 'value="approve"' in page.content.decode()
        assert "bob" in page.content.decode()


@pytest.mark.django_db
class TestAuditRowsOfUserChanges:
    def test_an_ordinary_role_is_granted_at_once(self, grace: User, bob: User) -> None:
        post_user_change(verified_client(grace), bob, roles=["partner", "team_member"])
        assert _roles(bob) == {"partner", "team_member"}
        assert _rows("user_role") == [("grant", "granted", str(bob.pk), "role:team_member")]

    def test_a_role_is_revoked(self, grace: User, bob: User) -> None:
        post_user_change(verified_client(grace), bob, roles=["partner"], **{"roles-0-DELETE": "on"})
        assert _roles(bob) == set()
        assert _rows("user_role") == [("revoke", "granted", str(bob.pk), "role:partner")]

    def test_organisation_change_and_deactivation(self, grace: User, bob: User) -> None:
        ggz = organisation("ggz", PartnerType.MENTAL_HEALTH)
        post_user_change(
            verified_client(grace), bob, roles=["partner"], organisation=ggz.pk, is_active=None
        )
        bob.refresh_from_db()
        assert bob.organisation == ggz and not bob.is_active
        assert _rows("user") == [
            ("update", "granted", str(bob.pk), "field:is_active=0"),
            ("update", "granted", str(bob.pk), f"field:organisation={ggz.pk}"),
        ]

    def test_user_created(self, grace: User) -> None:
        response = verified_client(grace).post(
            reverse("admin:accounts_user_add"),
            {
                "username": "nieuw",
                "usable_password": "false",
                "roles-TOTAL_FORMS": "0",
                "roles-INITIAL_FORMS": "0",
                "_save": "Save",
            },
        )
        assert response.status_code == 302
        created = User.objects.get(username="nieuw")
        assert _rows("user") == [("create", "granted", str(created.pk), "")]

    def test_password_set_by_an_administrator(self, grace: User, bob: User) -> None:
        url = reverse("admin:auth_user_password_change", args=[bob.pk])
        new = "another-long-synthetic-pass-42"
        response = verified_client(grace).post(
            url, {"password1": new, "password2": new, "usable_password": "true"}
        )
        assert response.status_code == 302
        assert _rows("user") == [("update", "granted", str(bob.pk), "field:password")]

    def test_organisation_created_and_changed(self, grace: User) -> None:
        client = verified_client(grace)
        data = {"code": "om", "name": "Openbaar Ministerie", "partner_type": "om"}
        client.post(reverse("admin:accounts_organisation_add"), data)
        org = Organisation.objects.get(code="om")
        client.post(
            reverse("admin:accounts_organisation_change", args=[org.pk]),
            {**data, "name": "OM Noord"},
        )
        assert _rows("organisation") == [
            ("create", "granted", str(org.pk), ""),
            ("update", "granted", str(org.pk), "field:name"),
        ]


@pytest.mark.django_db
class TestSecondFactorSecrets:
    def test_no_device_admin_and_no_key_in_the_admin(self, grace: User, bob: User) -> None:
        from django.contrib import admin
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client = verified_client(grace)
        verified_client(bob)  # gives bob a device
        device = TOTPDevice.objects.get(user=bob)
        assert not any(m._meta.app_label.startswith("otp_") for m in admin.site._registry)
        for path in (
            "/beheer/otp_totp/totpdevice/",
            f"/beheer/otp_totp/totpdevice/{device.pk}/change/",
            "/beheer/otp_static/staticdevice/",
            "/beheer/otp_static/staticdevice/1/change/",
        ):
            assert client.get(path).status_code == 404, path
        for path in (reverse("admin:index"), reverse("admin:accounts_user_change", args=[bob.pk])):
            page = client.get(path)
            assert page.status_code == 200
            assert device.key not in page.content.decode()


@pytest.mark.django_db
class TestRolePermissions:
    def test_the_admin_role_with_staff_status_manages_configuration(self) -> None:
        plain = persona(
            "olga", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.ADMIN]
        )
        assert not plain.has_perm("accounts.change_user")  # no staff status
        plain.is_staff = True
        plain.save()
        plain = User.objects.get(pk=plain.pk)
        assert plain.has_perm("accounts.change_user")
        assert plain.has_perm("cases.change_table")
        assert not plain.has_perm("accounts.delete_user")
        assert not plain.has_perm("auth.change_group")
        assert not plain.has_perm("otp_totp.view_totpdevice")
        response = verified_client(plain).get(reverse("admin:accounts_user_changelist"))
        assert response.status_code == 200

    def test_other_staff_users_get_nothing(self, bob: User) -> None:
        bob.is_staff = True
        bob.save()
        assert not User.objects.get(pk=bob.pk).has_perm("accounts.change_user")
