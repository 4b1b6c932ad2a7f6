"""Finding F1 of issue 11 and its fix: the second factor cannot be replaced or first set up with
the password alone; the recovery routes are backup codes and an administrator's reset.

Tests run with 2FA required (production-like settings, veilig/testing/environment.py).
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import ActivationCode, TwoFactorReset, User
from veilig.accounts.two_factor import (
    TwoFactorError,
    activation_code_issue,
    code_normalise,
    totp_device_enrol,
)
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.testing.personas import PASSWORD, verified_client

LOGIN = reverse("accounts:login")
HOME = reverse("web:home")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
REPLACE = reverse("accounts:two_factor_replace")
BACKUP = reverse("accounts:two_factor_backup")
ADMIN_LIST = reverse("web:two_factor_admin")
CLI = AuditContext(actor=None, channel="cli")
SETUP_KEY = "veilig_totp_setup_device"
REASON = "Telefoon kwijt, gebeld met de leidinggevende ter controle."


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _wrong(device: TOTPDevice) -> str:
    return f"{(int(_code(device)) + 1) % 1_000_000:06d}"


def _password_only(username: str) -> Client:
    """A session that has passed the password through the real sign-in page, nothing more."""
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _rows_after(seq: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=seq).order_by("seq"))


def _last_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.fixture
def alice_mail(alice: User) -> User:
    alice.email = "alice@gemeente.example"
    alice.save(update_fields=["email"])
    return alice


# --- F1: a password-only session --------------------------------------------------------------


@pytest.mark.django_db
class TestPasswordOnlySessionWithDevice:
    def test_enrolment_page_gives_the_verify_page(self, alice: User) -> None:
        TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        client = _password_only("alice")
        response = client.get(SETUP, follow=True)
        assert response.redirect_chain[0][0].startswith(VERIFY)
        assert response.templates[0].name == "accounts/two_factor_verify.html"
        assert not TOTPDevice.objects.filter(user=alice, confirmed=False).exists()

    def test_fresh_device_token_cannot_replace_the_device(self, alice: User) -> None:
        old = TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        client = _password_only("alice")
        # What the old set-up page handed out: a new secret remembered in the session.
        fresh = TOTPDevice.objects.create(user=alice, name="default", confirmed=False)
        session = client.session
        session[SETUP_KEY] = fresh.pk
        session.save()
        response = client.post(SETUP, {"token": _code(fresh), "next": HOME})
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
        assert list(TOTPDevice.objects.filter(user=alice, confirmed=True)) == [old]
        fresh.refresh_from_db()
        assert not fresh.confirmed
        assert client.get(HOME).status_code == 302

    def test_service_never_replaces_a_confirmed_device(self, alice: User) -> None:
        old = TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        fresh = TOTPDevice.objects.create(user=alice, name="default", confirmed=False)
        before = _last_seq()
        with pytest.raises(TwoFactorError) as raised:
            totp_device_enrol(
                user=alice, device=fresh, token=_code(fresh), activation_code="", context=CLI
            )
        assert raised.value.code == "has_device"
        assert TOTPDevice.objects.get(pk=old.pk).confirmed
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.result) == (
            "login_failed",
            "totp_device",
            "denied",
        )

    def test_only_verify_backup_code_sign_out_and_language_are_open(self, alice: User) -> None:
        TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        client = _password_only("alice")
        assert client.get(VERIFY).status_code == 200
        assert client.get(BACKUP).status_code == 200
        for url in (HOME, SETUP, REPLACE, ADMIN_LIST, reverse("cases:list")):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(VERIFY), url


@pytest.mark.django_db
class TestFirstEnrolmentNeedsAnActivationCode:
    def test_password_alone_cannot_enrol(self, alice: User) -> None:
        client = _password_only("alice")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=alice, confirmed=False)
        response = client.post(SETUP, {"token": _code(device)})
        assert response.status_code == 200
        assert response.context["form"].errors["activation_code"]
        assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
        assert client.get(HOME).status_code == 302

    def test_valid_code_enrols_once_with_audit_row_and_mail(self, alice_mail: User) -> None:
        _row, code = activation_code_issue(user=alice_mail, issued_by=None, context=CLI)
        mail.outbox.clear()
        client = _password_only("alice")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=alice_mail, confirmed=False)
        before = _last_seq()
        response = client.post(SETUP, {"activation_code": code.upper(), "token": _code(device)})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]  # shown once, never cached
        codes = response.context["codes"]
        assert len(codes) == 10 and len(set(codes)) == 10
        assert client.get(HOME).status_code == 200
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.object_id) == (
            "create",
            "totp_device",
            str(device.pk),
        )
        assert row.actor_username == "alice" and row.detail == "activation_code"
        assert ActivationCode.objects.get().used_at is not None
        [message] = mail.outbox
        assert message.to == ["alice@gemeente.example"]
        assert "alice" in message.body and code not in message.body
        # Backup codes are stored as hashes only.
        stored = set(StaticToken.objects.values_list("token", flat=True))
        assert len(stored) == 10
        assert not stored & {code_normalise(c) for c in codes}

    @pytest.mark.parametrize(
        ("problem", "message"),
        [
            ("wrong", "This activation code is not correct."),
            ("used", "This activation code has already been used."),
            ("expired", "This activation code has expired."),
        ],
    )
    def test_bad_code_is_refused_with_a_clear_message(
        self, alice: User, problem: str, message: str
    ) -> None:
        row, code = activation_code_issue(user=alice, issued_by=None, context=CLI)
        if problem == "wrong":
            code = "abcd-efgh-jkmn"
        elif problem == "used":
            ActivationCode.objects.filter(pk=row.pk).update(used_at=timezone.now())
        else:
            ActivationCode.objects.filter(pk=row.pk).update(
                expires_at=timezone.now() - timedelta(minutes=1)
            )
        client = _password_only("alice")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=alice, confirmed=False)
        before = _last_seq()
        response = client.post(SETUP, {"activation_code": code, "token": _code(device)})
        assert response.status_code == 200
        assert message in response.context["form"].errors["activation_code"][0]
        assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
        [audit] = _rows_after(before)
        assert (audit.action, audit.object_type, audit.result) == (
            "login_failed",
            "activation_code",
            "denied",
        )
        assert audit.detail == f"activation_{problem}"

    def test_a_new_code_voids_the_earlier_one(self, alice: User) -> None:
        _first, old_code = activation_code_issue(user=alice, issued_by=None, context=CLI)
        activation_code_issue(user=alice, issued_by=None, context=CLI)
        client = _password_only("alice")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=alice, confirmed=False)
        response = client.post(SETUP, {"activation_code": old_code, "token": _code(device)})
        assert "expired" in response.context["form"].errors["activation_code"][0]

    def test_only_a_hash_of_the_code_is_stored(self, alice: User) -> None:
        row, code = activation_code_issue(user=alice, issued_by=None, context=CLI)
        assert len(row.code_hash) == 64
        assert code_normalise(code) not in row.code_hash


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED=False, DEMO_MODE=True)
def test_demo_mode_user_may_set_up_an_app_without_activation_code(alice: User) -> None:
    client = _password_only("alice")
    assert client.get(HOME).status_code == 200  # optional 2FA: fully signed in
    page = client.get(SETUP)
    assert "activation_code" not in page.context["form"].fields
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    before = _last_seq()
    response = client.post(SETUP, {"token": _code(device)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    [row] = _rows_after(before)
    assert (row.action, row.object_type, row.detail) == ("create", "totp_device", "voluntary")
    # From now on this user is asked for a code, and a new app needs the old factor.
    other = _password_only("alice")
    assert other.get(SETUP)["Location"].startswith(VERIFY)


# --- Replacing the app --------------------------------------------------------------------------


def _start_replace(client: Client, user: User) -> TOTPDevice:
    assert client.get(REPLACE).status_code == 200
    device: TOTPDevice = TOTPDevice.objects.get(user=user, confirmed=False)
    return device


@pytest.mark.django_db
class TestReplacingTheApp:
    def test_without_the_old_factor_it_fails(self, alice_mail: User) -> None:
        client = verified_client(alice_mail)
        old = TOTPDevice.objects.get(user=alice_mail, confirmed=True)
        new = _start_replace(client, alice_mail)
        before = _last_seq()
        response = client.post(REPLACE, {"old_code": _wrong(old), "token": _code(new)})
        assert response.status_code == 200
        assert response.context["form"].errors["old_code"]
        assert list(TOTPDevice.objects.filter(user=alice_mail, confirmed=True)) == [old]
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.result, row.detail) == (
            "update",
            "totp_device",
            "denied",
            "old_factor",
        )
        assert not mail.outbox

    def test_needs_a_full_sign_in(self, alice: User) -> None:
        TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        client = _password_only("alice")
        assert client.get(REPLACE)["Location"].startswith(VERIFY)

    def test_with_the_old_code_it_replaces_with_audit_row_and_mail(self, alice_mail: User) -> None:
        client = verified_client(alice_mail)
        old = TOTPDevice.objects.get(user=alice_mail, confirmed=True)
        new = _start_replace(client, alice_mail)
        before = _last_seq()
        response = client.post(REPLACE, {"old_code": _code(old), "token": _code(new)})
        assert response.status_code == 200 and len(response.context["codes"]) == 10
        assert list(TOTPDevice.objects.filter(user=alice_mail, confirmed=True)) == [new]
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.object_id, row.detail) == (
            "update",
            "totp_device",
            str(new.pk),
            "old_factor=totp",
        )
        [message] = mail.outbox
        assert "replaced" in message.subject
        assert client.get(HOME).status_code == 200  # signed in with the new app now


# --- Backup codes -------------------------------------------------------------------------------


def _enrolled(user: User) -> list[str]:
    """Enrols ``user`` through the pages; returns the backup codes shown."""
    _row, code = activation_code_issue(user=user, issued_by=None, context=CLI)
    client = _password_only(user.username)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"activation_code": code, "token": _code(device)})
    codes: list[str] = response.context["codes"]
    mail.outbox.clear()
    return codes


@pytest.mark.django_db
class TestBackupCodes:
    def test_a_backup_code_signs_in_once(self, alice_mail: User) -> None:
        codes = _enrolled(alice_mail)
        client = _password_only("alice")
        before = _last_seq()
        response = client.post(BACKUP, {"code": codes[3]})
        assert response.status_code == 302 and response["Location"] == REPLACE
        assert client.get(HOME).status_code == 200
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.result) == ("login", "backup_code", "granted")
        [message] = mail.outbox
        assert "9 backup codes left" in message.body and codes[3] not in message.body

        again = _password_only("alice")
        before = _last_seq()
        response = again.post(BACKUP, {"code": codes[3]})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        assert again.get(HOME).status_code == 302
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.result) == (
            "login_failed",
            "backup_code",
            "denied",
        )

    def test_lost_phone_backup_code_then_new_app(self, alice: User) -> None:
        codes = _enrolled(alice)
        client = _password_only("alice")
        client.post(BACKUP, {"code": codes[0]})
        new = _start_replace(client, alice)
        response = client.post(REPLACE, {"old_code": codes[1], "token": _code(new)})
        assert response.status_code == 200
        assert list(TOTPDevice.objects.filter(user=alice, confirmed=True)) == [new]
        fresh = response.context["codes"]
        assert not set(fresh) & set(codes)  # the earlier set is void
        assert StaticToken.objects.filter(device__user=alice).count() == 10


# --- The administrator's reset -----------------------------------------------------------------


def _reset_url(user: User) -> str:
    return reverse("web:two_factor_admin_reset", args=[user.pk])


def _issue_url(user: User) -> str:
    return reverse("web:two_factor_admin_issue", args=[user.pk])


@pytest.mark.django_db
class TestAdministratorReset:
    def test_reset_with_reason_removes_devices_and_issues_a_code(
        self, alice_mail: User, grace_client: Client
    ) -> None:
        _enrolled(alice_mail)
        before = _last_seq()
        response = grace_client.post(_reset_url(alice_mail), {"reason": REASON})
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        code = response.context["code"]
        assert not TOTPDevice.objects.filter(user=alice_mail).exists()
        assert not StaticDevice.objects.filter(user=alice_mail).exists()
        reset = TwoFactorReset.objects.get()
        assert reset.reason == REASON and reset.performed_by is not None
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.object_id, row.detail) == (
            "delete",
            "two_factor_reset",
            str(reset.pk),
            f"user={alice_mail.pk}",
        )
        assert row.actor_username == "grace" and row.role == "admin"
        [message] = mail.outbox
        assert "reset" in message.subject and code not in message.body
        assert "Telefoon" not in message.body
        # The user sets up a new app with the new code.
        client = _password_only("alice")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=alice_mail, confirmed=False)
        response = client.post(SETUP, {"activation_code": code, "token": _code(device)})
        assert response.status_code == 200 and "codes" in response.context

    def test_reason_must_be_written_out(self, alice: User, grace_client: Client) -> None:
        device = TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        before = _last_seq()
        response = grace_client.post(_reset_url(alice), {"reason": "kwijt kwijt kwijt"})
        assert response.status_code == 200
        assert response.context["reset_form"].errors["reason"]
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
        assert not _rows_after(before)

    def test_refused_for_oneself(self, grace: User, grace_client: Client) -> None:
        before = _last_seq()
        for url in (
            _reset_url(grace),
            _issue_url(grace),
        ):
            assert grace_client.post(url, {"reason": REASON}).status_code == 404
        assert (
            grace_client.get(reverse("web:two_factor_admin_user", args=[grace.pk])).status_code
            == 404
        )
        assert TOTPDevice.objects.filter(user=grace, confirmed=True).exists()
        rows = _rows_after(before)
        assert [r.result for r in rows] == ["denied"] * 3
        assert {r.detail for r in rows} == {f"user={grace.pk}"}

    def test_refused_for_non_administrators(
        self, alice_client: Client, bob: User, settings: Any
    ) -> None:
        device = TOTPDevice.objects.create(user=bob, name="default", confirmed=True)
        before = _last_seq()
        assert alice_client.post(_reset_url(bob), {"reason": REASON}).status_code == 404
        assert alice_client.post(_issue_url(bob)).status_code == 404
        assert alice_client.get(ADMIN_LIST).status_code == 404
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
        assert not ActivationCode.objects.exists()
        assert [r.result for r in _rows_after(before)] == ["denied"] * 3

    def test_issue_code_for_a_new_user_with_audit_row_and_mail(
        self, alice_mail: User, grace_client: Client
    ) -> None:
        page = grace_client.get(ADMIN_LIST)
        assert page.status_code == 200
        assert reverse("web:two_factor_admin_user", args=[alice_mail.pk]) in page.content.decode()
        before = _last_seq()
        response = grace_client.post(_issue_url(alice_mail))
        assert response.status_code == 200
        code = response.context["code"]
        row_code = ActivationCode.objects.get(user=alice_mail)
        [row] = _rows_after(before)
        assert (row.action, row.object_type, row.object_id, row.detail) == (
            "grant",
            "activation_code",
            str(row_code.pk),
            f"user={alice_mail.pk}",
        )
        [message] = mail.outbox
        assert code not in message.body and code_normalise(code) not in message.body

    def test_no_code_for_a_user_who_has_an_app(self, alice: User, grace_client: Client) -> None:
        TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        response = grace_client.post(_issue_url(alice))
        assert response.status_code == 200 and response.context["error"]
        assert not ActivationCode.objects.exists()


@pytest.mark.django_db
def test_backup_codes_without_an_app_lead_to_enrolment_not_a_loop(alice: User) -> None:
    """An app removed elsewhere (e.g. the Django admin) leaves backup codes: enrol again."""
    _enrolled(alice)
    TOTPDevice.objects.filter(user=alice).delete()
    client = _password_only("alice")
    assert client.get(HOME)["Location"].startswith(SETUP)
    assert client.get(SETUP).status_code == 200
    assert client.get(VERIFY)["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_command_line_code_for_the_first_administrator(grace: User) -> None:
    out = io.StringIO()
    call_command("two_factor_activation_code", "grace", stdout=out)
    row = ActivationCode.objects.get(user=grace)
    assert row.issued_by is None and "Activation code: " in out.getvalue()
    [audit] = AuditEntry.objects.filter(object_type="activation_code")
    assert (audit.channel, audit.actor_id, audit.action) == ("cli", None, "grant")
    with pytest.raises(CommandError):
        call_command("two_factor_activation_code", "nobody")
