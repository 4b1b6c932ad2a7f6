"""The hash chain detects each kind of tampering at the right sequence number."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from veilig.audit.chain import CHAINED_COLUMNS as CHAINED
from veilig.audit.chain import FORMATS, GENESIS_HASH, canonical_row, chain_hash
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditChainHead, AuditEntry, AuditResult
from veilig.audit.selectors import audit_chain_verify as audit_chain_verify_sql
from veilig.audit.selectors import audit_chain_verify_python
from veilig.audit.services import audit_record

if TYPE_CHECKING:
    from veilig.accounts.models import User  # the personas' type; the log imports no app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True, params=FORMATS, ids=lambda v: f"format{v}")
def chain_format(request: pytest.FixtureRequest) -> int:
    """Every test runs on a chain in each canonical format: old chains keep theirs."""
    version: int = request.param
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH, "format_version": version}
    )
    return version


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's fast pass checks rows in batches: make them small, so that tests cross them."""
    from veilig.audit import verify_sql

    monkeypatch.setattr(verify_sql, "_SQLITE_BATCH", 3)


def audit_chain_verify():
    """Both implementations must agree on every case; return the fast one's verdict."""
    fast, reference = audit_chain_verify_sql(), audit_chain_verify_python()
    assert (fast.first_bad_seq, fast.reason) == (reference.first_bad_seq, reference.reason), (
        fast,
        reference,
    )
    return fast


def _fill(user: User, n: int = 10) -> None:
    context = AuditContext(actor=user, role="coordinator", purpose="casework", origin="127.0.0.1")
    for i in range(n):
        audit_record(
            context=context,
            action=AuditAction.READ,
            object_type="case",
            object_id=i + 1,
            subject_person_id=100 + i,
            result=AuditResult.DENIED if i % 3 == 0 else AuditResult.GRANTED,
        )


def _tamper(sql: str, params: list[Any]) -> None:
    """Change the log behind the application's back (as a database superuser could)."""
    table = AuditEntry._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(sql.format(table=table), params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _insert_raw(row: list[Any]) -> None:
    columns = ", ".join((*CHAINED, "prev_hash", "hash"))
    marks = ", ".join(["%s"] * len(row))
    with connection.cursor() as cursor:
        table = AuditEntry._meta.db_table
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row)  # noqa: S608


def test_intact_chain_verifies(alice: User) -> None:
    _fill(alice)
    result = audit_chain_verify()
    assert result.intact
    assert result.rows == 10
    assert AuditChainHead.objects.get().seq == 10
    first = AuditEntry.objects.get(seq=1)
    assert first.actor_username == "alice"
    assert first.organisation == "gemeente"
    assert first.subject_person_id == 100


def test_empty_log_verifies() -> None:
    assert audit_chain_verify().intact


def test_edit_is_detected_at_its_row(alice: User) -> None:
    _fill(alice)
    _tamper("UPDATE {table} SET object_id = %s WHERE seq = %s", ["999", 4])
    result = audit_chain_verify()
    assert result.first_bad_seq == 4


def test_edit_of_result_is_detected(alice: User) -> None:
    _fill(alice)
    _tamper("UPDATE {table} SET result = %s WHERE seq = %s", ["granted", 7])
    assert audit_chain_verify().first_bad_seq == 7


def test_deletion_is_detected_at_the_missing_number(alice: User) -> None:
    _fill(alice)
    _tamper("DELETE FROM {table} WHERE seq = %s", [6])
    assert audit_chain_verify().first_bad_seq == 6
    assert audit_chain_verify_sql().rows == 9  # a broken chain's rows are counted


def test_reordering_is_detected(alice: User) -> None:
    _fill(alice)
    # Swap the sequence numbers of rows 3 and 5 (via a free number).
    _tamper("UPDATE {table} SET seq = %s WHERE seq = %s", [1000, 3])
    _tamper("UPDATE {table} SET seq = %s WHERE seq = %s", [3, 5])
    _tamper("UPDATE {table} SET seq = %s WHERE seq = %s", [5, 1000])
    assert audit_chain_verify().first_bad_seq == 3


def test_truncation_is_detected_at_the_first_missing_row(alice: User) -> None:
    _fill(alice)
    _tamper("DELETE FROM {table} WHERE seq > %s", [8])
    result = audit_chain_verify()
    assert result.first_bad_seq == 9
    assert "truncated" in result.reason
    assert result.rows == 8


