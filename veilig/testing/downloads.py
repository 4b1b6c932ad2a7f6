"""Reading an export's download in tests: the bytes, the CSV lines, the XLSX rows."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]


def download(response: Any) -> bytes:
    """The body of a (streamed) response; fails on anything but 200."""
    assert response.status_code == 200, response.status_code
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def csv_lines(data: bytes) -> list[list[str]]:
    """The lines of an exported CSV (UTF-8 with BOM, ``;``) as cells."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff"), "no byte-order mark"
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def xlsx_sheet(data: bytes) -> Any:
    """The first sheet of an exported workbook, read by openpyxl."""
    return load_workbook(io.BytesIO(data)).active


def xlsx_values(data: bytes) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in xlsx_sheet(data).iter_rows()]
