"""F9: behind the TLS proxy the audit log's origin is the client's address, not the proxy's; a
forwarded-for header is believed only as far as trusted proxies wrote it."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from veilig.audit.models import AuditEntry
from veilig.audit.origin import client_address

PROXY = "10.0.0.1"
CLIENT = "203.0.113.7"


def _address(forwarded: str | None, *, trusted: int, settings: object) -> str:
    settings.TRUSTED_PROXY_COUNT = trusted  # type: ignore[attr-defined]
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("forwarded", "trusted", "expected"),
    [
        (CLIENT, 0, PROXY),  # no trusted proxy: the header is the client's own text
        ("198.51.100.1, " + CLIENT, 0, PROXY),
        (CLIENT, 1, CLIENT),
        ("198.51.100.1, " + CLIENT, 1, CLIENT),  # the client's own entry is ignored
        ("not-an-address, " + CLIENT, 1, CLIENT),  # junk on the left does not hide the client
        (None, 1, PROXY),  # no header: only the connection is known
        ("", 1, PROXY),
        ("198.51.100.1, " + CLIENT + ", 10.0.0.2", 2, CLIENT),  # two proxies: second from right
        (CLIENT, 2, PROXY),  # too short for two proxies: the request did not pass both
        ("2001:db8::7", 1, "2001:db8::7"),
    ],
)
def test_client_address(forwarded: str | None, trusted: int, expected: str, settings) -> None:
    assert _address(forwarded, trusted=trusted, settings=settings) == expected


def _case_list_origin(client: Client) -> str:
    response = client.get(reverse("cases:list"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert response.status_code == 200
    return AuditEntry.objects.latest("seq").origin


@pytest.mark.django_db
def test_audit_origin_behind_one_trusted_proxy_is_the_client(
    alice_client: Client, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert _case_list_origin(alice_client) == CLIENT


@pytest.mark.django_db
def test_audit_origin_without_trusted_proxies_ignores_the_header(
    alice_client: Client, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert _case_list_origin(alice_client) == PROXY


def test_trusted_proxy_count_is_parsed_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from veilig.settings import env_int

    monkeypatch.setenv("VEILIG_TRUSTED_PROXY_COUNT", "one")
    with pytest.raises(ImproperlyConfigured, match="VEILIG_TRUSTED_PROXY_COUNT"):
        env_int("VEILIG_TRUSTED_PROXY_COUNT", 0, minimum=0)