def test_command_reports_first_tampered_sequence(alice: User) -> None:
    _fill(alice)
    call_command("audit_verify")
    _tamper("UPDATE {table} SET purpose = %s WHERE seq = %s", ["other", 2])
    with pytest.raises(CommandError, match="sequence number 2"):
        call_command("audit_verify")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete(alice: User) -> None:
    _fill(alice, 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(detail="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()
    assert audit_chain_verify().intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_truncate_to_an_application_role(alice: User) -> None:
    _fill(alice, 1)
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS veilig_test_app")
        cursor.execute("CREATE ROLE veilig_test_app")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {table} TO veilig_test_app"
        )
    try:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET LOCAL ROLE veilig_test_app")
            cursor.execute(f"TRUNCATE {table}")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE ALL ON {table} FROM veilig_test_app")
            cursor.execute("DROP ROLE veilig_test_app")
    assert audit_chain_verify().intact


def test_sql_canonical_form_matches_python_for_awkward_text(alice: User) -> None:
    context = AuditContext(
        actor=alice,
        role="coordinator",
        purpose='quote " back\\ slash',
        origin="::1",
        break_glass=True,
    )
    for detail in ["é ë ï ß € 漢字", "line\nbreak\ttab\u0001ctl\u001f", "emoji 🚲", "", "null"]:
        audit_record(
            context=context,
            action=AuditAction.SEARCH,
            object_type="case",
            detail=detail,
            subject_person_id=None,
        )
    result = audit_chain_verify()
    assert result.intact, result


def test_parallel_verification_finds_the_same_first_break(alice: User, monkeypatch) -> None:
    from veilig.audit import selectors

    monkeypatch.setattr(selectors, "PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    _fill(alice, 12)
    assert audit_chain_verify().intact
    _tamper("UPDATE {table} SET detail = %s WHERE seq = %s", ["x", 11])
    _tamper("DELETE FROM {table} WHERE seq = %s", [9])
    assert audit_chain_verify().first_bad_seq == 9


def test_forked_verification_on_sqlite_finds_the_same_first_break(alice: User, monkeypatch) -> None:
    """The command's path on SQLite: ranges checked in forked processes (no threads around)."""
    from veilig.audit import selectors

    if connection.vendor != "sqlite":
        pytest.skip("forked processes are used for SQLite only")
    monkeypatch.setattr(selectors, "PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("threading.active_count", lambda: 1)
    pools: list[str] = []
    real_pool = selectors._pool

    def recording_pool(workers: int) -> object:
        pool = real_pool(workers)
        pools.append(type(pool).__name__)
        return pool

    monkeypatch.setattr(selectors, "_pool", recording_pool)
    _fill(alice, 12)
    assert audit_chain_verify().intact
    _tamper("UPDATE {table} SET detail = %s WHERE seq = %s", ["x", 10])
    _tamper("UPDATE {table} SET detail = %s WHERE seq = %s", ["x", 4])
    assert audit_chain_verify().first_bad_seq == 4
    assert set(pools) == {"ProcessPoolExecutor"}


def test_deletion_of_several_rows_reports_the_first(alice: User) -> None:
    _fill(alice)
    _tamper("DELETE FROM {table} WHERE seq BETWEEN %s AND %s", [3, 5])
    assert audit_chain_verify().first_bad_seq == 3


def test_deletion_of_the_first_row(alice: User) -> None:
    _fill(alice)
    _tamper("DELETE FROM {table} WHERE seq = %s", [1])
    assert audit_chain_verify().first_bad_seq == 1


def test_appends_keep_the_format_of_the_chain(alice: User, chain_format: int) -> None:
    _fill(alice, 3)
    entry = AuditEntry.objects.get(seq=2)
    values = [getattr(entry, c) for c in CHAINED]
    expected = canonical_row(values, version=chain_format)
    assert entry.hash == hashlib.sha256(entry.prev_hash.encode() + expected).hexdigest()
    for other in FORMATS:
        if other != chain_format:
            assert canonical_row(values, version=other) != expected
    assert AuditChainHead.objects.get().format_version == chain_format


def test_format_2_writes_every_value_as_a_string() -> None:
    row = [
        7,
        "2026-01-02 03:04:05",
        None,
        "u",
        "",
        "",
        "",
        12,
        "case",
        "",
        "read",
        "granted",
        "",
        True,
        "",
        "web",
        "",
    ]
    text = canonical_row(row, version=2).decode()
    assert text.startswith('["7","2026-01-02T03:04:05.000000Z",null,"u",')
    assert '"12","case"' in text and '"1",""' in text
    assert canonical_row(row, version=1).decode().startswith('[7,"2026-01-02T03:04:05.000000Z"')
    with pytest.raises(ValueError):
        canonical_row(row, version=4)


def test_format_3_writes_each_field_as_text_behind_a_unit_separator() -> None:
    row = [7, "2026-01-02 03:04:05.120000", None, "u", "", "", "", 12, "case", "", "read"]
    row += ["granted", "", True, "", "web", "zoek: é"]
    text = canonical_row(row, version=3).decode()
    fields = text.split("\x1f")
    assert fields[0] == ""  # every field is preceded by the separator
    assert fields[1:4] == ["7", "2026-01-02 03:04:05.12+00", ""]
    assert fields[8] == "12" and fields[14] == "t" and fields[17] == "zoek: é"
    assert len(fields) == len(CHAINED) + 1


@pytest.mark.parametrize("raw_sql", [False, True], ids=["orm", "raw"])
@pytest.mark.parametrize("micro", [0, 120_000, 1, 999_999, 100_000])
@pytest.mark.parametrize("second", [59, 50])
def test_times_hash_alike_in_sql_and_python(
    second: int, micro: int, raw_sql: bool, chain_format: int
) -> None:
    """The fraction of a second in every shape: none, trailing zeros, one digit, six digits;
    whole seconds ending in 0 or not.

    Raw SQL (as a bulk load writes) stores an aware time on SQLite with its '+00:00' offset,
    the ORM stores naive UTC: both must verify.
    """
    at = dt.datetime(2026, 3, 29, 1, 59, second, micro, tzinfo=dt.UTC)
    prev = GENESIS_HASH
    for seq in (1, 2):
        values = [seq, at, None, "", "", "", "", None, "case", "1", "read", "granted"]
        values += ["", False, "", "cli", ""]
        digest = chain_hash(prev, values, version=chain_format)
        if raw_sql:
            _insert_raw([*values, prev, digest])
        else:
            fields = dict(zip(CHAINED, values, strict=True))
            AuditEntry.objects.create(**fields, prev_hash=prev, hash=digest)
        prev = digest
    AuditChainHead.objects.filter(pk=1).update(seq=2, hash=prev)
    assert audit_chain_verify().intact


@pytest.mark.parametrize("text", ["2026-03-29 01:59:50.000000", "2026-03-29 01:59:59.120000"])
def test_times_written_as_text_with_zeros_verify(text: str, chain_format: int) -> None:
    """A loader that writes the time as text may keep a zero fraction the ORM would drop."""
    values = [1, text, None, "", "", "", "", None, "case", "1", "read", "granted"]
    values += ["", False, "", "cli", ""]
    digest = chain_hash(GENESIS_HASH, values, version=chain_format)
    _insert_raw([*values, GENESIS_HASH, digest])
    AuditChainHead.objects.filter(pk=1).update(seq=1, hash=digest)
    assert audit_chain_verify().intact


def test_control_characters_are_stored_as_replacement_characters(alice: User) -> None:
    """No separator or NUL reaches the log: format 3 stays unambiguous, PostgreSQL takes NUL."""
    context = AuditContext(actor=alice, role="coordinator", purpose="case\x1fwork", origin="::1")
    audit_record(
        context=context,
        action=AuditAction.SEARCH,
        object_type="person",
        detail="térm\x00with\nbreaks\ttabs",
    )
    entry = AuditEntry.objects.get()
    assert entry.detail == "térm\ufffdwith\ufffdbreaks\ufffdtabs"
    assert entry.purpose == "case\ufffdwork"
    assert audit_chain_verify().intact


def test_text_moved_across_a_separator_is_detected(alice: User, chain_format: int) -> None:
    """Moving the channel into the origin, separator and all, still changes the row's bytes."""
    _fill(alice, 3)
    entry = AuditEntry.objects.get(seq=2)
    _tamper(
        "UPDATE {table} SET origin = %s, channel = %s WHERE seq = %s",
        [entry.origin + "\x1f" + entry.channel, "", 2],
    )
    assert audit_chain_verify().first_bad_seq == 2


def test_a_row_the_fast_pass_cannot_split_is_checked_exactly(
    alice: User, chain_format: int
) -> None:
    """A row separator inside a field (never written by the application, only by hand) makes
    SQLite's batch unreadable: the exact query then decides, without a false alarm."""
    _fill(alice, 4)
    head = AuditChainHead.objects.get()
    values = [5, dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), None, "", "", "", "", None, "case"]
    values += ["1", "read", "granted", "", False, "", "cli", "row\x1eseparator"]
    digest = chain_hash(head.hash, values, version=chain_format)
    _insert_raw([*values, head.hash, digest])
    AuditChainHead.objects.filter(pk=1).update(seq=5, hash=digest)
    _fill(alice, 4)
    assert audit_chain_verify().intact
    _tamper("UPDATE {table} SET detail = %s WHERE seq = %s", ["x", 8])
    assert audit_chain_verify().first_bad_seq == 8
