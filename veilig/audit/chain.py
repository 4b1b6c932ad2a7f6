"""The hash chain: canonical form of a row, hashing, and verification of a row stream."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# The columns that are hashed, in this order. Changing it invalidates every existing chain.
CHAINED_COLUMNS: tuple[str, ...] = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "organisation",
    "role",
    "on_behalf_of",
    "subject_person_id",
    "object_type",
    "object_id",
    "action",
    "result",
    "purpose",
    "break_glass",
    "origin",
    "channel",
    "detail",
)
_AT = CHAINED_COLUMNS.index("at")
_BREAK_GLASS = CHAINED_COLUMNS.index("break_glass")


def canonical_time(value: datetime | str) -> str:
    """UTC time with microseconds; SQLite hands back text, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_row(values: tuple[Any, ...] | list[Any]) -> bytes:
    """Canonical JSON of a row given as a tuple in ``CHAINED_COLUMNS`` order."""
    row = list(values)
    row[_AT] = canonical_time(row[_AT])
    row[_BREAK_GLASS] = bool(row[_BREAK_GLASS])
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(prev_hash: str, values: tuple[Any, ...] | list[Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_row(values)).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    rows: int
    first_bad_seq: int | None
    reason: str  # empty when intact

    @property
    def intact(self) -> bool:
        return self.first_bad_seq is None


def verify_rows(
    rows: Iterable[tuple[Any, ...]], *, head_seq: int, head_hash: str
) -> VerifyResult:
    """Check rows ``(*CHAINED_COLUMNS, prev_hash, hash)`` ordered by seq against the chain head.

    Names the first sequence number where an edit, deletion, reordering or truncation shows.
    """
    expected_seq = 1
    prev = GENESIS_HASH
    count = 0
    n = len(CHAINED_COLUMNS)
    for row in rows:
        count += 1
        seq = row[0]
        if seq != expected_seq:
            return VerifyResult(count, expected_seq, "missing or reordered row")
        values = row[:n]
        if row[n] != prev or chain_hash(prev, values) != row[n + 1]:
            return VerifyResult(count, seq, "row does not match its hash")
        prev = row[n + 1]
        expected_seq += 1
    last = expected_seq - 1
    if last < head_seq:
        return VerifyResult(count, last + 1, "rows missing at the end (truncated)")
    if last > head_seq or prev != (head_hash if head_seq else GENESIS_HASH):
        return VerifyResult(count, last, "chain head does not match the last row")
    return VerifyResult(count, None, "")
