"""Verification of the whole chain inside the database, one query, no Python loop per row.

Every row stores the hash of its predecessor, so each row can be checked on its own:
``hash = SHA256(prev_hash || canonical(row))`` and ``prev_hash = hash`` of the row before.
The canonical bytes are built in SQL to the same bytes as ``veilig.audit.chain.canonical_row``.
PostgreSQL has sha256() built in; on SQLite a deterministic Python function is registered.
"""

from __future__ import annotations

import hashlib
from contextlib import nullcontext

from django.db import connection, transaction

from veilig.audit.chain import (
    CHAINED_COLUMNS,
    CURRENT_FORMAT,
    FORMAT_FIELDS,
    FORMAT_STRINGS,
    GENESIS_HASH,
    UNIT_SEPARATOR,
)
from veilig.audit.models import AuditEntry

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

    The ORM stores 'YYYY-MM-DD HH:MM:SS.ffffff' (no fraction when it is zero), so a text of 26
    characters ending in 1–9 is already that (nine rows in ten, one cheap test); otherwise the
    fraction is trimmed, and an offset written by raw SQL ('+00:00') is dropped.
    """
    fraction = f"rtrim(rtrim(substr({ref}, 20, 7), '0'), '.')"
    trimmed = (
        f"substr({ref}, 1, 19) || "
        f"(CASE WHEN substr({ref}, 20, 1) = '.' THEN {fraction} ELSE '' END)"
    )
    return (
        f"(CASE WHEN substr({ref}, 26) > '0' AND substr({ref}, 27) = '' "
        f"THEN {ref} ELSE {trimmed} END)"
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
    if version == FORMAT_FIELDS:
        return f"veilig_sha256({_hash_input_sqlite_fields(alias)})"
    return f"veilig_sha256({alias}.prev_hash || {_canonical_sqlite(alias, version)})"


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
    table = AuditEntry._meta.db_table
    postgresql = connection.vendor == "postgresql"
    # PostgreSQL: a transaction for SET LOCAL. SQLite: none, because its transactions here are
    # IMMEDIATE (they take the write lock) and the ranges would wait for each other.
    with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cursor:
        if postgresql:
            # Format 3 hashes the timestamp's text output: fix how it is written.
            cursor.execute("SET LOCAL timezone = 'UTC'")
            cursor.execute("SET LOCAL datestyle = 'ISO'")
        cursor.execute(_first_bad_sql(version), {"lo": lo, "hi": hi, "genesis": GENESIS_HASH})
        row = cursor.fetchone()
        if row is None:
            return None
        seq = int(row[0])
        cursor.execute(f"SELECT max(seq) FROM {table} WHERE seq < %s", [seq])  # noqa: S608
        before = cursor.fetchone()[0]
    if seq == 1 or before == seq - 1:
        return seq, "row does not match its hash"
    return (int(before) + 1 if before is not None else 1), "missing or reordered row"


def chain_tail() -> tuple[int, int, int, str]:
    """(row count, lowest seq, highest seq, hash of the highest seq)."""
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(seq), max(seq) FROM {table}")  # noqa: S608
        count, first, last = cursor.fetchone()
    if not count:
        return 0, 0, 0, ""
    last_hash = AuditEntry.objects.filter(seq=last).values_list("hash", flat=True).get()
    return int(count), int(first), int(last), last_hash
