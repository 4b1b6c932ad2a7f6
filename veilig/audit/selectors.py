"""Reading the access log for its verification: the whole chain, in the database or in Python.

The privacy officer's reads of the log (lists per person, per user, break-the-glass) are in
``veilig.privacy.selectors``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from veilig.audit.anchor import (
    AnchorCheck,
    AnchorFile,
    AnchorStatus,
    anchor_compare,
    anchor_file_read,
)
from veilig.audit.chain import (
    CHAINED_COLUMNS,
    CURRENT_FORMAT,
    GENESIS_HASH,
    ChainHead,
    VerifyResult,
    verify_rows,
)
from veilig.audit.models import AuditChainHead, AuditEntry, AuditVerification
from veilig.audit.verify_sql import (
    ChainSnapshot,
    chain_row_count,
    chain_snapshot,
    first_bad_seq,
)

_BATCH = 20_000
# From this many rows, verification is split over one database connection per core.
PARALLEL_FROM_ROWS = 200_000


def _head_values(head: ChainHead | None) -> tuple[int, str, int]:
    """(seq, hash, canonical format) of the chain head."""
    if head is None:
        return 0, GENESIS_HASH, CURRENT_FORMAT
    return head.seq, head.hash, head.format_version


def _in_own_connection(lo: int, hi: int, version: int) -> tuple[int, str] | None:
    try:
        return first_bad_seq(lo, hi, version=version)
    finally:
        connection.close()  # the thread's own connection


def _pool(workers: int) -> Executor:
    """Threads, except for SQLite in a process without other threads: forked processes.

    SQLite works inside this process and calls the Python hash function for every row; that
    function needs the GIL, so threads take turns instead of running side by side. Forking is
    only safe when no other thread could hold a lock at that moment (the command, not a web
    server), and the parent's connection is closed first so that no SQLite handle crosses it.
    """
    if (
        connection.vendor == "sqlite"
        and threading.active_count() == 1
        and ":memory:" not in str(connection.settings_dict["NAME"])
        and "mode=memory" not in str(connection.settings_dict["NAME"])
    ):
        connection.close()
        return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
    return ThreadPoolExecutor(max_workers=workers)


def _first_break(first: int, last: int, version: int) -> tuple[int, str] | None:
    workers = os.cpu_count() or 1
    # Other connections cannot see an open transaction's rows: stay in this one then.
    if last - first + 1 < PARALLEL_FROM_ROWS or workers == 1 or connection.in_atomic_block:
        return first_bad_seq(first, last, version=version)
    step = (last - first) // workers + 1
    los = list(range(first, last + 1, step))
    his = [min(lo + step - 1, last) for lo in los]
    with _pool(workers) as pool:
        found = [r for r in pool.map(_in_own_connection, los, his, [version] * len(los)) if r]
    return min(found) if found else None


def audit_chain_verify(*, anchor_file: Path | None = None) -> VerifyResult:
    """Verify the chain in the database and against the last anchor; names the first tampered
    sequence number.

    The head and the chain's ends are read in one statement (``chain_snapshot``), and every
    later read stops at that snapshot's last row: rows appended while the verification runs are
    not part of it (the next one covers them), so a busy log gives no false alarm. A cut-off
    tail or a missing head is in the snapshot itself, so it still shows.

    An intact chain holds every number from 1 to its last exactly once (seq is unique), so it
    has ``last`` rows: they are only counted when the chain is broken (counting a million rows
    costs SQLite about 0.15 s). ``anchor_file`` defaults to ``settings.AUDIT_ANCHOR_FILE``.
    """
    anchors = _anchors(anchor_file)
    snapshot = chain_snapshot()
    result = replace(_chain_verify(snapshot), head=snapshot.head)
    return _against_anchor(result, anchors, snapshot.head)


def _chain_verify(snapshot: ChainSnapshot) -> VerifyResult:
    head_seq, head_hash, version = _head_values(snapshot.head)
    first, last = snapshot.first, snapshot.last
    if last and first != 1:
        return VerifyResult(chain_row_count(up_to=last), 1, "missing or reordered row")
    # The ranges (and their processes or connections) read only up to the snapshot's last row.
    broken = _first_break(first, last, version) if last else None
    if broken is not None:
        return VerifyResult(chain_row_count(up_to=last), broken[0], broken[1])
    if last < head_seq:
        return VerifyResult(last, last + 1, "rows missing at the end (truncated)")
    if last > head_seq or (head_seq and snapshot.last_hash != head_hash):
        return VerifyResult(last, last, "chain head does not match the last row")
    return VerifyResult(last, None, "")


def _anchors(path: Path | None) -> AnchorFile:
    # Read before the chain's snapshot: rows are only ever appended, so every anchor read here
    # is covered by the rows of the snapshot (an anchor written meanwhile is not read).
    return anchor_file_read(path or Path(settings.AUDIT_ANCHOR_FILE))


def _row_hash(seq: int) -> str | None:
    return AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first()


def _against_anchor(
    result: VerifyResult, anchors: AnchorFile, head: ChainHead | None
) -> VerifyResult:
    """The verdict with the last anchor: one row lookup (the row at the anchored number).

    An intact chain that is shorter than, or differs from, the last anchor is reported as
    tampered at that number. A broken chain keeps its own first bad number; the comparison
    with the anchor is then only shown.
    """
    if anchors.unreadable:
        return replace(result, anchor=AnchorCheck(AnchorStatus.UNREADABLE, reason=anchors.reason))
    if anchors.broken_line is not None:
        check = AnchorCheck(
            AnchorStatus.FILE_BROKEN, anchors.last, anchors.broken_line, anchors.reason
        )
        return replace(result, anchor=check)
    anchor = anchors.last
    if anchor is None:
        return replace(result, anchor=AnchorCheck(AnchorStatus.NONE))
    intact = result.first_bad_seq is None
    finding = anchor_compare(
        anchor,
        last_seq=result.rows if intact else anchor.seq,
        head_format=head.format_version if head else None,
        hash_at=_row_hash,
    )
    if finding is None:
        return replace(result, anchor=AnchorCheck(AnchorStatus.OK, anchor))
    check = AnchorCheck(AnchorStatus.MISMATCH, anchor, reason=finding[1])
    if not intact:
        return replace(result, anchor=check)
    return replace(result, first_bad_seq=finding[0], reason=finding[1], anchor=check)


def _stream_rows(*, up_to: int) -> Iterator[tuple[Any, ...]]:
    table = AuditEntry._meta.db_table
    names = (*CHAINED_COLUMNS, "prev_hash", "hash")
    columns = ", ".join(connection.ops.quote_name(c) for c in names)
    sql = f"SELECT {columns} FROM {table} WHERE seq <= %s ORDER BY seq"  # noqa: S608 - fixed names
    # A server-side cursor on PostgreSQL streams the rows instead of loading a million at once.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [up_to])
        while batch := cursor.fetchmany(_BATCH):
            yield from batch


def audit_chain_verify_python(*, anchor_file: Path | None = None) -> VerifyResult:
    """The reference implementation: walks the chain row by row in Python (slower), over the
    same snapshot as :func:`audit_chain_verify`."""
    anchors = _anchors(anchor_file)
    snapshot = chain_snapshot()
    head_seq, head_hash, version = _head_values(snapshot.head)
    rows = _stream_rows(up_to=snapshot.last)
    result = verify_rows(rows, head_seq=head_seq, head_hash=head_hash, version=version)
    return _against_anchor(replace(result, head=snapshot.head), anchors, snapshot.head)


def audit_chain_head() -> AuditChainHead | None:
    return AuditChainHead.objects.filter(pk=1).first()


def audit_verification_latest() -> AuditVerification | None:
    """The outcome of the last verification of the whole chain (page or command), if any."""
    return AuditVerification.objects.order_by("-at", "-pk").first()


def audit_anchor_latest(*, anchor_file: Path | None = None) -> AnchorFile:
    """What the anchor file holds now: its last good anchor, or where its own chain breaks.

    Reads and checks the whole file (a year of hourly anchors: 8,760 lines).
    """
    return _anchors(anchor_file)
