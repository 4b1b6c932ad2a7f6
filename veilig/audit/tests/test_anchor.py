"""The anchor file: verification fails on a log shorter than, or different from, the last anchor
(F10 of issue #11: a wiped log verified as "intact, 0 rows")."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from veilig.audit.anchor import (
    AnchorFileBrokenError,
    AnchorRefusedError,
    AnchorStatus,
    anchor_file_read,
)
from veilig.audit.chain import CHAINED_COLUMNS, GENESIS_HASH, chain_hash
from veilig.audit.models import AuditChainHead, AuditEntry
from veilig.audit.services import audit_anchor_write
from veilig.audit.tests.test_chain import _fill, _tamper, audit_chain_verify

if TYPE_CHECKING:
    from veilig.accounts.models import User  # the personas' type; the log imports no app

pytestmark = pytest.mark.django_db


def _anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _wipe_log_and_head() -> None:
    """Delete every row and the head, as a database superuser could."""
    _tamper("DELETE FROM {table}", [])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditChainHead._meta.db_table}")  # noqa: S608


def _rewrite_from(seq: int) -> None:
    """Rewrite the chain consistently from ``seq`` on (hashes recomputed, head moved): only the
    anchor can show it."""
    head = AuditChainHead.objects.get()
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS_HASH
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        values = [getattr(entry, c) for c in CHAINED_COLUMNS]
        values[CHAINED_COLUMNS.index("detail")] = "rewritten"
        digest = chain_hash(prev, values, version=head.format_version)
        _tamper(
            "UPDATE {table} SET detail = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            ["rewritten", prev, digest, entry.seq],
        )
        prev = digest
    AuditChainHead.objects.filter(pk=1).update(hash=prev)


def test_no_anchor_yet_is_reported_and_not_an_error(alice: User) -> None:
    _fill(alice, 3)
    result = audit_chain_verify()
    assert result.intact
    assert result.anchor is not None and result.anchor.status == AnchorStatus.NONE
    assert result.anchor.last is None


def test_an_anchor_matching_the_chain_verifies(alice: User) -> None:
    _fill(alice, 5)
    anchor = audit_anchor_write()
    _fill(alice, 2)  # the log grows after the anchor: still intact
    result = audit_chain_verify()
    assert result.intact and result.rows == 7
    assert result.anchor is not None and result.anchor.status == AnchorStatus.OK
    assert result.anchor.last == anchor
    assert (anchor.number, anchor.seq) == (1, 5)
    assert anchor.hash == AuditEntry.objects.get(seq=5).hash


def test_wiped_log_and_head_are_tampered_against_the_last_anchor(alice: User) -> None:
    """The done-when test of F10 (both databases): the old code said "intact, 0 rows"."""
    _fill(alice, 10)
    audit_anchor_write()
    _wipe_log_and_head()
    assert not AuditEntry.objects.exists() and not AuditChainHead.objects.exists()
    result = audit_chain_verify()
    assert not result.intact
    assert result.first_bad_seq == 1
    assert "shorter than the last anchor" in result.reason
    assert result.anchor is not None and result.anchor.status == AnchorStatus.MISMATCH
    with pytest.raises(CommandError, match="sequence number 1"):
        call_command("audit_verify")


def test_truncated_tail_after_an_anchor_is_tampered(alice: User) -> None:
    _fill(alice, 10)
    audit_anchor_write()
    # Cut off rows 9 and 10 and move the head back to row 8: the chain itself is consistent.
    _tamper("DELETE FROM {table} WHERE seq > %s", [8])
    AuditChainHead.objects.filter(pk=1).update(seq=8, hash=AuditEntry.objects.get(seq=8).hash)
    result = audit_chain_verify()
    assert (result.first_bad_seq, result.rows) == (9, 8)
    assert "shorter than the last anchor" in result.reason


def test_changed_row_at_the_anchored_number_is_tampered(alice: User) -> None:
    _fill(alice, 10)
    audit_anchor_write()
    _fill(alice, 2)
    _rewrite_from(7)  # rows 7…12 rewritten, hashes and head consistent
    result = audit_chain_verify()
    assert result.first_bad_seq == 10
    assert result.reason == "row differs from the last anchor"


def test_head_missing_although_anchored_is_tampered(alice: User) -> None:
    audit_anchor_write()  # an anchor of the empty log
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditChainHead._meta.db_table}")  # noqa: S608
    result = audit_chain_verify()
    assert result.first_bad_seq == 1
    assert result.reason == "chain head missing although anchored"


def test_anchor_lines_form_their_own_chain(alice: User) -> None:
    _fill(alice, 2)
    audit_anchor_write()
    _fill(alice, 1)
    audit_anchor_write()
    first, second = _anchor_path().read_bytes().splitlines()
    one, two = json.loads(first), json.loads(second)
    assert list(one) == ["v", "n", "at", "seq", "hash", "format", "prev"]
    assert (one["n"], one["seq"], one["prev"]) == (1, 2, GENESIS_HASH)
    assert (two["n"], two["seq"]) == (2, 3)
    assert two["prev"] == hashlib.sha256(first).hexdigest()
    assert two["hash"] == AuditChainHead.objects.get().hash
    assert two["at"].endswith("+00:00")


def _three_anchors(user: User) -> list[bytes]:
    for _ in range(3):
        _fill(user, 2)
        audit_anchor_write()
    return _anchor_path().read_bytes().splitlines(keepends=True)


def test_edited_anchor_line_breaks_the_file_chain(alice: User) -> None:
    lines = _three_anchors(alice)
    edited = json.loads(lines[1])
    edited["seq"] = 3
    lines[1] = json.dumps(edited, separators=(",", ":")).encode() + b"\n"
    _anchor_path().write_bytes(b"".join(lines))
    result = audit_chain_verify()
    assert not result.intact and result.first_bad_seq is None
    assert result.anchor is not None and result.anchor.status == AnchorStatus.FILE_BROKEN
    assert result.anchor.line == 3  # line 3 no longer follows line 2
    assert result.anchor.last is not None and result.anchor.last.number == 2
    with pytest.raises(CommandError, match="Anchor file NOT intact: line 3"):
        call_command("audit_verify")
    with pytest.raises(AnchorFileBrokenError):
        audit_anchor_write()  # nothing is appended to a broken file


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (lambda lines: [lines[0], lines[2]], 2),  # a line removed
        (lambda lines: [*lines[:2], lines[2].rstrip(b"\n")], 3),  # the last line cut off
        (lambda lines: [lines[0], b"not json\n", *lines[1:]], 2),  # a line inserted
    ],
    ids=["removed", "cut-off", "inserted"],
)
def test_removed_cut_or_inserted_anchor_lines_show(alice: User, change, line: int) -> None:
    lines = _three_anchors(alice)
    _anchor_path().write_bytes(b"".join(change(lines)))
    result = audit_chain_verify()
    assert result.anchor is not None and result.anchor.status == AnchorStatus.FILE_BROKEN
    assert result.anchor.line == line and not result.intact


def test_an_unreadable_anchor_file_fails_the_check(alice: User) -> None:
    _fill(alice, 1)
    _anchor_path().mkdir()  # exists, cannot be read as a file
    result = audit_chain_verify()
    assert result.anchor is not None and result.anchor.status == AnchorStatus.UNREADABLE
    assert not result.intact
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("audit_verify")


def test_no_anchor_is_written_over_a_wiped_log(alice: User) -> None:
    """The next scheduled anchor must not make the last anchor agree with a wiped log."""
    _fill(alice, 10)
    audit_anchor_write()
    _wipe_log_and_head()
    _fill(alice, 3)  # new rows after the wipe: a new, short chain
    with pytest.raises(AnchorRefusedError, match="shorter than the last anchor"):
        audit_anchor_write()
    with pytest.raises(CommandError, match="No anchor written"):
        call_command("audit_anchor")
    assert anchor_file_read(_anchor_path()).last.seq == 10  # type: ignore[union-attr]
    assert audit_chain_verify().first_bad_seq == 4


def test_no_anchor_is_written_over_a_rewritten_log(alice: User) -> None:
    _fill(alice, 6)
    audit_anchor_write()
    _rewrite_from(2)
    with pytest.raises(AnchorRefusedError, match="differs from the last anchor"):
        audit_anchor_write()


def test_command_writes_an_anchor_and_verify_names_it(alice: User, capsys) -> None:
    _fill(alice, 4)
    call_command("audit_anchor")
    assert "sequence number 4" in capsys.readouterr().out
    call_command("audit_verify")
    assert "Matches the last anchor (line 1, sequence number 4" in capsys.readouterr().out


def test_verify_takes_a_copy_of_the_anchor_file(alice: User, tmp_path: Path) -> None:
    _fill(alice, 4)
    audit_anchor_write()
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(_anchor_path().read_bytes())
    _anchor_path().unlink()  # the local file is gone; the copy in the write-once store is not
    _wipe_log_and_head()
    assert audit_chain_verify().intact  # without an anchor: nothing to compare with
    with pytest.raises(CommandError, match="sequence number 1"):
        call_command("audit_verify", anchor_file=copy)
