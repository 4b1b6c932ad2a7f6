"""What one imported file may hold, and the errors past each limit (docs/events.md, Limits).

The limits come from the settings ``IMPORT_MAX_*`` when a file is opened; every message says
which limit was passed and never names the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from veilig.events.importing.errors import ImportFileError


@dataclass(frozen=True)
class Limits:
    """What one file may hold (settings ``IMPORT_MAX_*``; docs/events.md, Limits)."""

    columns: int
    cell_chars: int
    rows: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            columns=int(settings.IMPORT_MAX_COLUMNS),
            cell_chars=int(settings.IMPORT_MAX_CELL_CHARS),
            rows=int(settings.IMPORT_MAX_ROWS),
        )


def check_headers(headers: list[str], limits: Limits) -> None:
    """One pass over the names (a count per name would take hours on a million columns)."""
    if len(headers) > limits.columns:
        raise too_many_columns(limits.columns)
    if not any(headers):
        raise ImportFileError(_("The file has no header row with column names."), code="no_header")
    if max(map(len, headers)) > limits.cell_chars:
        raise cell_too_long(1, limits.cell_chars)
    named = list(filter(None, headers))
    if len(set(named)) == len(named):
        return
    duplicates = sorted(h for h, n in Counter(named).items() if n > 1)
    raise ImportFileError(
        _("The column names must be unique; repeated: %(names)s."),
        code="duplicate_columns",
        names=", ".join(duplicates[:10]) + (" …" if len(duplicates) > 10 else ""),
    )


def too_many_columns(limit: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s columns; that many cannot be imported."),
        code="too_many_columns",
        limit=limit,
    )


def cell_too_long(row: int, limit: int) -> ImportFileError:
    return ImportFileError(
        _("Row %(row)s has a cell longer than %(limit)s characters; that cannot be imported."),
        code="cell_too_long",
        row=row,
        limit=limit,
    )


def too_many_rows(limit: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s rows. Split it into smaller files."),
        code="too_many_rows",
        limit=f"{limit:,}".replace(",", "."),
    )


def not_text() -> ImportFileError:
    return ImportFileError(
        _(
            "The file is not readable text (UTF-8 or Windows-1252). "
            "Save the table as CSV (UTF-8) and upload it again."
        ),
        code="not_text",
    )
