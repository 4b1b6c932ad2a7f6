"""The downloadable report of an import: its counts, then every rejected row with its reasons.

A semicolon-separated CSV with a byte-order mark, so that Excel with Dutch settings opens it
as columns and shows accents. Labels and reasons are in the active language.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.events.importing.reasons import reason_label
from veilig.events.models import ImportRun

DELIMITER = ";"


def report_filename(run: ImportRun) -> str:
    return f"import-{run.pk}-report.csv"


def report_lines(run: ImportRun) -> Iterator[list[str]]:
    finished = (
        timezone.localtime(run.finished_at).isoformat(" ", "seconds") if run.finished_at else ""
    )
    yield [_("Import"), str(run.pk)]
    yield [_("Source"), f"{run.source.name} ({run.source.code})"]
    yield [_("File"), run.file_name]
    yield [_("Status"), str(run.get_status_display())]
    yield [_("Finished"), finished]
    yield [_("Rows read"), str(run.rows_total)]
    yield [_("Created"), str(run.created)]
    yield [_("Updated"), str(run.updated)]
    yield [_("Unchanged"), str(run.unchanged)]
    yield [_("Rejected"), str(run.rejected)]
    yield [_("Outside every area"), str(run.outside_area)]
    if run.message:
        yield [_("Message"), run.message]
    yield []
    yield [_("Row"), _("Id in the source"), _("Reason"), _("Column")]
    for rejection in run.rejections or []:
        columns = rejection.get("columns") or [""] * len(rejection.get("reasons", []))
        for reason, column in zip(rejection.get("reasons", []), columns, strict=False):
            yield [
                str(rejection.get("row", "")),
                str(rejection.get("external_id", "")),
                reason_label(reason),
                column,
            ]


def _cell(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_report(run: ImportRun, handle: IO[str]) -> None:
    handle.write("\ufeff")
    writer = csv.writer(handle, delimiter=DELIMITER, lineterminator="\r\n")
    for line in report_lines(run):
        writer.writerow([_cell(value) for value in line])


@dataclass(frozen=True)
class ReasonCount:
    label: str
    count: int


def import_run_reason_counts(*, run: ImportRun) -> list[ReasonCount]:
    """How often each reason (with its column) occurs among the rejected rows."""
    counts: Counter[tuple[str, str]] = Counter()
    for rejection in run.rejections or []:
        reasons = rejection.get("reasons", [])
        columns = rejection.get("columns") or [""] * len(reasons)
        for reason, column in zip(reasons, columns, strict=False):
            counts[(reason, column)] += 1
    return [
        ReasonCount(reason_label(reason, column), count)
        for (reason, column), count in counts.most_common()
    ]
