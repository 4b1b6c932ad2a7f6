"""What a reader produces per row: a record to import, or a rejection with its reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Crs = Literal["rd", "wgs84"]


@dataclass(slots=True)
class Record:
    """One valid row, in plain data. Times are naive UTC (see ``parsing.moment``). Person and
    address are still in clear here: the pipeline replaces them by keyed pseudonyms before
    anything is stored."""

    row: int  # the line in the file; the header is line 1, as in a spreadsheet
    external_id: str
    theme: str
    begin: dt.datetime
    x: float  # RD x, or longitude when crs is wgs84
    y: float  # RD y, or latitude when crs is wgs84
    crs: Crs = "rd"
    end: dt.datetime | None = None
    reported: dt.datetime | None = None
    category: str = ""
    incident_code: str = ""
    person: str = ""
    address: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Problem:
    reason: str  # a msgid from veilig.events.importing.reasons
    column: str = ""


@dataclass(slots=True)
class Rejection:
    row: int
    external_id: str
    problems: list[Problem]

    def as_json(self) -> dict[str, Any]:
        """The form stored in ``ImportRun.rejections``."""
        return {
            "row": self.row,
            "external_id": self.external_id,
            "reasons": [p.reason for p in self.problems],
            "columns": [p.column for p in self.problems],
        }
