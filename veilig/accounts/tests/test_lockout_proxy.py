"""F9: behind the TLS proxy the lockout is keyed on user name and the *client's* address, so a
stranger elsewhere cannot lock a user out with five bad passwords."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import User
from veilig.testing.personas import PASSWORD

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.1"
STRANGER = "203.0.113.7"
USER_AT_WORK = "198.51.100.9"


def _sign_in(client: Client, password: str, *, forwarded_for: str):
    return client.post(
        LOGIN,
        {"username": "alice", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_a_failed_sign_in_is_recorded_under_the_client_address(
    client: Client, alice: User, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    _sign_in(client, "wrong", forwarded_for=STRANGER)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [STRANGER]


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(
    client: Client, alice: User, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    _sign_in(client, "wrong", forwarded_for=STRANGER)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


@pytest.mark.django_db
def test_a_stranger_cannot_lock_out_the_user_elsewhere(alice: User, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    stranger, user = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(stranger, "wrong", forwarded_for=STRANGER)
    assert _sign_in(stranger, PASSWORD, forwarded_for=STRANGER).status_code == 429
    response = _sign_in(user, PASSWORD, forwarded_for=USER_AT_WORK)
    assert response.status_code == 302  # on to the second factor: the password was accepted
    assert response["Location"] != LOGIN
