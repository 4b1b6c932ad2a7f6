"""The hash chain: canonical form of a row, hashing, and verification of a row stream."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veilig.audit.anchor import AnchorCheck

GENESIS_HASH = "0" * 64

# The canonical form of a row. A chain keeps the format it was started in (``AuditChainHead``):
# 1 wrote a JSON array with numbers as JSON numbers; 2 a JSON array of strings, which PostgreSQL
# builds in one ``array_to_json`` call; 3 (from 2026-11-25) each field as plain text behind a
# unit separator, which PostgreSQL builds with one ``concat_ws`` — half the CPU of format 2 for
# the whole verification. Never change a format; add one.
FORMAT_NUMBERS = 1
FORMAT_STRINGS = 2
FORMAT_FIELDS = 3
CURRENT_FORMAT = FORMAT_FIELDS
FORMATS = (FORMAT_NUMBERS, FORMAT_STRINGS, FORMAT_FIELDS)

# Format 3 separates fields by U+001F. The writer never stores a control character in a text
# value (``clean_text``), so a row holds exactly one separator per field and the bytes name the
# values unambiguously: no text can be moved from one field into another under the same hash.
UNIT_SEPARATOR = "\x1f"
_CONTROL_CHARACTERS = {code: "\ufffd" for code in (*range(0x20), 0x7F)}

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


def _naive_utc(value: datetime | str) -> datetime:
    # SQLite hands back the stored text (naive UTC), PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def canonical_time(value: datetime | str) -> str:
    """Formats 1 and 2: UTC time with microseconds, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    return _naive_utc(value).isoformat(timespec="microseconds") + "Z"


def postgres_time_text(value: datetime | str) -> str:
    """Format 3: PostgreSQL's own text of a timestamptz (DateStyle ISO, TimeZone UTC).

    ``YYYY-MM-DD HH:MM:SS`` with the fraction only as long as it needs to be, then ``+00``:
    the output function writes it without the per-row formatting work of ``to_char``.
    """
    utc = _naive_utc(value)
    text = utc.isoformat(sep=" ", timespec="seconds")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "+00"


def clean_text(value: str) -> str:
    """Text as the log stores it: control characters (tab, newline, NUL, …) become U+FFFD.

    They have no place in a log line, PostgreSQL refuses NUL, and format 3 needs its separator
    to appear nowhere else.
    """
    return value.translate(_CONTROL_CHARACTERS)


def _field_text(value: Any) -> str:
    # The text PostgreSQL's output functions give inside concat_ws: bigint as digits, NULL as
    # nothing (the caller writes coalesce(…, '') so that the field keeps its place).
    return "" if value is None else str(value)


def _canonical_fields(row: list[Any]) -> bytes:
    row[_AT] = postgres_time_text(row[_AT])
    row[_BREAK_GLASS] = "t" if row[_BREAK_GLASS] else "f"
    return "".join(UNIT_SEPARATOR + _field_text(value) for value in row).encode("utf-8")


def canonical_row(values: tuple[Any, ...] | list[Any], *, version: int = CURRENT_FORMAT) -> bytes:
    """Canonical bytes of a row given in ``CHAINED_COLUMNS`` order.

    Formats 1 and 2 are a compact JSON array with booleans as 0/1; format 3 is every field as
    PostgreSQL writes it, behind U+001F (booleans ``t``/``f``, NULL empty). The databases build
    the same bytes in SQL (``veilig.audit.verify_sql``); keep the two in step (a test compares
    them).
    """
    row = list(values)
    if version == FORMAT_FIELDS:
        return _canonical_fields(row)
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
class ChainHead:
    """The chain head as a verification read it (the model row's values)."""

    seq: int
    hash: str
    format_version: int


@dataclass(frozen=True)
class VerifyResult:
    rows: int
    first_bad_seq: int | None
    reason: str  # empty when intact
    # The comparison with the last anchor outside the database (None: not compared).
    anchor: AnchorCheck | None = None
    # The head the rows were verified against (None: no head, or not recorded).
    head: ChainHead | None = None

    @property
    def intact(self) -> bool:
        return self.first_bad_seq is None and (self.anchor is None or self.anchor.ok)


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
