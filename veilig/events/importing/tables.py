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
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from veilig.events.importing.errors import ImportFileError

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
SUPPORTED_SUFFIXES = CSV_SUFFIXES | SHEET_SUFFIXES
_DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 1 << 20


@dataclass
class Table:
    """The header (stripped names) and an iterator over the data rows of one file."""

    headers: list[str]
    rows: Iterator[list[Any]]
    estimated_rows: int
    text_only: bool = False  # every cell is a str (CSV); spreadsheet cells are typed
    _handle: IO[str] | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    """Open ``path``; raises :class:`ImportFileError` for an unusable file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(
            _("Unsupported file type %(suffix)s: use CSV or XLSX."), suffix=suffix or "?"
        )
    if not path.is_file():
        raise ImportFileError(_("The file %(name)s does not exist."), name=path.name)
    table = _open_csv(path) if suffix in CSV_SUFFIXES else _open_sheet(path, sheet)
    _check_headers(table.headers)
    return table


def read_headers(path: Path, *, sheet: str | None = None) -> list[str]:
    """Only the column names of a file (for the mapping screen)."""
    with open_table(path, sheet=sheet) as table:
        return table.headers


def _check_headers(headers: list[str]) -> None:
    if not any(headers):
        raise ImportFileError(_("The file has no header row with column names."))
    named = [h for h in headers if h]
    duplicates = sorted({h for h in named if named.count(h) > 1})
    if duplicates:
        raise ImportFileError(
            _("The column names must be unique; repeated: %(names)s."), names=", ".join(duplicates)
        )


# --- CSV -------------------------------------------------------------------------------------


def _scan(path: Path) -> tuple[str, int]:
    """The encoding (utf-8-sig or cp1252) and the number of line breaks, in one pass."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 0
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if last and not last.endswith(b"\n"):
        lines += 1
    return ("utf-8-sig" if utf8 else "cp1252"), lines


def _open_csv(path: Path) -> Table:
    encoding, lines = _scan(path)
    handle = path.open(encoding=encoding, newline="")
    try:
        first = handle.readline()
        delimiter = max(_DELIMITERS, key=first.count) if first else ","
        headers = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
        reader = csv.reader(handle, delimiter=delimiter)
    except (OSError, csv.Error) as exc:
        handle.close()
        raise ImportFileError(_("The file cannot be read as CSV: %(error)s"), error=exc) from exc
    return Table(
        headers=headers,
        rows=_csv_rows(reader),
        estimated_rows=max(lines - 1, 0),
        text_only=True,
        _handle=handle,
    )


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[list[Any]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s: %(error)s"),
            line=getattr(reader, "line_num", "?"),
            error=exc,
        ) from exc


# --- Spreadsheets ----------------------------------------------------------------------------


def _open_sheet(path: Path, sheet: str | None) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if sheet:
            if sheet not in workbook.sheet_names:
                raise ImportFileError(_("The workbook has no sheet named %(sheet)s."), sheet=sheet)
            data = workbook.get_sheet_by_name(sheet)
        else:
            data = workbook.get_sheet_by_index(0)
        rows: Iterator[list[Any]] = iter(data.iter_rows())
        first = next(rows, [])
    except ImportFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportFileError(
            _("The spreadsheet cannot be read: %(error)s"), error=f"{type(exc).__name__}: {exc}"
        ) from exc
    headers = [_header(cell) for cell in first]
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=_sheet_rows(rows), estimated_rows=max(data.height - 1, 0))


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
