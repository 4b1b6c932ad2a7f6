"""What every reader shares: limits, regions, the source configuration and the base class."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from veilig.events.importing import parsing
from veilig.events.importing import reasons as R
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.records import Crs, Problem, Record, Rejection

MAX_ID = 64
MAX_THEME = 40
MAX_CATEGORY = 100
MAX_CODE = 16

# Default incident code / crime type -> theme, per format; a source's own theme_map overrides.
DEFAULT_THEME_MAPS: dict[str, dict[str, str]] = {
    "bvh": {"A72": "fietsdiefstal"},
    "generic": {},
    "police_uk": {
        "Anti-social behaviour": "overlast",
        "Bicycle theft": "fietsdiefstal",
        "Burglary": "woninginbraak",
        "Criminal damage and arson": "vernieling",
        "Drugs": "drugs",
        "Other crime": "overig",
        "Other theft": "diefstal",
        "Possession of weapons": "wapenbezit",
        "Public order": "openbare-orde",
        "Robbery": "overval",
        "Shoplifting": "winkeldiefstal",
        "Theft from the person": "zakkenrollerij",
        "Vehicle crime": "voertuigcriminaliteit",
        "Violence and sexual offences": "geweld",
    },
}

# Rough boxes: points outside them cannot be in the region (RD: the RD New validity box).
RD_BOX = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)
NL_WGS84_BOX = (3.2, 50.7, 7.3, 53.7)  # lon_min, lat_min, lon_max, lat_max
UK_WGS84_BOX = (-8.7, 49.8, 1.8, 60.9)


@dataclass(frozen=True)
class SourceConfig:
    """What a reader needs to know about the source (copied from an EventSource)."""

    format: str
    mapping: dict[str, Any] = field(default_factory=dict)
    theme_map: dict[str, str] = field(default_factory=dict)

    def effective_theme_map(self) -> dict[str, str]:
        return {**DEFAULT_THEME_MAPS.get(self.format, {}), **(self.theme_map or {})}


Cells = Sequence[Any]
Result = Record | Rejection


class Reader:
    """Common parts: column lookup, dates in the configured time zone, coordinate checks."""

    format: ClassVar[str] = ""
    time_zone: ClassVar[str] = ""  # the format's own zone; default settings.TIME_ZONE

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.theme_map = config.effective_theme_map()
        zone = str(config.mapping.get("timezone") or self.time_zone or settings.TIME_ZONE)
        try:
            self.tz = ZoneInfo(zone)
        except (ValueError, KeyError) as exc:
            raise ImportFileError(_("Unknown time zone %(zone)s."), zone=zone) from exc
        self.headers: list[str] = []

    def bind(self, headers: list[str]) -> None:
        """Check the file's columns; raises :class:`ImportFileError` when it cannot be read."""
        self.headers = headers

    def read(self, row: int, cells: Cells) -> Result:
        raise NotImplementedError

    # -- helpers --

    def _index(self, column: str) -> int:
        try:
            return self.headers.index(column)
        except ValueError:
            raise ImportFileError(_("The file has no column %(column)s."), column=column) from None

    def _require(self, columns: Sequence[str], message: Any) -> None:
        missing = [c for c in columns if c not in self.headers]
        if missing:
            raise ImportFileError(message, columns=", ".join(missing))

    def _moment(
        self,
        value: Any,
        column: str,
        problems: list[Problem],
        *,
        end_of_day: bool = False,
        date_format: str = "",
    ) -> dt.datetime | None:
        try:
            return parsing.moment(value, tz=self.tz, date_format=date_format, end_of_day=end_of_day)
        except (ValueError, OverflowError):
            problems.append(Problem(R.UNPARSEABLE_DATE, column))
            return None

    def _begin(
        self, value: Any, column: str, problems: list[Problem], *, date_format: str = ""
    ) -> dt.datetime | None:
        if parsing.text(value) == "":
            problems.append(Problem(R.MISSING_BEGIN, column))
            return None
        return self._moment(value, column, problems, date_format=date_format)

    @staticmethod
    def _check_id(external_id: str, problems: list[Problem], column: str) -> None:
        if not external_id:
            problems.append(Problem(R.MISSING_ID, column))
        elif len(external_id) > MAX_ID:
            problems.append(Problem(R.ID_TOO_LONG, column))

    @staticmethod
    def _coordinates(
        a: Any, b: Any, crs: Crs, region: str, columns: str, problems: list[Problem]
    ) -> tuple[float, float]:
        """(x, y) for RD or (lon, lat) for WGS84, checked against the region's box."""
        try:
            first, second = parsing.number(a), parsing.number(b)
        except ValueError:
            problems.append(Problem(R.UNPARSEABLE_COORDINATES, columns))
            return 0.0, 0.0
        if first is None or second is None or (first == 0 and second == 0):
            problems.append(Problem(R.MISSING_COORDINATES, columns))
            return 0.0, 0.0
        box = RD_BOX if crs == "rd" else UK_WGS84_BOX if region == "uk" else NL_WGS84_BOX
        if not (box[0] <= first <= box[2] and box[1] <= second <= box[3]):
            problems.append(Problem(R.OUTSIDE_UK if region == "uk" else R.OUTSIDE_NL, columns))
        return first, second

    @staticmethod
    def _check_order(
        begin: dt.datetime | None, end: dt.datetime | None, column: str, problems: list[Problem]
    ) -> None:
        if begin is not None and end is not None and begin > end:
            problems.append(Problem(R.BEGIN_AFTER_END, column))

    @staticmethod
    def _check_length(value: str, limit: int, column: str, problems: list[Problem]) -> None:
        if len(value) > limit:
            problems.append(Problem(R.VALUE_TOO_LONG, column))


def _attribute(value: Any) -> Any:
    """A cell as a JSON value: whole numbers as int, dates as ISO text, '' for empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _getter(cells: Cells) -> Callable[[int], Any]:
    size = len(cells)
    return lambda i: cells[i] if 0 <= i < size else ""
