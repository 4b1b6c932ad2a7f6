"""Verification of the whole chain inside the database.

Every row stores the hash of its predecessor, so each row can be checked on its own:
``hash = SHA256(prev_hash || canonical(row))`` and ``prev_hash = hash`` of the row before.
The canonical bytes are built in SQL to the same bytes as ``veilig.audit.chain.canonical_row``.
PostgreSQL hashes with its own sha256() in one query per range. SQLite has no SHA-256: it builds
the bytes of a batch of rows in one query and Python hashes them (``_first_bad_sqlite``); the
exact query, with a registered Python hash function, names the row once a batch fails.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from veilig.audit.chain import (
    CHAINED_COLUMNS,
    CURRENT_FORMAT,
    FORMAT_FIELDS,
    FORMAT_STRINGS,
    GENESIS_HASH,
    UNIT_SEPARATOR,
    ChainHead,
)
from veilig.audit.models import AuditChainHead, AuditEntry

_INT_COLUMNS = frozenset({"seq", "actor_id", "subject_person_id"})
_NULLABLE_COLUMNS = frozenset({"actor_id", "subject_person_id"})
_PG_TIME = "to_char({ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical_postgresql_numbers(alias: str) -> str:
    parts = []
    for column in CHAINED_COLUMNS:
        ref = f"{alias}.{column}"
        if column in _INT_COLUMNS:
            parts.append(f"coalesce({ref}::text, 'null')")
        elif column == "at":
            parts.append(f"to_json({_PG_TIME.format(ref=ref)})::text")
        elif column == "break_glass":
            parts.append(f"(CASE WHEN {ref} THEN '1' ELSE '0' END)")
        else:
            parts.append(f"to_json({ref})::text")
    return "'[' || " + " || ',' || ".join(parts) + " || ']'"


def _canonical_postgresql_strings(alias: str) -> str:
    # One function call for the whole row: most of the cost per row is per call.
    parts = []
    for column in CHAINED_COLUMNS:
        ref = f"{alias}.{column}"
        if column == "at":
            parts.append(_PG_TIME.format(ref=ref))
        elif column == "break_glass":
            parts.append(f"(CASE WHEN {ref} THEN '1' ELSE '0' END)")
        else:
            parts.append(f"{ref}::text")
    return f"array_to_json(ARRAY[{', '.join(parts)}])::text"


def _hash_input_postgresql_fields(alias: str) -> str:
    # prev_hash and every field joined by U+001F in one call; bigint, boolean and timestamptz go
    # through their output functions (digits, t/f, ISO time in UTC: first_bad_seq fixes the
    # session's DateStyle and TimeZone). concat_ws skips NULL, so a nullable field is coalesced.
    parts = [f"{alias}.prev_hash"]
    for column in CHAINED_COLUMNS:
        ref = f"{alias}.{column}"
        if column in _NULLABLE_COLUMNS:
            parts.append(f"coalesce({ref}::text, '')")
        else:
            parts.append(ref)
    return f"textsend(concat_ws(E'\\x1f', {', '.join(parts)}))"


def _hash_input_sqlite_fields(alias: str) -> str:
    # One printf over all fields (SQLite 3.40 has no concat_ws); a chain of || costs half as much
    # again. printf writes NULL as nothing and an integer as its digits, like PostgreSQL here.
    # The % signs are doubled: the query is run with parameters.
    parts = [f"{alias}.prev_hash"]
    templates = ["%%s"]
    for column in CHAINED_COLUMNS:
        ref = f"{alias}.{column}"
        if column == "at":
            parts.append(_sqlite_time_as_postgresql(ref))
            templates.append("%%s+00")
        elif column == "break_glass":
            parts.append(f"(CASE WHEN {ref} THEN 't' ELSE 'f' END)")
            templates.append("%%s")
        else:
            parts.append(ref)
            templates.append("%%s")
    return f"printf('{UNIT_SEPARATOR.join(templates)}', {', '.join(parts)})"


def _sqlite_time_as_postgresql(ref: str) -> str:
    """PostgreSQL's text of the stored instant without '+00': the fraction without its zeros.

    The ORM stores 'YYYY-MM-DD HH:MM:SS.ffffff', without the fraction when it is zero. So a text
    that does not end in 0 is already PostgreSQL's (nine rows in ten, one cheap test); one of 26
    characters has a fraction, and trimming its zeros stops at the point; anything else (an
    offset '+00:00' written by raw SQL, whole seconds ending in 0) is taken apart.
    """
    fraction = f"rtrim(rtrim(substr({ref}, 20, 7), '0'), '.')"
    taken_apart = (
        f"substr({ref}, 1, 19) || "
        f"(CASE WHEN substr({ref}, 20, 1) = '.' THEN {fraction} ELSE '' END)"
    )
    return (
        f"(CASE WHEN {ref} NOT GLOB '*0' THEN {ref} "
        f"WHEN length({ref}) = 26 THEN rtrim(rtrim({ref}, '0'), '.') "
        f"ELSE {taken_apart} END)"
    )


def _sqlite_time(alias: str) -> str:
    # Django stores naive UTC as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (no fraction when it is zero);
    # raw SQL stores an aware time with its offset after that ('+00:00').
    at = f"{alias}.at"
    micro = f"substr(substr({at}, 21, 6) || '000000', 1, 6)"
    return (
        f"substr({at}, 1, 10) || 'T' || substr({at}, 12, 8) || '.' || "
        f"(CASE WHEN substr({at}, 20, 1) = '.' THEN {micro} ELSE '000000' END) || 'Z'"
    )


def _canonical_sqlite(alias: str, version: int) -> str:
    at = _sqlite_time(alias)
    args = []
    for column in CHAINED_COLUMNS:
        ref = at if column == "at" else f"{alias}.{column}"
        if version == FORMAT_STRINGS and column in (*_INT_COLUMNS, "break_glass"):
            ref = f"CAST({ref} AS TEXT)"
        args.append(ref)
    return f"json_array({', '.join(args)})"


def _expected_hash_sql(alias: str, version: int) -> str:
    if connection.vendor == "postgresql":
        if version == FORMAT_FIELDS:
            hash_input = _hash_input_postgresql_fields(alias)  # bytes in the client encoding, UTF-8
        elif version == FORMAT_STRINGS:
            canonical = _canonical_postgresql_strings(alias)
            hash_input = f"convert_to({alias}.prev_hash || {canonical}, 'UTF8')"
        else:
            canonical = _canonical_postgresql_numbers(alias)
            hash_input = f"convert_to({alias}.prev_hash || {canonical}, 'UTF8')"
        return f"encode(sha256({hash_input}), 'hex')"
    connection.ensure_connection()
    connection.connection.create_function("veilig_sha256", 1, _sha256_hex, deterministic=True)
    return f"veilig_sha256({_hash_input_sqlite(alias, version)})"


def _hash_input_sqlite(alias: str, version: int) -> str:
    """The text that is hashed, as SQLite builds it: always the previous hash, then the row."""
    if version == FORMAT_FIELDS:
        return _hash_input_sqlite_fields(alias)
    return f"{alias}.prev_hash || {_canonical_sqlite(alias, version)}"


def _first_bad_sql(version: int) -> str:
    """The query for the first row in [lo, hi] that breaks the chain: its seq, or no row.

    PostgreSQL compares each row with its predecessor through a window over the seq index (one
    pass); SQLite's window sorts, so there a join on seq − 1 is cheaper. A missing predecessor
    shows as a mismatch of ``prev_hash``; :func:`first_bad_seq` tells the two apart.
    """
    table = AuditEntry._meta.db_table
    if connection.vendor == "postgresql":
        return f"""
            SELECT s.seq FROM (
                SELECT a.seq, a.hash, a.prev_hash, {_expected_hash_sql("a", version)} AS expected,
                       lag(a.hash) OVER (ORDER BY a.seq) AS before_hash
                FROM {table} a WHERE a.seq BETWEEN %(lo)s - 1 AND %(hi)s
            ) s
            WHERE s.seq >= %(lo)s
              AND (s.hash <> s.expected OR s.prev_hash <> coalesce(s.before_hash, %(genesis)s))
            ORDER BY s.seq
            LIMIT 1
        """  # noqa: S608 - only fixed names
    return f"""
        SELECT a.seq
        FROM {table} a LEFT JOIN {table} b ON b.seq = a.seq - 1
        WHERE a.seq BETWEEN %(lo)s AND %(hi)s
          AND (a.hash <> {_expected_hash_sql("a", version)}
               OR a.prev_hash <> coalesce(b.hash, %(genesis)s))
        ORDER BY a.seq
        LIMIT 1
    """  # noqa: S608 - only fixed names


def first_bad_seq(lo: int, hi: int, *, version: int = CURRENT_FORMAT) -> tuple[int, str] | None:
    """The first sequence number in [lo, hi] where the chain breaks, with the reason, or None.

    A row breaks the chain when its hash does not match its content and predecessor's hash, or
    when its predecessor (seq − 1) is missing: then the first missing number is reported.
    """
    if connection.vendor == "postgresql":
        seq = _first_bad_postgresql(lo, hi, version)
    else:
        seq = _first_bad_sqlite(lo, hi, version)
    if seq is None:
        return None
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(seq) FROM {table} WHERE seq < %s", [seq])  # noqa: S608
        before = cursor.fetchone()[0]
    if seq == 1 or before == seq - 1:
        return seq, "row does not match its hash"
    return (int(before) + 1 if before is not None else 1), "missing or reordered row"


def _first_bad_postgresql(lo: int, hi: int, version: int) -> int | None:
    # A transaction for SET LOCAL: format 3 hashes the timestamp's text output, so fix how it is
    # written.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL timezone = 'UTC'")
        cursor.execute("SET LOCAL datestyle = 'ISO'")
        cursor.execute(_first_bad_sql(version), {"lo": lo, "hi": hi, "genesis": GENESIS_HASH})
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _first_bad_sqlite(lo: int, hi: int, version: int) -> int | None:
    """A fast pass over [lo, hi] in batches; from the first batch it cannot pass, the exact query.

    The fast pass only ever says "intact" under the exact query's own conditions, so a batch it
    cannot pass (a break, or anything unexpected) costs time, never a wrong answer. No
    transaction: SQLite's are IMMEDIATE here (the write lock), and the ranges would wait.
    """
    batch_sql = _sqlite_batch_sql(version)
    with connection.cursor() as cursor:
        prev_hash = _sqlite_hash_before(cursor, lo)
        start = lo
        while prev_hash is not None and start <= hi:
            end = min(start + _SQLITE_BATCH - 1, hi)
            prev_hash = _sqlite_batch_intact(cursor, batch_sql, start, end, prev_hash)
            if prev_hash is not None:
                start = end + 1
        if start > hi:
            return None
        cursor.execute(_first_bad_sql(version), {"lo": start, "hi": hi, "genesis": GENESIS_HASH})
        row = cursor.fetchone()
    return None if row is None else int(row[0])


# SQLite has no SHA-256, so Python hashes. A call into Python for every row cost more than the
# hashing itself; instead one query per batch builds each row's hash input in C (printf) and
# hands the batch over as one byte string, its rows joined by U+001E (as bytes, so that no row
# is decoded and encoded again). A row holding that character (the writer cleans it away, so
# only after tampering) splits wrongly and fails the batch.
_SQLITE_BATCH = 2_000
_ROW_SEPARATOR = b"\x1e"


def _sqlite_batch_sql(version: int) -> str:
    table = AuditEntry._meta.db_table
    return f"""
        SELECT count(*),
               CAST(group_concat({_hash_input_sqlite("a", version)}, char(30)) AS BLOB),
               group_concat(a.hash), group_concat(a.seq)
        FROM {table} a WHERE a.seq BETWEEN %(lo)s AND %(hi)s
    """  # noqa: S608 - only fixed names


def _sqlite_hash_before(cursor: CursorWrapper, lo: int) -> str | None:
    """The hash the row ``lo`` must start from; None if its predecessor is missing."""
    if lo == 1:
        return GENESIS_HASH
    table = AuditEntry._meta.db_table
    cursor.execute(f"SELECT hash FROM {table} WHERE seq = %s", [lo - 1])  # noqa: S608
    row = cursor.fetchone()
    return None if row is None else str(row[0])


def _sqlite_batch_intact(
    cursor: CursorWrapper, batch_sql: str, lo: int, hi: int, prev_hash: str
) -> str | None:
    """The hash of row ``hi`` when rows lo…hi all exist, in order, each hash matching its row
    and each row starting from the hash before it; otherwise None."""
    cursor.execute(batch_sql, {"lo": lo, "hi": hi})
    count, inputs_blob, hashes_text, seqs_text = cursor.fetchone()
    # group_concat keeps the order of the seq index; the seq list proves it and that none lacks.
    if count != hi - lo + 1 or seqs_text != ",".join(map(str, range(lo, hi + 1))):
        return None
    inputs = inputs_blob.split(_ROW_SEPARATOR)
    hashes = hashes_text.split(",")
    starts = f"{prev_hash},{hashes_text}".encode().split(b",")[:-1]
    if len(inputs) != count or [text[:64] for text in inputs] != starts:
        return None
    sha256 = hashlib.sha256
    if [sha256(text).hexdigest() for text in inputs] != hashes:
        return None
    return str(hashes[-1])


@dataclass(frozen=True)
class ChainSnapshot:
    """The chain's ends and its head as of one moment; ``last`` is 0 for an empty log."""

    first: int
    last: int
    last_hash: str
    head: ChainHead | None


