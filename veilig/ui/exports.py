"""Lists as CSV or XLSX: one column spec, two writers, one response (docs/exports.md).

A domain describes its list once, as an :class:`Export` (columns with a header and a function
from a row to a cell); :func:`export_response` writes it in the requested format. Both writers
go through :func:`export_grid`, so the CSV and the XLSX of one export hold the same cells in the
same rows and columns.

- **CSV**: UTF-8 with a byte-order mark, ``;`` between cells, CRLF after every line (also the
  last), cells quoted only where needed (a ``;``, a quote or a line break in them). Text that a
  spreadsheet would run as a formula — a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return — gets a leading apostrophe. Numbers are never escaped (``-3`` stays a
  number).
- **XLSX**: openpyxl in write-only mode (rows go to disk as they come). Text is stored as text
  (never as a formula, whatever its first character), dates and times as real dates with the
  Dutch display format; characters XML cannot hold become U+FFFD.

The response carries a file name without personal data (``casussen-2026-12-03.csv``) and
``Cache-Control: no-store``. ``ui`` knows no domain: the rows come from the caller.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Any, Generic, TypeVar

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

T = TypeVar("T")
Cell = str | int | float | bool | dt.date | dt.datetime | None

DELIMITER = ";"
LINE_END = "\r\n"
BOM = "\ufeff"
# The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
XLSX_MAX_CELL = 32_767  # Excel's limit per cell
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
CSV_LINES_PER_CHUNK = 500


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportFormatConverter:
    """``<export_format:fmt>`` in a URL: ``csv`` or ``xlsx``, anything else does not match
    (registered in ``UiConfig.ready``)."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> ExportFormat:
        return ExportFormat(value)

    def to_url(self, value: str) -> str:
        return str(ExportFormat(value))


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header (translated when written) and how a row gives its cell."""

    header: str | Promise
    value: Callable[[T], Cell]
    width: int = 16  # XLSX column width, in characters


@dataclass(frozen=True)
class Export(Generic[T]):
    """A list to write: ``basename`` names the file (no personal data), ``rows`` are the rows
    the user may see, in the list's order; ``preamble`` holds label/value lines written above
    the table (then one empty line)."""

    basename: str
    sheet: str | Promise
    columns: Sequence[Column[T]]
    rows: Iterable[T]
    preamble: Sequence[tuple[str | Promise, Cell]] = field(default_factory=tuple)


def export_grid(export: Export[Any]) -> Iterator[list[Cell]]:
    """Every line of the file as cells: the preamble, an empty line, the header, the rows."""
    for label, value in export.preamble:
        yield [str(label), value]
    if export.preamble:
        yield []
    yield [str(column.header) for column in export.columns]
    for row in export.rows:
        yield [column.value(row) for column in export.columns]


def rows_by_id(
    ids: Sequence[int], load: Callable[[Sequence[int]], Iterable[T]], *, chunk: int = 1000
) -> Iterator[T]:
    """The rows of ``ids`` in that order, loaded ``chunk`` ids per query (as they are written)."""
    for start in range(0, len(ids), chunk):
        yield from load(ids[start : start + chunk])


def export_filename(basename: str, fmt: ExportFormat, *, day: dt.date | None = None) -> str:
    """``<basename>-<yyyy-mm-dd>.<fmt>``: ASCII, no spaces, nothing about a person."""
    day = day or timezone.localdate()
    return f"{slugify(basename) or 'export'}-{day.isoformat()}.{fmt}"


# --- CSV ------------------------------------------------------------------------------------


def formula_escaped(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(value: Cell) -> str:
    """A cell as CSV text: Dutch dates (dd-mm-jjjj, local time), ja/nee, escaped text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float):
        return str(value)
    return formula_escaped(str(value))


def csv_chunks(export: Export[Any]) -> Iterator[bytes]:
    """The CSV file in chunks of lines, encoded, starting with the byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator=LINE_END)
    buffer.write(BOM)
    for number, line in enumerate(export_grid(export), start=1):
        writer.writerow([csv_text(value) for value in line])
        if number % CSV_LINES_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def csv_write(export: Export[Any], handle: IO[bytes]) -> None:
    """The CSV file into ``handle`` (a command's report file)."""
    for chunk in csv_chunks(export):
        handle.write(chunk)


# --- XLSX -----------------------------------------------------------------------------------


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return _SHEET_ILLEGAL.sub("-", title)[:31] or "Export"


def _xlsx_cell(sheet: Any, value: Cell, bold: Any = None) -> Any:
    if isinstance(value, bool):
        value = _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if value is None or isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    text = _XML_ILLEGAL.sub("\ufffd", str(value))[:XLSX_MAX_CELL]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
    if bold is not None:
        cell.font = bold
    return cell


def xlsx_write(export: Export[Any], handle: IO[bytes]) -> None:
    """The workbook into ``handle``: one sheet, the header row bold and frozen."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(str(export.sheet)))
    for index, column in enumerate(export.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = len(export.preamble) + (2 if export.preamble else 1)
    sheet.freeze_panes = f"A{header_row + 1}"
    bold = Font(bold=True)
    for number, line in enumerate(export_grid(export), start=1):
        weight = bold if number == header_row else None
        sheet.append([_xlsx_cell(sheet, value, weight) for value in line])
    book.save(handle)


# --- The response ---------------------------------------------------------------------------


def export_response(
    export: Export[Any], fmt: ExportFormat, *, day: dt.date | None = None
) -> HttpResponseBase:
    """The download: the CSV streamed as it is written; the XLSX built in a temporary file
    (a zip is only complete at its end) and then sent from there."""
    filename = export_filename(export.basename, fmt, day=day)
    response: HttpResponseBase
    if fmt is ExportFormat.CSV:
        response = StreamingHttpResponse(
            csv_chunks(export), content_type=CONTENT_TYPES[ExportFormat.CSV]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        xlsx_write(export, handle)
        handle.seek(0)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES[ExportFormat.XLSX],
        )
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response
