"""Zip-based spreadsheets (XLSX, XLSM, ODS) are checked before anything parses them.

A small XLSX can inflate to gigabytes (a zip bomb); the spreadsheet reader would hold it all in
memory. First the zip's central directory is read: the declared uncompressed size of all members
and the compression ratio must stay under the limits (``IMPORT_MAX_UNCOMPRESSED_BYTES``,
``IMPORT_MAX_COMPRESSION_RATIO``); that refuses a bomb at once. Then, because the directory can
lie, the members are inflated once into nothing, counting the bytes that really come out, and
the count stops at the same limit (at most a fraction of a second per 100 MB).
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from veilig.events.importing.errors import ImportFileError

_CHUNK = 1 << 20
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


def check_zip(path: Path) -> None:
    """Raise :class:`ImportFileError` when the zip at ``path`` is damaged or inflates past the
    limits."""
    limit = int(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)
    ratio = int(settings.IMPORT_MAX_COMPRESSION_RATIO)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_directory(members, limit=limit, ratio=ratio)
            _check_inflated(archive, members, limit=limit)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFileError(
            _("The spreadsheet is damaged: it cannot be read as an XLSX or ODS file."),
            code="damaged_zip",
        ) from exc


def _too_large(limit: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The spreadsheet is too large when unpacked: more than %(mb)s MB. "
            "Split it into smaller files or save it as CSV."
        ),
        code="uncompressed_too_large",
        mb=limit // (1024 * 1024),
    )


def _check_directory(members: list[zipfile.ZipInfo], *, limit: int, ratio: int) -> None:
    if any(m.compress_type not in _METHODS for m in members):
        raise ImportFileError(
            _("The spreadsheet uses a compression method that is not supported."),
            code="zip_method",
        )
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > limit:
        raise _too_large(limit)
    if unpacked > ratio * max(packed, 1) and unpacked > _CHUNK:
        raise ImportFileError(
            _(
                "The spreadsheet is packed suspiciously tightly (more than %(ratio)s times): "
                "it is not read."
            ),
            code="compression_ratio",
            ratio=ratio,
        )


def _check_inflated(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], *, limit: int
) -> None:
    """Inflate every member, counting real bytes, whatever the directory declares."""
    left = limit
    for member in members:
        if member.is_dir():
            continue
        # zipfile stops reading at the declared size; a copy that declares the remaining
        # budget (plus one byte) lets the count see what really comes out.
        probe = copy.copy(member)
        probe.file_size = left + 1
        with archive.open(probe) as stream:
            while chunk := stream.read(_CHUNK):
                left -= len(chunk)
                if left < 0:
                    raise _too_large(limit)
