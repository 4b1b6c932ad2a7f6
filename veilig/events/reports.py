"""The report of an import: its counts, then every rejected row with its reasons.

One :class:`veilig.ui.exports.Export`: the counts are its preamble (label, value), the rejected
rows its table (row, id in the source, reason, column), so the CSV (``;``, BOM, CRLF,
formula-escaped: Excel with Dutch settings opens it as columns) and the XLSX hold the same
cells. Labels and reasons are in the active language; the screen, the download and the
command's report file are built from the same lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veilig.events.importing.reasons import reason_label
from veilig.events.models import ImportRun
from veilig.events.selectors import RejectionLine, import_run_rejection_lines
from veilig.ui.exports import Cell, Column, Export, csv_write

REPORT_COLUMNS: tuple[Column[RejectionLine], ...] = (
    Column(gettext_lazy("Row"), lambda line: int(line.row) if line.row.isdigit() else line.row, 8),
    Column(gettext_lazy("Id in the source"), lambda line: line.external_id, 20),
    Column(gettext_lazy("Reason"), lambda line: reason_label(line.reason), 48),
    Column(gettext_lazy("Column"), lambda line: line.column, 20),
)


def report_basename(run: ImportRun) -> str:
    """``importrapport-<id>``: the run's number, never the file's name (it may name a person)."""
    return f"importrapport-{run.pk}"


def report_preamble(run: ImportRun) -> list[tuple[str, Cell]]:
    lines: list[tuple[str, Cell]] = [
        (_("Import"), run.pk),
        (_("Source"), f"{run.source.name} ({run.source.code})"),
        (_("File"), run.file_name),
        (_("Status"), str(run.get_status_display())),
        (_("Finished"), run.finished_at),
        (_("Rows read"), run.rows_total),
        (_("Created"), run.created),
        (_("Updated"), run.updated),
        (_("Unchanged"), run.unchanged),
        (_("Rejected"), run.rejected),
        (_("Outside every area"), run.outside_area),
    ]
    if run.message:
        lines.append((_("Message"), run.message))
    return lines


def import_report(run: ImportRun) -> Export[RejectionLine]:
    """The report as an export (the table is read from the run as it is written)."""
    return Export(
        basename=report_basename(run),
        sheet=gettext_lazy("Import report"),
        columns=REPORT_COLUMNS,
        rows=import_run_rejection_lines(run=run),
        preamble=report_preamble(run),
    )


def write_report(run: ImportRun, handle: IO[bytes]) -> None:
    """The CSV report into a binary file (the command's report file)."""
    csv_write(import_report(run), handle)


@dataclass(frozen=True)
class ReasonCount:
    label: str
    count: int


def import_run_reason_counts(*, run: ImportRun) -> list[ReasonCount]:
    """How often each reason (with its column) occurs among the rejected rows."""
    counts: Counter[tuple[str, str]] = Counter(
        (line.reason, line.column) for line in import_run_rejection_lines(run=run)
    )
    return [
        ReasonCount(reason_label(reason, column), count)
        for (reason, column), count in counts.most_common()
    ]
