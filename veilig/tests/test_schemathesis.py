"""schemathesis over the committed schema (openapi.yaml), against the WSGI application.

A coordinator who has passed 2FA calls every operation with generated input. Path ids are
drawn mostly from seeded objects (so that real cases, actions, documents are hit) and sometimes
from unknown ids. Checks: no server error, and every response (status code, content type,
body) conforms to the schema. Bounded and derandomised: the same examples on every run.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from veilig.testing.personas import verified_client
from veilig.tests.world import build_world, hank, use_temporary_document_storage

SCHEMA_PATH = Path(settings.BASE_DIR) / "openapi.yaml"
EXAMPLES_PER_OPERATION = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
UNKNOWN_ID = 987_654_321


@pytest.fixture
def wsgi_requests_share_the_test_transaction() -> Iterator[None]:
    """Like Django's test client: no connection closing around requests inside a test.

    (Otherwise, on PostgreSQL, the first request would close the test's transaction.)
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _consultation_ids(alice, bob) -> dict[str, list[int]]:
    """A table with a case accepted at it, its next meeting with alice's statement recorded."""
    from veilig.audit.context import AuditContext
    from veilig.consultations.services import statement_accept
    from veilig.testing.consultations import accepted_case, meeting_of, table_with

    table = table_with(code="ico-api", representatives=[bob])
    case = accepted_case(alice, bob, table)
    meeting = meeting_of(alice, table)
    statement_accept(context=AuditContext.for_command(alice), meeting_id=meeting.pk)
    return {
        "/api/v1/meetings/{id}": [meeting.pk],
        "/api/v1/agenda-items/{id}": list(
            meeting.items.filter(case=case).values_list("pk", flat=True)
        ),
    }


def _ids_by_prefix(world) -> dict[str, list[int]]:
    cases = [case.pk for case in world.cases]
    return {
        "/api/v1/cases/{id}": cases,
        "/api/v1/actions/{id}": [world.overdue_action.pk],
        "/api/v1/documents/{id}": [world.shared_document.pk, world.source_document.pk],
        "/api/v1/contributions/{id}": [item.pk for item in world.contributions.values()],
        "/api/v1/persons/{id}": [case.subject_id for case in world.cases],
    }


def _fuzz(operation, ids: list[int] | None, call) -> None:
    """Run ``call`` on generated cases of one operation; path ids from ``ids`` or unknown."""

    @given(case=operation.as_strategy(), pick=st.sampled_from([*(ids or []), UNKNOWN_ID]))
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case, pick) -> None:
        if ids is not None:
            case.path_parameters = {**(case.path_parameters or {}), "id": pick}
        call(case)

    exercise()


def test_api_conforms_to_its_schema(
    db, alice, bob, monkeypatch, tmp_path, wsgi_requests_share_the_test_transaction
) -> None:
    use_temporary_document_storage(monkeypatch, tmp_path)
    world = build_world(alice=alice, bob=bob, hank=hank())
    client = verified_client(alice)
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: csrf,
    }
    headers = {"X-CSRFToken": csrf, "Accept-Language": "en"}

    schema = schemathesis.openapi.from_path(SCHEMA_PATH)
    schema.app = get_wsgi_application()
    id_choices = {**_ids_by_prefix(world), **_consultation_ids(alice, bob)}
    calls: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    started = time.perf_counter()

    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results) >= 16, "openapi.yaml has operations schemathesis rejects"
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"
        prefix = next((p for p in id_choices if operation.path.startswith(p)), None)

        def call(case, label: str = label) -> None:
            response = case.call(headers=headers, cookies=cookies)
            calls[label] += 1
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        _fuzz(operation, id_choices[prefix] if prefix else None, call)

    elapsed = time.perf_counter() - started
    total = sum(calls.values())
    print(  # shown with `pytest -s`; the figures of the run
        f"\nschemathesis: {total} calls over {len(calls)} operations in {elapsed:.1f} s; "
        f"status codes {dict(sorted(statuses.items()))}"
    )
    assert set(calls) == {f"{op.method.upper()} {op.path}" for op in operations}
    # The run must reach real objects, not only 400/404.
    assert statuses[200] + statuses[201] > len(operations)
