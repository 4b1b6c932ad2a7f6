"""The header row of an XLSX sheet, read as a stream: the mapping screen needs only the column
names, and the spreadsheet reader (calamine) would load the whole sheet into memory for them.

The sheet's XML is parsed up to the end of its first row (the header, also when it is empty,
as for the spreadsheet reader); shared strings up to the highest one that row uses. Columns
are placed by their cell reference (``C1`` is the third column), so the names are those the
import sees. Only called after :func:`archive.check_zip` has accepted the file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from django.utils.translation import gettext_lazy as _

from veilig.events.importing.errors import ImportFileError

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"[A-Z]+")
_EXCEL_COLUMNS = 16_384  # no sheet row has more cells


def sheet_headers(path: Path, *, sheet: str | None, max_columns: int) -> list[str]:
    """The stripped cell texts of the first row of ``sheet`` (default: the first sheet)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, sheet)
            cells = _first_row(archive, member, max_columns)
            shared = _shared_strings(archive, {int(v) for kind, v in cells.values() if kind == "s"})
    except (KeyError, ValueError, ET.ParseError, zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(
            _("The spreadsheet cannot be read: %(error)s"), error=type(exc).__name__
        ) from exc
    if not cells:
        return []
    # A cell far to the right makes the row that wide: one column past the limit is enough
    # for the caller to refuse it.
    width = min(max(cells) + 1, max_columns + 1)
    headers = [""] * width
    for column, (kind, value) in cells.items():
        if column >= width:
            continue
        text = shared.get(int(value), "") if kind == "s" else value
        headers[column] = _number_text(text).strip() if kind == "n" else text.strip()
    return headers


def _sheet_member(archive: zipfile.ZipFile, sheet: str | None) -> str:
    workbook = _parse(archive, "xl/workbook.xml")
    sheets = list(workbook.iter(f"{_MAIN}sheet"))
    chosen = next((s for s in sheets if s.get("name") == sheet), None) if sheet else None
    if sheet and chosen is None:
        raise ImportFileError(_("The workbook has no sheet named %(sheet)s."), sheet=sheet)
    chosen = chosen if chosen is not None else sheets[0]
    rel_id = chosen.get(f"{_REL}id")
    rels = _parse(archive, "xl/_rels/workbook.xml.rels")
    target = next(
        r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship") if r.get("Id") == rel_id
    )
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _first_row(
    archive: zipfile.ZipFile, member: str, max_columns: int
) -> dict[int, tuple[str, str]]:
    """Column index -> (kind, raw value) of the first row's cells with a value; kind is 's'
    (shared string index), 'n' (number) or 't' (text)."""
    with archive.open(member) as stream:
        cells: dict[int, tuple[str, str]] = {}
        seen = 0
        for _event, element in _events(stream, ("end",)):
            if element.tag == f"{_MAIN}c":
                seen += 1
                if seen > _EXCEL_COLUMNS:
                    break
                value = _cell(element)
                if value is not None and value[1] != "":
                    column = _column(element.get("r", ""), default=len(cells))
                    cells[column] = value
                    if len(cells) > max_columns:
                        break
                element.clear()
            elif element.tag == f"{_MAIN}row":
                break  # the first row is the header, as for the spreadsheet reader
        return cells


def _cell(element: ET.Element) -> tuple[str, str] | None:
    kind = element.get("t", "n")
    if kind == "inlineStr":
        return "t", "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))
    value = element.find(f"{_MAIN}v")
    if value is None:
        return None
    if kind == "s":
        return "s", (value.text or "").strip()
    if kind in ("str", "b", "e"):
        return "t", value.text or ""
    return "n", value.text or ""


def _shared_strings(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    if not wanted or "xl/sharedStrings.xml" not in archive.namelist():
        return {}
    last, found, index = max(wanted), {}, 0
    with archive.open("xl/sharedStrings.xml") as stream:
        for _event, element in _events(stream, ("end",)):
            if element.tag != f"{_MAIN}si":
                continue
            if index in wanted:
                found[index] = "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))
            element.clear()
            index += 1
            if index > last:
                break
    return found


def _events(stream: IO[bytes], events: tuple[str, ...]) -> Iterator[tuple[str, ET.Element]]:
    head = stream.read(4096)
    # Spreadsheet parts never declare a DTD; refusing one rules out entity tricks.
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ValueError("DTD in a spreadsheet part")
    parser = ET.XMLPullParser(events)
    chunk = head
    while chunk:
        parser.feed(chunk)
        for item in parser.read_events():
            event, element = item[0], item[-1]
            if isinstance(element, ET.Element):  # only element events are asked for
                yield event, element
        chunk = stream.read(64 * 1024)


def _parse(archive: zipfile.ZipFile, member: str) -> ET.Element:
    with archive.open(member) as stream:
        root: ET.Element | None = None
        for _event, element in _events(stream, ("end",)):
            root = element
    if root is None:
        raise ValueError(member)
    return root


def _column(reference: str, *, default: int) -> int:
    match = _COLUMN.match(reference)
    if not match:
        return default
    index = 0
    for letter in match.group():
        index = index * 26 + (ord(letter) - 64)
    return index - 1


def _number_text(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text
