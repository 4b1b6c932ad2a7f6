"""The hash chain: canonical form of a row, hashing, and verification of a row stream."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# The canonical form of a row. A chain keeps the format it was started in (``AuditChainHead``):
# 1 wrote numbers as JSON numbers; 2 (from 2026-11) writes every value as a JSON string (null
# stays null), which PostgreSQL builds in one ``array_to_json`` call — verification of a million
# rows costs half the CPU of format 1 there. Never change a format; add one.
FORMAT_NUMBERS = 1
FORMAT_STRINGS = 2
CURRENT_FORMAT = FORMAT_STRINGS
FORMATS = (FORMAT_NUMBERS, FORMAT_STRINGS)

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
    """UTC time with microseconds: ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.

    SQLite hands back the stored text (naive UTC), PostgreSQL an aware datetime.
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def canonical_row(values: tuple[Any, ...] | list[Any], *, version: int = CURRENT_FORMAT) -> bytes:
    """Canonical JSON of a row given in ``CHAINED_COLUMNS`` order: a compact JSON array.

    Booleans are written as 0/1 so that the databases can build the same bytes in SQL
    (``veilig.audit.verify_sql``); keep the two in step (a test compares them).
    """
    row = list(values)
    row[_AT] = canonical_time(row[_AT])
    row[_BREAK_GLASS] = 1 if row[_BREAK_GLASS] else 0
    if version == FORMAT_STRINGS:
        row = [None if value is None else str(value) for value in row]
    elif version != FORMAT_NUMBERS:
        raise ValueError(f"unknown audit chain format {version}")
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(
    prev_hash: str, values: tuple[Any, ...] | list[Any], *, version: int = CURRENT_FORMAT
) -> str:
    canonical = canonical_row(values, version=version)
    return hashlib.sha256(prev_hash.encode("ascii") + canonical).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    rows: int
    first_bad_seq: int | None
    reason: str  # empty when intact

    @property
    def intact(self) -> bool:
        return self.first_bad_seq is None


def verify_rows(
    rows: Iterable[tuple[Any, ...]],
    *,
    head_seq: int,
    head_hash: str,
    version: int = CURRENT_FORMAT,
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
        if row[n] != prev or chain_hash(prev, values, version=version) != row[n + 1]:
            return VerifyResult(count, seq, "row does not match its hash")
        prev = row[n + 1]
        expected_seq += 1
    last = expected_seq - 1
    if last < head_seq:
        return VerifyResult(count, last + 1, "rows missing at the end (truncated)")
    if last > head_seq or prev != (head_hash if head_seq else GENESIS_HASH):
        return VerifyResult(count, last, "chain head does not match the last row")
    return VerifyResult(count, None, "")
