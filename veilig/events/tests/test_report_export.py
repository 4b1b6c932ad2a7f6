"""The report of an import as CSV and XLSX: the counts, then every rejected row with its
reasons; one export row naming how many lines the table held."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditResult
from veilig.events.importing.reasons import MISSING_BEGIN, MISSING_ID, OUTSIDE_NL
from veilig.events.models import EventSource, ImportRun, ImportStatus
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.downloads import csv_lines, download, xlsx_sheet
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

REJECTIONS = [
    {"row": 3, "external_id": "A3", "reasons": [MISSING_BEGIN], "columns": ["begin"]},
    {
        "row": 7,
        "external_id": '=HYPERLINK("x")',
        "reasons": [MISSING_ID, OUTSIDE_NL],
        "columns": ["", "x"],
    },
]


@pytest.fixture
def run(dave: User) -> ImportRun:
    source = EventSource.objects.create(code="bvh", name="Politie BVH", format="bvh")
    return ImportRun.objects.create(
        source=source,
        file_name="export.xlsx",
        started_by=dave,
        status=ImportStatus.DONE,
        finished_at=timezone.now(),
        rows_total=9,
        created=6,
        rejected=2,
        rejections=REJECTIONS,
    )


def _get(user: User, run: ImportRun, fmt: str) -> Any:
    with translation.override("en"):
        return verified_client(user).get(
            reverse("events:import_report", args=[run.pk, fmt]), HTTP_ACCEPT_LANGUAGE="en"
        )


def test_the_csv_holds_the_counts_then_one_line_per_reason(dave: User, run: ImportRun) -> None:
    response = _get(dave, run, "csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="importrapport-{run.pk}-{timezone.localdate().isoformat()}.csv"'
    )
    data = download(response)
    assert data.endswith(b"\r\n")
    lines = csv_lines(data)
    assert lines[0] == ["Import", str(run.pk)]
    assert ["Rows read", "9"] in lines and ["Rejected", "2"] in lines
    header = lines.index(["Row", "Id in the source", "Reason", "Column"])
    assert lines[header - 1] == []
    assert lines[header + 1 :] == [
        ["3", "A3", "missing begin date", "begin"],
        ["7", '\'=HYPERLINK("x")', "missing id", ""],
        ["7", '\'=HYPERLINK("x")', "coordinates outside the Netherlands", "x"],
    ]


def test_the_xlsx_holds_the_same_lines(dave: User, run: ImportRun) -> None:
    sheet = xlsx_sheet(download(_get(dave, run, "xlsx")))
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Import", run.pk]
    assert values[-3:] == [
        [3, "A3", "missing begin date", "begin"],
        [7, '=HYPERLINK("x")', "missing id", None],
        [7, '=HYPERLINK("x")', "coordinates outside the Netherlands", "x"],
    ]
    assert sheet.cell(row=sheet.max_row, column=2).data_type == "s"  # text, not a formula


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_export_row_with_the_number_of_lines(dave: User, run: ImportRun, fmt: str) -> None:
    before = audit_seq()
    assert _get(dave, run, fmt).status_code == 200
    [row] = audit_rows_after(before)
    assert (row.action, row.object_type, row.object_id, row.result, row.detail) == (
        AuditAction.EXPORT,
        "event_import",
        str(run.pk),
        AuditResult.GRANTED,
        f"report;format:{fmt};rows:3",
    )


def test_others_get_404(carol: User, alice: User, run: ImportRun) -> None:
    for user in (carol, alice):
        assert _get(user, run, "xlsx").status_code == 404
