"""Every response carries the Content-Security-Policy and the Permissions-Policy.

The endpoints are those of the access matrix (the whole URL configuration, HTML and API), each
asked by an anonymous visitor (a redirect to the sign-in page or a 401/403), by a subject that may
use it and by one that may not (404); then the pages outside the matrix, Django's admin, a
static file and a missing page. File downloads get the stricter sandboxing policy instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from veilig.accounts.models import User
from veilig.geo.tests.test_names import area_editor
from veilig.tests.test_access_matrix import (
    MATRIX,
    OK,
    OUTSIDE_THE_MATRIX,
    SUBJECTS,
    Endpoint,
    Scenario,
    _request,
    build_scenario,
)
from veilig.web.security import permissions_policy_header

DOWNLOADS = {
    "cases:document_download",
    "api:document-download",
    "signals:photo",
    "privacy:subject_access_json",
    "privacy:subject_access_pdf",
    "cases:export",
    "signals:export",
    "signals:team_export",
    "signals:team_early_export",
    "events:import_report",
}
SANDBOXED = "default-src 'none'; sandbox"


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def assert_policies(response: Any, where: str) -> None:
    csp = response.get("Content-Security-Policy")
    assert csp, f"{where}: no Content-Security-Policy"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, f"{where}: {csp}"
    if csp != SANDBOXED:
        directives = _directives(csp)
        assert directives["default-src"] == ["'self'"], where
        assert directives["script-src"] == ["'self'"], where
        assert directives["style-src"] == ["'self'"], where
        assert directives["object-src"] == ["'none'"], where
        assert directives["base-uri"] == ["'self'"], where
        assert directives["frame-ancestors"] == ["'none'"], where
        assert directives["form-action"] == ["'self'"], where
    policy = response.get("Permissions-Policy", "")
    assert "camera=()" in policy and "microphone=()" in policy, f"{where}: {policy!r}"
    assert "geolocation=(self)" in policy, f"{where}: {policy!r}"
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("X-Content-Type-Options") == "nosniff", where


class _Rollback(Exception):
    pass


def _asked_by(endpoint: Endpoint) -> list[str]:
    """Anonymous, one subject that may use the endpoint and one that may not."""
    granted = [s for s in SUBJECTS if endpoint.rule(s, "regular") == OK]
    denied = [s for s in SUBJECTS if endpoint.rule(s, "regular") != OK]
    return ["anonymous", *granted[:1], *denied[:1]]


@pytest.fixture
def scenario(db: None, tmp_path: Any, settings: Any) -> Scenario:
    settings.DOCUMENTS_ROOT = tmp_path
    return build_scenario(tmp_path)


def test_every_endpoint_of_the_matrix_answers_with_both_policies(scenario: Scenario) -> None:
    statuses: set[int] = set()
    downloads: set[str] = set()
    for endpoint in MATRIX:
        for subject in _asked_by(endpoint):
            try:
                with transaction.atomic():
                    response = _request(endpoint, scenario, subject, "regular")
                    raise _Rollback
            except _Rollback:
                pass
            statuses.add(response.status_code)
            where = f"{endpoint.id} × {subject} ({response.status_code})"
            assert_policies(response, where)
            attachment = response.get("Content-Disposition", "").startswith("attachment")
            if response.status_code == 200 and (endpoint.name in DOWNLOADS or attachment):
                assert response["Content-Security-Policy"] == SANDBOXED, where
                downloads.add(endpoint.name)
    # Granted pages, redirects to the sign-in page, refusals and API refusals were all seen.
    assert {200, 302, 404} <= statuses
    assert statuses & {401, 403}
    assert downloads >= DOWNLOADS, downloads


def test_pages_outside_the_matrix_static_files_and_missing_pages(grace: User) -> None:
    grace_client = area_editor(grace)
    anonymous = Client()
    for name in OUTSIDE_THE_MATRIX:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # needs arguments: covered by its own tests
        assert_policies(anonymous.get(url), name)
    for admin_page in ("admin:index", "admin:geo_area_changelist"):
        response = grace_client.get(reverse(admin_page))
        assert response.status_code == 200
        assert_policies(response, admin_page)
    assert_policies(anonymous.get(reverse("admin:index")), "admin sign-in redirect")
    assert_policies(anonymous.get("/bestaat-niet/"), "404 anonymous")
    assert_policies(grace_client.get("/bestaat-niet/"), "404 signed in")
    assert_policies(grace_client.get("/api/v1/bestaat-niet/"), "API 404")
    assert_policies(anonymous.post("/account/inloggen/", {}), "login form with errors")
    static = anonymous.get("/static/js/explorer.js")
    assert static.status_code == 200
    assert_policies(static, "static file")


def test_the_permissions_policy_header_format() -> None:
    header = permissions_policy_header({"camera": [], "geolocation": ["self", "https://x.nl"]})
    assert header == 'camera=(), geolocation=(self "https://x.nl")'
