"""What an uploaded file really is, from its bytes: never from the browser's declared type or
from the name's extension, which the sender chooses freely.

Used by the case documents (``cases.services.work.document_upload``) and the event imports
(``events.importing.tables``). Only the kinds the platform accepts somewhere are recognised;
everything else is ``None`` and is refused by the caller. Cheap on purpose: the first
:data:`SNIFF_BYTES` of the file and, for zip-based office files, the zip's central directory
(the names of its members), never the members' content.
"""

from __future__ import annotations

import codecs
import os
import struct
import zipfile
from typing import IO

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
XLS = "application/vnd.ms-excel"

SNIFF_BYTES = 64 * 1024
# An office file has tens of members, a large workbook a few thousand at most.
MAX_MEMBERS = 10_000
MAX_DIRECTORY = 4 * 1024 * 1024
_MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", XLS),  # OLE2 compound file: the old Excel format
)
_ZIP = b"PK\x03\x04"
# Programs (Linux, macOS): never text, whatever bytes follow. (A Windows program starts with
# "MZ", which a text can too; its NUL bytes tell it apart.)
_PROGRAMS = (b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe")
# C0 control characters that never occur in a text table or a plain-text note.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))
_CONTROL_TABLE = bytes.maketrans(_CONTROL, b"\0" * len(_CONTROL))


def sniff(handle: IO[bytes]) -> str | None:
    """The content type of the open binary file ``handle`` (seekable), or None when it is none
    of the known kinds. The position is put back at the start."""
    try:
        handle.seek(0)
        head = handle.read(SNIFF_BYTES)
        for magic, kind in _MAGIC:
            if head.startswith(magic):
                return kind
        if head.startswith(_ZIP):
            return _office_kind(handle)
        if head.startswith(_PROGRAMS):
            return None
        return TEXT if is_text(head, partial=len(head) == SNIFF_BYTES) else None
    finally:
        handle.seek(0)


def is_text(data: bytes, *, partial: bool = False) -> bool:
    """Whether ``data`` reads as text: UTF-8 or Windows-1252, without NUL or other control
    characters. ``partial``: the bytes are the start of a longer file (a UTF-8 sequence may
    be cut at the end)."""
    if b"\0" in data.translate(_CONTROL_TABLE):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial)
        return True
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _office_kind(handle: IO[bytes]) -> str | None:
    """DOCX, XLSX (also XLSM) or ODS from the zip's member names; None for any other zip."""
    if not _few_members(handle):
        return None
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and "content.xml" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip()
                return ODS if mimetype == ODS.encode() else None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _few_members(handle: IO[bytes]) -> bool:
    """Whether the zip's end record names at most :data:`MAX_MEMBERS` members in a directory of
    at most :data:`MAX_DIRECTORY` bytes. Read before the directory itself: a zip of millions of
    empty members would otherwise become millions of objects in memory. (A zip64 end record,
    with 0xFFFF members, is never an office file.)"""
    size = handle.seek(0, os.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF)  # the end record and the longest comment
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return False
    members, directory = struct.unpack_from("<HI", tail, at + 10)
    return bool(members <= MAX_MEMBERS and directory <= MAX_DIRECTORY)
