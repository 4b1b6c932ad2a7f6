"""The export toolkit: the exact bytes of the CSV, the cells of the XLSX, the response."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook  # type: ignore[import-untyped]

from veilig.ui.exports import (
    Column,
    Export,
    ExportFormat,
    csv_chunks,
    export_filename,
    export_response,
    formula_escaped,
    rows_by_id,
    sheet_title,
    xlsx_write,
)

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
MOMENT = dt.datetime(2026, 12, 3, 13, 5, tzinfo=dt.UTC)  # 14:05 in Amsterdam


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"), timezone.override("Europe/Amsterdam"):
        yield


def _export(rows: list[dict[str, Any]], **extra: Any) -> Export[dict[str, Any]]:
    return Export(
        basename="casussen",
        sheet="Casussen",
        columns=[
            Column("Text", lambda row: row.get("text")),
            Column("Number", lambda row: row.get("number")),
            Column("Day", lambda row: row.get("day")),
            Column("Moment", lambda row: row.get("moment")),
            Column("Flag", lambda row: row.get("flag")),
        ],
        rows=rows,
        **extra,
    )


def _csv(export: Export[Any]) -> bytes:
    return b"".join(csv_chunks(export))


def test_the_csv_has_a_bom_semicolons_crlf_and_dutch_dates() -> None:
    rows = [{"text": "Grote Markt", "number": 12, "day": dt.date(2026, 1, 2), "moment": MOMENT}]
    data = _csv(_export([*rows, {"flag": True}, {"flag": False, "number": -3}]))
    assert data == (
        b"\xef\xbb\xbfText;Number;Day;Moment;Flag\r\n"
        b"Grote Markt;12;02-01-2026;03-12-2026 14:05;\r\n"
        b";;;;yes\r\n"
        b";-3;;;no\r\n"
    )


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_gets_a_leading_apostrophe(text: str) -> None:
    data = _csv(_export([{"text": text}])).decode("utf-8-sig")
    [_header, row] = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert row[0] == "'" + text
    assert formula_escaped(text) == "'" + text


def test_the_dde_payload_is_written_exactly() -> None:
    data = _csv(_export([{"text": "=cmd|' /C calc'!A0"}, {"text": 'a;b"c\nd'}]))
    assert data.endswith(b'\r\n\'=cmd|\' /C calc\'!A0;;;;\r\n"a;b""c\nd";;;;\r\n')


@pytest.mark.parametrize("text", ["Grote Markt 1", "a=b", "1-2", "", "'al een apostrof"])
def test_other_text_is_left_alone(text: str) -> None:
    assert formula_escaped(text) == text


def test_a_negative_number_is_a_number_not_a_formula() -> None:
    data = _csv(_export([{"number": -5, "text": "-5"}])).decode("utf-8-sig")
    assert data.splitlines()[1] == "'-5;-5;;;"


def test_the_preamble_comes_first_then_an_empty_line() -> None:
    data = _csv(_export([{"text": "x"}], preamble=[("Import", 7), ("File", "=a.csv")]))
    assert data.decode("utf-8-sig").split("\r\n")[:4] == [
        "Import;7",
        "File;'=a.csv",
        "",
        "Text;Number;Day;Moment;Flag",
    ]


def test_a_long_csv_streams_in_chunks_of_lines() -> None:
    chunks = list(csv_chunks(_export([{"number": n} for n in range(1200)])))
    assert len(chunks) == 3  # 500, 500 and the rest (header included)
    assert all(chunk.endswith(b"\r\n") for chunk in chunks)
    assert b"".join(chunks).count(b"\r\n") == 1201


def _workbook(export: Export[Any]) -> Any:
    handle = io.BytesIO()
    xlsx_write(export, handle)
    handle.seek(0)
    return load_workbook(handle)


def test_the_xlsx_holds_the_same_cells_typed() -> None:
    rows = [
        {"text": "=cmd|' /C calc'!A0", "number": 12, "day": dt.date(2026, 1, 2), "moment": MOMENT},
        {"text": "bel\x07l", "flag": True},
    ]
    sheet = _workbook(_export(rows)).active
    assert sheet.title == "Casussen"
    assert [cell.value for cell in sheet[1]] == ["Text", "Number", "Day", "Moment", "Flag"]
    text, number, day, moment, _flag = sheet[2]
    # Text that looks like a formula is stored as text, unchanged: never a formula.
    assert (text.value, text.data_type) == ("=cmd|' /C calc'!A0", "s")
    assert (number.value, number.data_type) == (12, "n")
    assert (day.value, day.number_format) == (dt.datetime(2026, 1, 2), "DD-MM-YYYY")
    assert (moment.value, moment.number_format) == (
        dt.datetime(2026, 12, 3, 14, 5),  # local time, without a time zone
        "DD-MM-YYYY HH:MM",
    )
    # A control character XML cannot hold becomes U+FFFD; booleans are yes/no as in the CSV.
    assert [cell.value for cell in sheet[3]] == ["bel\ufffdl", None, None, None, "yes"]
    assert sheet.max_row == 3 and sheet.max_column == 5
    assert sheet.freeze_panes == "A2"


def test_the_xlsx_preamble_matches_the_csv_lines() -> None:
    sheet = _workbook(_export([{"text": "x"}], preamble=[("Import", 7)])).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Import", 7]
    assert values[1] == [None] * 5
    assert values[2] == ["Text", "Number", "Day", "Moment", "Flag"]
    assert sheet.freeze_panes == "A4"


def test_a_sheet_title_is_one_excel_accepts() -> None:
    assert sheet_title("Signalen [team]: a/b?") == "Signalen -team-- a-b-"
    assert len(sheet_title("x" * 40)) == 31


def test_the_file_name_holds_the_list_and_the_day_only() -> None:
    day = dt.date(2026, 12, 3)
    assert export_filename("casussen", ExportFormat.CSV, day=day) == "casussen-2026-12-03.csv"
    assert export_filename("Open signalen", ExportFormat.XLSX, day=day) == (
        "open-signalen-2026-12-03.xlsx"
    )


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_response_is_an_uncached_attachment(fmt: ExportFormat) -> None:
    response = export_response(_export([{"text": "x"}]), fmt, day=dt.date(2026, 12, 3))
    assert response["Content-Disposition"] == f'attachment; filename="casussen-2026-12-03.{fmt}"'
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith(
        "text/csv" if fmt is ExportFormat.CSV else "application/vnd.openxmlformats"
    )
    body = b"".join(response)
    assert body.startswith(b"\xef\xbb\xbf" if fmt is ExportFormat.CSV else b"PK")


def test_rows_are_loaded_in_chunks_as_they_are_written() -> None:
    asked: list[list[int]] = []

    def load(ids: Any) -> list[int]:
        asked.append(list(ids))
        return [n * 10 for n in ids]

    rows = rows_by_id([5, 3, 9], load, chunk=2)
    assert asked == []  # nothing is read before the file is written
    assert list(rows) == [50, 30, 90]
    assert asked == [[5, 3], [9]]
