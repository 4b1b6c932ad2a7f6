"""Reading the access log: verification of the whole chain."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection

from veilig.audit.chain import CHAINED_COLUMNS, GENESIS_HASH, VerifyResult, verify_rows
from veilig.audit.models import AuditChainHead, AuditEntry
from veilig.audit.verify_sql import chain_tail, first_bad_seq

_BATCH = 20_000
# From this many rows, verification is split over one database connection per core.
PARALLEL_FROM_ROWS = 200_000


def _head() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(pk=1).first()
    return (head.seq, head.hash) if head else (0, GENESIS_HASH)


def _in_own_connection(lo: int, hi: int) -> tuple[int, str] | None:
    try:
        return first_bad_seq(lo, hi)
    finally:
        connection.close()  # the thread's own connection


def _first_break(first: int, last: int, rows: int) -> tuple[int, str] | None:
    workers = os.cpu_count() or 1
    # Other connections cannot see an open transaction's rows: stay in this one then.
    if rows < PARALLEL_FROM_ROWS or workers == 1 or connection.in_atomic_block:
        return first_bad_seq(first, last)
    step = (last - first) // workers + 1
    ranges = [(lo, min(lo + step - 1, last)) for lo in range(first, last + 1, step)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = [r for r in pool.map(lambda r: _in_own_connection(*r), ranges) if r is not None]
    return min(found) if found else None


def audit_chain_verify() -> VerifyResult:
    """Verify the chain in the database; names the first tampered sequence number."""
    head_seq, head_hash = _head()
    count, first, last, last_hash = chain_tail()
    if count and first != 1:
        return VerifyResult(count, 1, "missing or reordered row")
    broken = _first_break(first, last, count) if count else None
    if broken is not None:
        return VerifyResult(count, broken[0], broken[1])
    if last < head_seq:
        return VerifyResult(count, last + 1, "rows missing at the end (truncated)")
    if last > head_seq or (head_seq and last_hash != head_hash):
        return VerifyResult(count, last, "chain head does not match the last row")
    return VerifyResult(count, None, "")


def _stream_rows() -> Iterator[tuple[Any, ...]]:
    table = AuditEntry._meta.db_table
    names = (*CHAINED_COLUMNS, "prev_hash", "hash")
    columns = ", ".join(connection.ops.quote_name(c) for c in names)
    # A server-side cursor on PostgreSQL streams the rows instead of loading a million at once.
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY seq")  # noqa: S608 - fixed names
        while batch := cursor.fetchmany(_BATCH):
            yield from batch


def audit_chain_verify_python() -> VerifyResult:
    """The reference implementation: walks the chain row by row in Python (slower)."""
    head_seq, head_hash = _head()
    return verify_rows(_stream_rows(), head_seq=head_seq, head_hash=head_hash)
