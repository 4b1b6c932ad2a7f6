"""Verification on a live log: rows appended while it runs give no false tamper alarm.

Every request writes an audit row, so a privacy officer verifying during office hours always
verifies a log that grows. The hooks below append a row through ``audit_record`` at the points
where another request could: after the chain head has been read (before every later statement
of the verification) and before each range of the chain is checked, in this process, in the
range threads and in the forked processes. Tampering must still show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection

from veilig.audit import selectors, verify_sql
from veilig.audit.chain import VerifyResult
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditChainHead, AuditEntry
from veilig.audit.selectors import audit_chain_verify, audit_chain_verify_python
from veilig.audit.services import audit_anchor_write, audit_record
from veilig.audit.tests.test_chain import _fill, _tamper

if TYPE_CHECKING:
    from veilig.accounts.models import User  # the personas' type; the log imports no app

pytestmark = pytest.mark.django_db(transaction=True)

IMPLEMENTATIONS = {"sql": audit_chain_verify, "python": audit_chain_verify_python}


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_sql, "_SQLITE_BATCH", 3)


def _append(user: User) -> None:
    """Another request's row (a page view)."""
    context = AuditContext(actor=user, role="coordinator", purpose="casework", origin="10.0.0.9")
    audit_record(context=context, action=AuditAction.READ, object_type="case", object_id=99)


@contextmanager
def appending_after_head_read(user: User) -> Iterator[dict[str, int]]:
    """Once a statement has read the chain head, append a row before every later SELECT.

    A read of the head outside a transaction (not the writer's own) arms the hook; the next
    statement of the verification, whatever it is (the chain's ends, a range, the stream, the
    row at the anchored number), then runs after another request's append.
    """
    state = {"armed": 0, "busy": 0, "appended": 0}
    head_table = AuditChainHead._meta.db_table

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any) -> Any:
        if state["busy"]:
            return execute(sql, params, many, ctx)
        if state["armed"] and sql.lstrip().upper().startswith("SELECT"):
            state["busy"] = 1
            try:
                _append(user)
                state["appended"] += 1
            finally:
                state["busy"] = 0
        result = execute(sql, params, many, ctx)
        # The writer reads the head in its transaction (SQLite has no FOR UPDATE): not a reader.
        if head_table in sql and not connection.in_atomic_block:
            state["armed"] = 1
        return result

    with connection.execute_wrapper(wrapper):
        yield state


def _appending_before_each_range(monkeypatch: pytest.MonkeyPatch, user: User) -> None:
    """Each range (in this process, a thread or a forked process) starts after an append."""
    real = verify_sql.first_bad_seq

    def appending(lo: int, hi: int, *, version: int) -> tuple[int, str] | None:
        _append(user)
        return real(lo, hi, version=version)

    monkeypatch.setattr(selectors, "first_bad_seq", appending)


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
def test_a_row_appended_after_the_head_is_read_is_no_tamper_alarm(
    alice: User, implementation: str
) -> None:
    _fill(alice, 10)
    with appending_after_head_read(alice) as hook:
        result: VerifyResult = IMPLEMENTATIONS[implementation]()
    assert hook["appended"] >= 1
    assert AuditEntry.objects.count() == 10 + hook["appended"]
    assert result.intact, result
    # The verification covers the chain as it was when the head was read ...
    assert result.rows == 10
    assert result.head is not None and result.head.seq == 10
    # ... and the next one covers the rows appended meanwhile.
    assert audit_chain_verify().rows == 10 + hook["appended"]
    assert audit_chain_verify_python().intact


def test_rows_appended_while_parallel_ranges_run_are_no_tamper_alarm(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    _appending_before_each_range(monkeypatch, alice)
    _fill(alice, 12)
    with appending_after_head_read(alice):
        result = audit_chain_verify()
    assert result.intact, result
    assert result.rows == 12
    assert AuditEntry.objects.count() >= 12 + 3  # one row per range


def test_rows_appended_while_forked_ranges_run_are_no_tamper_alarm(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's path on SQLite: each forked process appends a row, then checks its range."""
    if connection.vendor != "sqlite":
        pytest.skip("forked processes are used for SQLite only")
    pools: list[str] = []
    real_pool = selectors._pool

    def recording_pool(workers: int) -> object:
        pool = real_pool(workers)
        pools.append(type(pool).__name__)
        return pool

    monkeypatch.setattr(selectors, "PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("threading.active_count", lambda: 1)
    monkeypatch.setattr(selectors, "_pool", recording_pool)
    _appending_before_each_range(monkeypatch, alice)
    _fill(alice, 12)
    result = audit_chain_verify()
    assert pools == ["ProcessPoolExecutor"]
    assert result.intact, result
    assert result.rows == 12
    assert AuditEntry.objects.count() == 14  # one row per process


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
def test_a_truncated_tail_still_shows_while_rows_are_appended(
    alice: User, implementation: str
) -> None:
    _fill(alice, 10)
    _tamper("DELETE FROM {table} WHERE seq > %s", [8])
    with appending_after_head_read(alice) as hook:
        result = IMPLEMENTATIONS[implementation]()
    assert hook["appended"] >= 1
    assert (result.first_bad_seq, result.rows) == (9, 8)
    assert "truncated" in result.reason
    # The rows appended after the cut start from the head, so the gap shows from then on too.
    assert audit_chain_verify().first_bad_seq == 9


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
def test_an_edited_row_still_shows_while_rows_are_appended(
    alice: User, implementation: str
) -> None:
    _fill(alice, 10)
    _tamper("UPDATE {table} SET detail = %s WHERE seq = %s", ["x", 6])
    with appending_after_head_read(alice):
        result = IMPLEMENTATIONS[implementation]()
    assert result.first_bad_seq == 6


def test_a_deleted_head_still_shows(alice: User) -> None:
    """No writer can append without the head (seq 1 is taken), so the snapshot alone decides."""
    _fill(alice, 5)
    AuditChainHead.objects.all().delete()
    for verify in IMPLEMENTATIONS.values():
        result = verify()
        assert (result.first_bad_seq, result.head) == (5, None)
        assert result.reason == "chain head does not match the last row"


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
def test_a_wiped_log_still_fails_the_anchor_while_rows_are_appended(
    alice: User, implementation: str
) -> None:
    _fill(alice, 5)
    audit_anchor_write()
    _tamper("DELETE FROM {table}", [])
    AuditChainHead.objects.all().delete()
    with appending_after_head_read(alice) as hook:
        result = IMPLEMENTATIONS[implementation]()
    # The Python walk appends before its stream; the SQL one has no statement left to append
    # before (an empty snapshot: no range, and the anchor check stops at the length).
    assert hook["appended"] == (1 if implementation == "python" else 0)
    assert result.first_bad_seq == 1
    assert result.reason == "rows missing: shorter than the last anchor"


def test_an_anchored_chain_verifies_while_rows_are_appended(alice: User) -> None:
    _fill(alice, 5)
    audit_anchor_write()
    _fill(alice, 2)
    with appending_after_head_read(alice) as hook:
        result = audit_chain_verify()
    assert hook["appended"] >= 1
    assert result.intact, result
    assert result.rows == 7 and result.anchor is not None and result.anchor.ok