def chain_snapshot() -> ChainSnapshot:
    """The lowest and highest seq, the hash of the highest and the head, in one statement.

    One statement reads one snapshot on both databases (PostgreSQL: a statement's snapshot under
    READ COMMITTED; SQLite: the statement's read transaction). Read one after the other, a row
    appended in between (every request writes one) made the head look behind the last row. Each
    end is its own subquery: SQLite answers a lone min() or max() from the index, both in one
    SELECT with a scan.
    """
    entries = AuditEntry._meta.db_table
    heads = AuditChainHead._meta.db_table
    sql = f"""
        SELECT ends.lo, ends.hi, (SELECT e.hash FROM {entries} e WHERE e.seq = ends.hi),
               h.seq, h.hash, h.format_version
        FROM (SELECT (SELECT min(seq) FROM {entries}) AS lo,
                     (SELECT max(seq) FROM {entries}) AS hi) ends
        LEFT JOIN {heads} h ON h.id = 1
    """  # noqa: S608 - only fixed names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        first, last, last_hash, head_seq, head_hash, head_format = cursor.fetchone()
    head = None if head_seq is None else ChainHead(int(head_seq), head_hash, int(head_format))
    if last is None:
        return ChainSnapshot(0, 0, "", head)
    return ChainSnapshot(int(first), int(last), str(last_hash), head)


def chain_row_count(*, up_to: int) -> int:
    """The rows numbered up to ``up_to``: rows appended after a snapshot are not its rows."""
    return AuditEntry.objects.filter(seq__lte=up_to).count()
