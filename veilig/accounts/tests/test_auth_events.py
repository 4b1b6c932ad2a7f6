"""Finding F11 of issue 11 (authentication part): sign-in, failed sign-in, lockout, the second
factor and sign-out each write exactly one row to the tamper-evident log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.audit.selectors import audit_chain_verify
from veilig.testing.personas import PASSWORD, verified_client

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
VERIFY = reverse("accounts:two_factor_verify")


def _last_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _one_row(client: Client, method: str, url: str, data: dict[str, str]) -> AuditEntry:
    before = _last_seq()
    getattr(client, method)(url, data)
    rows = list(AuditEntry.objects.filter(seq__gt=before))
    assert len(rows) == 1, [(r.action, r.object_type) for r in rows]
    return rows[0]


def _sign_in(client: Client, username: str, password: str = PASSWORD) -> AuditEntry:
    return _one_row(client, "post", LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_sign_in_writes_one_login_row(alice: User) -> None:
    row = _sign_in(Client(), "alice")
    assert (row.action, row.object_type, row.object_id, row.result) == (
        "login",
        "session",
        str(alice.pk),
        "granted",
    )
    assert row.actor_id == alice.pk and row.origin == "127.0.0.1" and row.channel == "web"


@pytest.mark.django_db
def test_failed_sign_in_names_the_account_by_id_never_the_typed_name(alice: User) -> None:
    row = _sign_in(Client(), "alice", password="wrong-password")
    assert (row.action, row.object_type, row.object_id, row.result) == (
        "login_failed",
        "session",
        str(alice.pk),
        "denied",
    )
    assert row.actor_id is None and row.actor_username == ""
    unknown = _sign_in(Client(), "mallory-typed-this", password="wrong-password")
    assert (unknown.action, unknown.object_id) == ("login_failed", "")
    for entry in (row, unknown):
        text = " ".join(str(getattr(entry, f.name)) for f in AuditEntry._meta.fields)
        assert "wrong-password" not in text and "mallory" not in text


@pytest.mark.django_db
def test_lockout_writes_one_lockout_row_per_attempt(alice: User, settings: Any) -> None:
    client = Client()
    actions = [
        _sign_in(client, "alice", password="wrong-password").action
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The attempt that reaches the limit is the lockout, not also a failed sign-in.
    assert actions == ["login_failed"] * (settings.AXES_FAILURE_LIMIT - 1) + ["lockout"]
    during = _sign_in(client, "alice")  # the right password, during the lockout
    assert (during.action, during.object_id, during.result) == ("lockout", str(alice.pk), "denied")
    assert audit_chain_verify().intact


@pytest.mark.django_db
def test_second_factor_right_and_wrong_code(alice: User) -> None:
    device = TOTPDevice.objects.create(user=alice, name="default", confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    # The right code first: after a wrong one django-otp throttles the device for a second.
    client = Client()
    _sign_in(client, "alice")
    right = _one_row(client, "post", VERIFY, {"token": code})
    assert (right.action, right.object_type, right.object_id) == (
        "login",
        "totp_device",
        str(device.pk),
    )
    other = Client()
    _sign_in(other, "alice")
    wrong = _one_row(other, "post", VERIFY, {"token": f"{(int(code) + 1) % 1_000_000:06d}"})
    assert (wrong.action, wrong.object_type, wrong.result) == (
        "login_failed",
        "totp_device",
        "denied",
    )
    assert wrong.actor_id == alice.pk


@pytest.mark.django_db
def test_sign_out_writes_one_logout_row(alice: User) -> None:
    client = verified_client(alice)
    row = _one_row(client, "post", LOGOUT, {})
    assert (row.action, row.object_type, row.object_id, row.actor_id) == (
        "logout",
        "session",
        str(alice.pk),
        alice.pk,
    )


@pytest.mark.django_db
def test_test_client_force_login_is_no_sign_in(alice: User) -> None:
    """force_login/logout run login() without an HTTP request: no row (the suite's counts)."""
    client = verified_client(alice)
    client.logout()
    assert not AuditEntry.objects.exists()
