"""Open a CSV or spreadsheet file as a header row and data rows (plain data, no database).

CSV: UTF-8 (with or without BOM), falling back to Windows-1252 when the file is not UTF-8; the
delimiter (``,`` ``;`` tab or ``|``) is the one that occurs most in the header line.
Spreadsheets (XLSX, XLS, ODS) are read with calamine (Rust), which is many times faster than
openpyxl; cells arrive typed (str, float, datetime, date, ...).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Any

import numpy as np
from django.utils.translation import gettext_lazy as _

from veilig.events.importing.archive import check_zip
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.limits import (
    Limits,
    cell_too_long,
    check_headers,
    not_text,
    too_many_columns,
    too_many_rows,
)
from veilig.events.importing.sheet_header import sheet_headers
from veilig.ui import uploads

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
ZIP_SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods"})
SHEET_SUFFIXES = ZIP_SHEET_SUFFIXES | {".xls"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | SHEET_SUFFIXES
# What the content of a file with this suffix must be (sniffed, see veilig.ui.uploads).
CONTENT_KINDS = {
    **dict.fromkeys(CSV_SUFFIXES, (uploads.TEXT, "CSV")),
    ".xlsx": (uploads.XLSX, "XLSX"),
    ".xlsm": (uploads.XLSX, "XLSX"),
    ".ods": (uploads.ODS, "ODS"),
    ".xls": (uploads.XLS, "XLS"),
}
_DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 1 << 20


@dataclass
class Table:
    """The header (stripped names) and an iterator over the data rows of one file."""

    headers: list[str]
    rows: Iterator[list[Any]]
    estimated_rows: int
    text_only: bool = False  # every cell is a str (CSV); spreadsheet cells are typed
    limits: Limits = field(default_factory=Limits.from_settings)
    # Whether a cell can be longer than the limit (a CSV whose lines are all shorter cannot).
    check_cells: bool = True
    _handle: IO[str] | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_chunk(self, first_row: int, rows: list[list[Any]]) -> None:
        """Refuse the file when a cell of these rows is longer than the limit (per run of rows,
        at C speed for text)."""
        if not self.check_cells or not rows:
            return
        limit = self.limits.cell_chars
        cells = chain.from_iterable(rows)
        if self.text_only:
            longest = max(map(len, cells), default=0)
        else:
            longest = max((len(c) for c in cells if c.__class__ is str), default=0)
        if longest > limit:
            row = first_row + next(
                i
                for i, r in enumerate(rows)
                if any(isinstance(c, str) and len(c) > limit for c in r)
            )
            raise cell_too_long(row, limit)


def _first_long(rows: list[list[Any]], limit: int) -> int:
    """The index of the first row with a text cell longer than ``limit``."""
    return next(
        i for i, r in enumerate(rows) if any(isinstance(c, str) and len(c) > limit for c in r)
    )


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    """Open ``path``; raises :class:`ImportFileError` for an unusable file.

    Before anything parses it, the content must be of the kind its suffix names (a CSV is
    text, an XLSX a spreadsheet zip, ...), and a zip must stay within the unpacked limits.
    """
    suffix = _checked_suffix(path)
    limits = Limits.from_settings()
    _check_content(path, suffix)
    if suffix in CSV_SUFFIXES:
        table = _open_csv(path, limits)
    else:
        if suffix in ZIP_SHEET_SUFFIXES:
            check_zip(path)
        table = _open_sheet(path, sheet, limits)
    try:
        check_headers(table.headers, limits)
    except ImportFileError:
        table.close()
        raise
    return table


def read_headers(path: Path, *, sheet: str | None = None) -> list[str]:
    """Only the column names of a file (for the mapping screen): the first line of a CSV, the
    first row of an XLSX sheet as a stream; never the whole file in memory."""
    suffix = _checked_suffix(path)
    limits = Limits.from_settings()
    _check_content(path, suffix)
    if suffix in CSV_SUFFIXES:
        headers = _csv_header(path, limits)
    elif suffix in (".xlsx", ".xlsm"):
        check_zip(path)
        headers = sheet_headers(path, sheet=sheet, max_columns=limits.columns)
        while headers and not headers[-1]:
            headers.pop()
    else:  # ODS and XLS: calamine reads the sheet (the zip limits hold for ODS)
        with open_table(path, sheet=sheet) as table:
            return table.headers
    check_headers(headers, limits)
    return headers


def _checked_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(
            _("Unsupported file type %(suffix)s: use CSV or XLSX."),
            code="unsupported_suffix",
            suffix=suffix or "?",
        )
    if not path.is_file():
        raise ImportFileError(_("The file does not exist."), code="missing_file")
    return suffix


def _check_content(path: Path, suffix: str) -> None:
    """The file's bytes must be what its suffix says (a program or an image named .csv is
    refused before it is parsed)."""
    expected, label = CONTENT_KINDS[suffix]
    with path.open("rb") as handle:
        found = uploads.sniff(handle)
    if found is None and expected == uploads.TEXT:
        raise not_text()
    if found != expected:
        raise ImportFileError(
            _(
                "This is not a %(kind)s file: its content is of another type. "
                "Upload the table as CSV or XLSX."
            ),
            code="content_mismatch",
            kind=label,
        )


# --- CSV -------------------------------------------------------------------------------------


@dataclass
class _Scan:
    encoding: str  # utf-8-sig or cp1252
    lines: int
    longest_line: int  # in bytes (at least the length in characters)


def _scan(path: Path) -> _Scan:
    """Encoding, line breaks and the longest line, in one pass at C speed. Refuses a file that
    is not text: a NUL byte, or bytes that are neither UTF-8 nor Windows-1252."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = True
    lines = longest = carry = 0
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\0" in chunk:
                raise not_text()
            lines += chunk.count(b"\n")
            last = chunk
            longest, carry = _longest_line(chunk, longest, carry)
            if is_utf8:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if not is_utf8:
        _check_cp1252(path)
    if last and not last.endswith(b"\n"):
        lines += 1
    return _Scan("utf-8-sig" if is_utf8 else "cp1252", lines, max(longest, carry))


