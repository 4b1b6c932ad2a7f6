"""VEILIG_SITE_URL: the one address notification e-mails link to, parsed strictly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from veilig.settings import env_site_url, site_url_problem


@pytest.mark.parametrize(
    "url",
    ["https://veilig.voorbeeldstad.nl", "https://veilig.voorbeeldstad.nl/", "https://h.nl:8443"],
)
def test_good_addresses(url: str) -> None:
    assert site_url_problem(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://veilig.voorbeeldstad.nl",
        "veilig.voorbeeldstad.nl",
        "https://",
        "https://user:pw@veilig.nl",
        "https://veilig.nl/app",
        "https://veilig.nl/?x=1",
        "https://veilig.nl/#top",
        "https://veilig.nl:abc",
        'https://veilig.nl"onload',
        "javascript:alert(1)",
    ],
)
def test_bad_addresses(url: str) -> None:
    assert site_url_problem(url) != ""


def test_http_only_where_allowed() -> None:
    assert site_url_problem("http://localhost:8000", allow_http=True) == ""


def test_env_site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_SITE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_SITE"):
        env_site_url("X_SITE", default=None)
    assert env_site_url("X_SITE", default="http://localhost:8000") == "http://localhost:8000"
    monkeypatch.setenv("X_SITE", "https://veilig.voorbeeldstad.nl/")
    assert env_site_url("X_SITE", default=None) == "https://veilig.voorbeeldstad.nl"
    monkeypatch.setenv("X_SITE", "https://veilig.voorbeeldstad.nl/pad")
    with pytest.raises(ImproperlyConfigured, match="X_SITE"):
        env_site_url("X_SITE", default=None)
