"""Reading the access log: verification of the whole chain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection

from veilig.audit.chain import CHAINED_COLUMNS, GENESIS_HASH, VerifyResult, verify_rows
from veilig.audit.models import AuditChainHead, AuditEntry

_BATCH = 20_000


def _stream_rows() -> Iterator[tuple[Any, ...]]:
    table = AuditEntry._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in (*CHAINED_COLUMNS, "prev_hash", "hash"))
    # A server-side cursor on PostgreSQL streams the rows instead of loading a million at once.
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY seq")  # noqa: S608 - fixed names
        while batch := cursor.fetchmany(_BATCH):
            yield from batch


def audit_chain_verify() -> VerifyResult:
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    return verify_rows(_stream_rows(), head_seq=head_seq, head_hash=head_hash)