def _check_cp1252(path: Path) -> None:
    """A second pass, only for files that are not UTF-8: five bytes mean nothing in
    Windows-1252, and a file with one of them is not text."""
    legacy = codecs.getincrementaldecoder("cp1252")()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                legacy.decode(chunk)
            except UnicodeDecodeError:
                raise not_text() from None


def _longest_line(chunk: bytes, longest: int, carry: int) -> tuple[int, int]:
    """The longest line so far (in bytes, without its line break) and the length of the
    unfinished last line, after ``chunk``."""
    breaks = np.flatnonzero(np.frombuffer(chunk, np.uint8) == 10)
    if not len(breaks):
        return max(longest, carry + len(chunk)), carry + len(chunk)
    longest = max(longest, carry + int(breaks[0]))
    if len(breaks) > 1:
        longest = max(longest, int(np.diff(breaks).max()) - 1)
    return longest, len(chunk) - int(breaks[-1]) - 1


def _header_limit(limits: Limits) -> int:
    """The longest header line read (characters, or bytes before decoding)."""
    return limits.columns * limits.cell_chars


def _header_line(handle: IO[str], limits: Limits) -> str:
    first = handle.readline(_header_limit(limits))
    if len(first) >= _header_limit(limits) and not first.endswith("\n"):
        raise too_many_columns(limits.columns)
    return first


def _split_header(first: str, limits: Limits) -> tuple[str, list[str]]:
    delimiter = max(_DELIMITERS, key=first.count) if first else ","
    # Far more delimiters than columns allowed: refuse before making a string of each name.
    if first.count(delimiter) >= 4 * limits.columns:
        raise too_many_columns(limits.columns)
    try:
        headers = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error as exc:
        raise _unreadable_csv(exc) from exc
    return delimiter, headers


def _csv_header(path: Path, limits: Limits) -> list[str]:
    """The header of a CSV from its first line alone (UTF-8, else Windows-1252)."""
    limit = _header_limit(limits)
    with path.open("rb") as handle:
        raw = handle.readline(limit)
    if len(raw) >= limit and not raw.endswith(b"\n"):
        raise too_many_columns(limits.columns)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _split_header(text, limits)[1]
    raise not_text()


def _unreadable_csv(exc: Exception) -> ImportFileError:
    return ImportFileError(
        _("The file cannot be read as CSV: %(error)s"), code="bad_csv", error=exc
    )


def _open_csv(path: Path, limits: Limits) -> Table:
    scan = _scan(path)
    handle = path.open(encoding=scan.encoding, newline="")
    try:
        delimiter, headers = _split_header(_header_line(handle, limits), limits)
        reader = csv.reader(handle, delimiter=delimiter)
    except (OSError, csv.Error) as exc:
        handle.close()
        raise _unreadable_csv(exc) from exc
    except ImportFileError:
        handle.close()
        raise
    return Table(
        headers=headers,
        rows=_csv_rows(reader, limits),
        estimated_rows=max(scan.lines - 1, 0),
        text_only=True,
        limits=limits,
        check_cells=scan.longest_line > limits.cell_chars,
        _handle=handle,
    )


def _csv_rows(reader: Iterator[list[str]], limits: Limits) -> Iterator[list[Any]]:
    # Width and count per row: a long row must not be collected into a run of rows at all.
    columns, last_row = limits.columns, limits.rows + 1
    number = 1
    try:
        for number, row in enumerate(reader, start=2):
            if len(row) > columns:
                raise too_many_columns(columns)
            if number > last_row:
                raise too_many_rows(limits.rows)
            yield row
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s: %(error)s"),
            code="bad_csv",
            line=getattr(reader, "line_num", number),
            error=exc,
        ) from exc
    except UnicodeDecodeError as exc:  # the scan has read it all: only if the file changed
        raise not_text() from exc


# --- Spreadsheets ----------------------------------------------------------------------------


def _open_sheet(path: Path, sheet: str | None, limits: Limits) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if sheet:
            if sheet not in workbook.sheet_names:
                raise ImportFileError(
                    _("The workbook has no sheet named %(sheet)s."), code="no_sheet", sheet=sheet
                )
            data = workbook.get_sheet_by_name(sheet)
        else:
            data = workbook.get_sheet_by_index(0)
        rows: Iterator[list[Any]] = iter(data.iter_rows())
        first = next(rows, [])
    except ImportFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        # Only the error's type: its text can hold the file's path.
        raise ImportFileError(
            _("The spreadsheet cannot be read: %(error)s"),
            code="bad_sheet",
            error=type(exc).__name__,
        ) from exc
    # The sheet's size is known once it is loaded (within the zip limits): refuse at once.
    if data.width > limits.columns:
        raise too_many_columns(limits.columns)
    if data.height - 1 > limits.rows:
        raise too_many_rows(limits.rows)
    headers = [_header(cell) for cell in first]
    while headers and not headers[-1]:
        headers.pop()
    return Table(
        headers=headers,
        rows=_sheet_rows(rows),
        estimated_rows=max(data.height - 1, 0),
        limits=limits,
    )


def _header(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip() if cell is not None else ""


def _sheet_rows(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        # Trailing empty rows are common in spreadsheets: they are not records.
        if any(cell not in ("", None) for cell in row):
            yield row
        else:
            yield []
