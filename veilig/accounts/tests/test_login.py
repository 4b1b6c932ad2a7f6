"""Sign-in with password and TOTP, lockout, idle timeout, safe redirects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import User
from veilig.accounts.two_factor import activation_code_issue
from veilig.audit.context import AuditContext
from veilig.testing.personas import PASSWORD, verified_client

LOGIN = reverse("accounts:login")
HOME = reverse("web:home")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
CLI = AuditContext(actor=None, channel="cli")


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client: Client, username: str, password: str = PASSWORD, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


@pytest.mark.django_db
class TestTwoFactorRequired:
    def test_anonymous_is_sent_to_login(self, client: Client) -> None:
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    def test_password_alone_leads_to_setup_not_home(self, client: Client, alice: User) -> None:
        response = _sign_in(client, "alice")
        assert response.status_code == 302
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)

    def test_setup_confirms_device_and_opens_home(self, client: Client, alice: User) -> None:
        _row, code = activation_code_issue(user=alice, issued_by=None, context=CLI)
        _sign_in(client, "alice")
        page = client.get(SETUP)
        assert page.status_code == 200
        assert b"<svg" in page.content
        device = TOTPDevice.objects.get(user=alice, confirmed=False)
        response = client.post(
            SETUP, {"activation_code": code, "token": _current_code(device), "next": HOME}
        )
        assert response.status_code == 200
        assert response.context["next"] == HOME
        assert len(response.context["codes"]) == 10  # the backup codes, shown this once
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(HOME).status_code == 200

    def test_setup_with_wrong_code_keeps_device_unconfirmed(
        self, client: Client, alice: User
    ) -> None:
        _row, code = activation_code_issue(user=alice, issued_by=None, context=CLI)
        _sign_in(client, "alice")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=alice, confirmed=False)
        wrong = f"{(int(_current_code(device)) + 1) % 1_000_000:06d}"
        response = client.post(SETUP, {"activation_code": code, "token": wrong})
        assert response.status_code == 200
        assert response.context["form"].errors["token"]
        assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
        assert client.get(HOME).status_code == 302

    def test_user_with_device_must_give_a_valid_code(self, client: Client, alice: User) -> None:
        device = TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        _sign_in(client, "alice")
        response = client.get(HOME)
        assert response["Location"].startswith(VERIFY)
        response = client.post(VERIFY, {"token": "12345x"})
        assert response.status_code == 200
        assert client.get(HOME).status_code == 302
        response = client.post(VERIFY, {"token": _current_code(device)})
        assert response["Location"] == HOME
        assert client.get(HOME).status_code == 200

    def test_admin_site_also_requires_second_factor(self, client: Client, grace: User) -> None:
        grace.is_staff = True
        grace.save()
        _sign_in(client, "grace")
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)

    def test_next_url_to_another_site_is_ignored(self, client: Client, alice: User) -> None:
        device = TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
        _sign_in(client, "alice")
        response = client.post(
            VERIFY, {"token": _current_code(device), "next": "https://evil.example/"}
        )
        assert response["Location"] == HOME

    def test_sign_out_needs_post(self, alice: User) -> None:
        client = verified_client(alice)
        assert client.get(reverse("accounts:logout")).status_code == 405
        response = client.post(reverse("accounts:logout"))
        assert response.status_code == 302
        assert client.get(HOME).status_code == 302


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED=False, DEMO_MODE=True)
def test_demo_mode_may_skip_second_factor_but_says_so(client: Client, alice: User) -> None:
    _sign_in(client, "alice")
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["two_factor_optional"] is True


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED=False, DEMO_MODE=True)
def test_demo_mode_still_asks_code_of_user_with_device(client: Client, alice: User) -> None:
    TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
    _sign_in(client, "alice")
    assert client.get(HOME)["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client: Client, alice: User, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, "alice", password="wrong-password")
        assert response.status_code in (200, 429)
    # The right password no longer helps while the lockout lasts.
    response = _sign_in(client, "alice")
    assert response.status_code == 429
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
def test_failures_below_the_limit_do_not_lock(client: Client, alice: User, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "alice", password="wrong-password")
    response = _sign_in(client, "alice")
    assert response.status_code == 302


@pytest.mark.django_db
def test_session_expires_after_idle_time_and_activity_renews_it(alice: User, settings) -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 == 15 * 60
    client = verified_client(alice)
    session = Session.objects.get(session_key=client.session.session_key)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(seconds=5))
    assert client.get(HOME).status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + timedelta(minutes=14)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
