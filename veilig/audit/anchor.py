"""The anchor file: the chain head, written on a schedule to an append-only file outside the DB.

A database superuser can rewrite the log and its head consistently, or delete both; the chain
alone cannot show that. The anchor file keeps what the head was, and when: one JSON line per
anchor, ``{"v":1,"n":…,"at":…,"seq":…,"hash":…,"format":…,"prev":…}``, where ``prev`` is the
SHA-256 of the previous line's bytes (64 zeros for the first line), so that an edited, removed
or inserted line shows at the next one. Lines are appended with ``O_APPEND`` under an exclusive
``flock`` and ``fsync``'ed. This module only knows the file; the database side is in
``services.audit_anchor_write`` (writing) and ``selectors.audit_chain_verify`` (comparing).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from veilig.audit.chain import FORMATS, GENESIS_HASH

LINE_VERSION = 1
_KEYS = ("v", "n", "at", "seq", "hash", "format", "prev")
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Anchor:
    """One line of the anchor file: the chain head ``seq``/``hash`` (in ``format``) at ``at``."""

    number: int
    at: datetime
    seq: int
    hash: str
    format: int
    line_hash: str  # SHA-256 of this line: the next line's ``prev``


class AnchorStatus(StrEnum):
    NONE = "none"  # no anchor written yet: visible, not an error
    OK = "ok"  # the chain holds the last anchor
    MISMATCH = "mismatch"  # the chain is shorter than, or different from, the last anchor
    FILE_BROKEN = "file_broken"  # a line of the anchor file was changed, removed or cut off
    UNREADABLE = "unreadable"  # the file exists but cannot be read


@dataclass(frozen=True)
class AnchorCheck:
    status: AnchorStatus
    last: Anchor | None = None  # the last anchor (before the broken line, if any)
    line: int | None = None  # the first broken line of the anchor file
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (AnchorStatus.NONE, AnchorStatus.OK)


@dataclass(frozen=True)
class AnchorFile:
    """What reading the file found: the last good anchor and, if any, the first broken line."""

    last: Anchor | None
    broken_line: int | None = None
    reason: str = ""
    unreadable: bool = False


class AnchorFileBrokenError(Exception):
    """The file's own chain is broken: no anchor is appended to it (move it aside, keep it)."""


class AnchorRefusedError(Exception):
    """The chain no longer holds the last anchor: anchoring it now would hide that."""


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def _parse(line: bytes, number: int, prev: Anchor | None) -> Anchor:
    """The anchor on line ``number``; ValueError with the reason when it does not fit."""
    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("line is not JSON") from exc
    if not isinstance(data, dict) or tuple(data) != _KEYS or data["v"] != LINE_VERSION:
        raise ValueError("line does not have the anchor fields")
    if data["prev"] != (prev.line_hash if prev else GENESIS_HASH):
        raise ValueError("line does not follow the line before it")
    seq, fmt, at = data["seq"], data["format"], data["at"]
    if data["n"] != number or not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ValueError("line number or sequence number is not valid")
    if prev is not None and seq < prev.seq:
        raise ValueError("sequence number lower than the anchor before it")
    if fmt not in FORMATS or not _is_hash(data["hash"]) or not isinstance(at, str):
        raise ValueError("format or hash is not valid")
    try:
        moment = datetime.fromisoformat(at)
    except ValueError as exc:
        raise ValueError("time is not valid") from exc
    if moment.tzinfo is None:
        raise ValueError("time is not valid")
    return Anchor(number, moment, seq, data["hash"], fmt, _line_hash(line))


def anchor_file_parse(content: bytes) -> AnchorFile:
    """Check the file's own chain line by line; the last good anchor and the first bad line."""
    last: Anchor | None = None
    lines = content.split(b"\n")
    complete, tail = lines[:-1], lines[-1]
    for number, line in enumerate(complete, start=1):
        try:
            last = _parse(line, number, last)
        except ValueError as exc:
            return AnchorFile(last, number, str(exc))
    if tail:  # a last line without its newline: cut off, or written by something else
        return AnchorFile(last, len(complete) + 1, "last line is incomplete")
    return AnchorFile(last)


def anchor_file_read(path: Path) -> AnchorFile:
    """Read and check the anchor file (a missing file: no anchor yet)."""
    try:
        with path.open("rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)  # never half a line being appended
            content = handle.read()
    except FileNotFoundError:
        return AnchorFile(None)
    except OSError as exc:
        return AnchorFile(None, None, f"cannot be read ({exc.strerror})", unreadable=True)
    return anchor_file_parse(content)


def _read_all(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def anchor_line(*, number: int, at: datetime, seq: int, hash: str, fmt: int, prev: str) -> bytes:
    """The bytes of one anchor line, without its newline; the field order is fixed."""
    fields = {
        "v": LINE_VERSION,
        "n": number,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "seq": seq,
        "hash": hash,
        "format": fmt,
        "prev": prev,
    }
    return json.dumps(fields, separators=(",", ":")).encode("ascii")


def anchor_append(
    path: Path, *, at: datetime, next_head: Callable[[Anchor | None], tuple[int, str, int]]
) -> Anchor:
    """Append a head ``(seq, hash, format)`` as the next line, durably, and return it.

    Under an exclusive lock the file is read and its chain checked (AnchorFileBrokenError when
    broken); ``next_head(last_anchor)`` gives the head to write, or refuses by raising. The line
    is written with one ``write`` on an ``O_APPEND`` descriptor and ``fsync``'ed (the directory
    too, when the file was created).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        state = anchor_file_parse(_read_all(fd))
        if state.broken_line is not None:
            raise AnchorFileBrokenError(f"anchor file line {state.broken_line}: {state.reason}")
        seq, digest, fmt = next_head(state.last)
        number = state.last.number + 1 if state.last else 1
        prev = state.last.line_hash if state.last else GENESIS_HASH
        line = anchor_line(number=number, at=at, seq=seq, hash=digest, fmt=fmt, prev=prev)
        data = line + b"\n"
        if os.write(fd, data) != len(data):
            raise OSError("anchor line written only in part")
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        _fsync_directory(path.parent)
    return Anchor(number, at.astimezone(UTC), seq, digest, fmt, _line_hash(line))


def anchor_compare(
    anchor: Anchor, *, last_seq: int, head_format: int | None, hash_at: Callable[[int], str | None]
) -> tuple[int, str] | None:
    """Where the chain departs from ``anchor``: (sequence number, reason), or None.

    ``last_seq`` is the chain's last number, ``head_format`` the head's format (None: no head),
    ``hash_at(seq)`` the hash of one row. One row is looked up: the chain's hashes link every
    row before it, so the row at the anchored number holding the anchored hash vouches for all
    of them (and for every earlier anchor of an intact anchor file).
    """
    if last_seq < anchor.seq:
        return last_seq + 1, "rows missing: shorter than the last anchor"
    if anchor.seq and hash_at(anchor.seq) != anchor.hash:
        return anchor.seq, "row differs from the last anchor"
    if head_format is None:
        return max(last_seq, 1), "chain head missing although anchored"
    if head_format != anchor.format:
        return max(anchor.seq, 1), "chain format differs from the last anchor"
    return None


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
