"""One reader per source format: a row of cells in, a :class:`Record` or :class:`Rejection` out.

Readers are plain data (no database): they validate every field of a row and collect every
problem, so a rejected row lists all its reasons at once. Coordinates are checked against the
source's region here; transforming them and finding the areas is done per batch by the pipeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.text import slugify
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


# --- Police BVH export -----------------------------------------------------------------------


class BvhReader(Reader):
    """The police BVH incident export (XLSX as delivered; CSV with the same columns works too).

    Kept: the incident id, incident code (→ theme via the theme map), incident type (category),
    begin/end/report times, RD X/Y. The street, wijk, buurt and the other descriptive columns go
    into attributes under their own names; the postcode and house number only as a keyed
    address pseudonym (and the PC4 area as an attribute). Area codes come from X/Y, not names.
    """

    format = "bvh"
    ID = "Incident Identificatie"
    CODE = "Incidentsoort code"
    TYPE = "Incidentsoort"
    BEGIN = "Begin-pleegdatum/tijd"
    END = "Eind-pleegdatum/tijd"
    REPORTED = "Kennisnamedatum/tijd"
    X, Y = "X", "Y"
    STREET = "Pleegstraatnaam"
    NUMBER = "Pleeghuisnummer met toev."
    POSTCODE = "Pleegpostcode"
    PC4 = "Pleegpostcode (PC4)"
    REQUIRED = (ID, CODE, BEGIN, X, Y)
    ATTRIBUTES = (
        "Bronregistratie",
        STREET,
        "Pleegplaats",
        "Pleeggemeente",
        "Pleegwijk",
        "Pleegbuurt",
        "Pleegsubbuurt",
        "Begin-pleegdagdeel",
        "Eind-pleegdagdeel",
        "Kennisnamedagdeel",
        "Aangifte",
        "Poging",
        "Verdachten",
        "Aanhoudingen",
        "Opgehelderd",
        "Object",
        "Project(en)",
        "Temperatuur",
        "Weer",
    )

    def bind(self, headers: list[str]) -> None:
        super().bind(headers)
        self._require(
            self.REQUIRED,
            _("This is not a police BVH export: the column(s) %(columns)s are missing."),
        )
        pos = {h: i for i, h in enumerate(headers)}
        self.i_id, self.i_code, self.i_begin = pos[self.ID], pos[self.CODE], pos[self.BEGIN]
        self.i_x, self.i_y = pos[self.X], pos[self.Y]
        self.i_type = pos.get(self.TYPE, -1)
        self.i_end = pos.get(self.END, -1)
        self.i_reported = pos.get(self.REPORTED, -1)
        self.i_number = pos.get(self.NUMBER, -1)
        self.i_postcode = pos.get(self.POSTCODE, -1)
        self.i_street = pos.get(self.STREET, -1)
        self.attribute_columns = [(name, pos[name]) for name in self.ATTRIBUTES if name in pos]

    def read(self, row: int, cells: Cells) -> Result:
        get = _getter(cells)
        problems: list[Problem] = []
        external_id = parsing.text(get(self.i_id))
        self._check_id(external_id, problems, self.ID)
        code = parsing.text(get(self.i_code))
        theme = self.theme_map.get(code, "")
        if not code:
            problems.append(Problem(R.MISSING_THEME, self.CODE))
        elif not theme:
            problems.append(Problem(R.UNKNOWN_INCIDENT_CODE, self.CODE))
        self._check_length(code, MAX_CODE, self.CODE, problems)
        category = parsing.text(get(self.i_type))
        self._check_length(category, MAX_CATEGORY, self.TYPE, problems)
        begin = self._begin(get(self.i_begin), self.BEGIN, problems)
        end = self._moment(get(self.i_end), self.END, problems)
        reported = self._moment(get(self.i_reported), self.REPORTED, problems)
        self._check_order(begin, end, self.END, problems)
        x, y = self._coordinates(get(self.i_x), get(self.i_y), "rd", "nl", "X/Y", problems)
        if problems or begin is None:
            return Rejection(row, external_id, problems)
        attributes: dict[str, Any] = {}
        for name, index in self.attribute_columns:
            value = _attribute(get(index))
            if value != "":
                attributes[name] = value
        postcode = parsing.text(get(self.i_postcode)).replace(" ", "").upper()
        number = parsing.text(get(self.i_number)).lower()
        if len(postcode) >= 4:
            attributes[self.PC4] = postcode[:4]
        address = ""
        if number and (postcode or self.i_street >= 0):
            place = postcode or parsing.text(get(self.i_street)).lower()
            address = f"{place} {' '.join(number.split())}" if place else ""
        return Record(
            row=row,
            external_id=external_id,
            theme=theme,
            category=category,
            incident_code=code,
            begin=begin,
            end=end,
            reported=reported,
            x=x,
            y=y,
            crs="rd",
            address=address,
            attributes=attributes,
        )


# --- Generic CSV/XLSX with a saved column mapping ----------------------------------------------

# The mapping's keys that name a column of the file.
COLUMN_TARGETS = (
    "external_id",
    "x",
    "y",
    "lon",
    "lat",
    "begin",
    "end",
    "reported",
    "theme_column",
    "incident_code",
    "category",
    "person",
    "address",
)


def mapping_errors(mapping: dict[str, Any], headers: list[str]) -> list[str]:
    """What is wrong with a generic mapping for a file with these headers (translated)."""
    errors: list[str] = []
    crs = mapping.get("crs", "rd")
    if crs not in ("rd", "wgs84"):
        errors.append(str(_("The coordinate system must be RD or WGS84.")))
        crs = "rd"
    required = ["external_id", "begin", *(("x", "y") if crs == "rd" else ("lon", "lat"))]
    labels = target_labels()
    for key in required:
        if not mapping.get(key):
            errors.append(str(_("Choose the column for %(field)s.") % {"field": labels[key]}))
    if not (mapping.get("theme") or mapping.get("theme_column") or mapping.get("incident_code")):
        errors.append(str(_("Give a theme, or the column with the theme or incident code.")))
    theme = str(mapping.get("theme") or "")
    if theme and (len(theme) > MAX_THEME or slugify(theme) != theme):
        errors.append(
            str(_("The theme must be a short code of lower-case letters, digits and dashes."))
        )
    for key in COLUMN_TARGETS:
        column = mapping.get(key)
        if column and column not in headers:
            errors.append(
                str(
                    _("The mapping names the column %(column)s, which the file does not have.")
                    % {"column": column}
                )
            )
    for column in mapping.get("attributes") or []:
        if column not in headers:
            errors.append(
                str(
                    _("The mapping names the column %(column)s, which the file does not have.")
                    % {"column": column}
                )
            )
    return errors


def target_labels() -> dict[str, Any]:
    """The fields a generic mapping can fill, with their labels for screens and messages."""
    return {
        "external_id": _("Id in the source"),
        "x": _("RD x"),
        "y": _("RD y"),
        "lon": _("Longitude (WGS84)"),
        "lat": _("Latitude (WGS84)"),
        "begin": _("Begin (date/time)"),
        "end": _("End (date/time)"),
        "reported": _("Reported (date/time)"),
        "theme_column": _("Theme column"),
        "incident_code": _("Incident code"),
        "category": _("Category"),
        "person": _("Person (pseudonymised)"),
        "address": _("Address (pseudonymised)"),
    }


class GenericReader(Reader):
    """Any CSV or spreadsheet, read through the source's column mapping (see docs/events.md)."""

    format = "generic"

    def bind(self, headers: list[str]) -> None:
        super().bind(headers)
        m = self.config.mapping
        errors = mapping_errors(m, headers)
        if errors:
            raise ImportFileError(
                _("The column mapping does not fit this file: %(errors)s"), errors=" ".join(errors)
            )
        self.crs: Crs = "wgs84" if m.get("crs") == "wgs84" else "rd"
        self.date_format = str(m.get("date_format") or "")
        self.fixed_theme = str(m.get("theme") or "")
        self._slugs: dict[str, str] = {}
        pos = {h: i for i, h in enumerate(headers)}
        self.cols = {key: str(m[key]) for key in COLUMN_TARGETS if m.get(key)}
        self.idx = {key: pos[col] for key, col in self.cols.items()}
        self.attribute_columns = [(c, pos[c]) for c in (m.get("attributes") or [])]
        self.width = len(headers)
        self.i_id, self.i_begin = self.idx["external_id"], self.idx["begin"]
        self.i_end, self.i_reported = self.idx.get("end", -1), self.idx.get("reported", -1)
        self.i_code, self.i_theme = (
            self.idx.get("incident_code", -1),
            self.idx.get("theme_column", -1),
        )
        self.i_category = self.idx.get("category", -1)
        self.i_person, self.i_address = self.idx.get("person", -1), self.idx.get("address", -1)
        if self.crs == "rd":
            self.i_a, self.i_b = self.idx["x"], self.idx["y"]
            self.coord_label = f"{self.cols['x']}/{self.cols['y']}"
        else:
            self.i_a, self.i_b = self.idx["lon"], self.idx["lat"]
            self.coord_label = f"{self.cols['lon']}/{self.cols['lat']}"

    def read(self, row: int, cells: Cells) -> Result:
        if len(cells) < self.width:
            cells = [*cells, *([""] * (self.width - len(cells)))]
        cols = self.cols
        problems: list[Problem] = []
        external_id = parsing.text(cells[self.i_id])
        if not external_id or len(external_id) > MAX_ID:
            self._check_id(external_id, problems, cols["external_id"])
        begin = self._begin(
            cells[self.i_begin], cols["begin"], problems, date_format=self.date_format
        )
        end = reported = None
        if self.i_end >= 0:
            end = self._moment(
                cells[self.i_end],
                cols["end"],
                problems,
                end_of_day=True,
                date_format=self.date_format,
            )
            if begin is not None and end is not None and begin > end:
                problems.append(Problem(R.BEGIN_AFTER_END, cols["end"]))
        if self.i_reported >= 0:
            reported = self._moment(
                cells[self.i_reported], cols["reported"], problems, date_format=self.date_format
            )
        x, y = self._coordinates(
            cells[self.i_a], cells[self.i_b], self.crs, "nl", self.coord_label, problems
        )
        code = parsing.text(cells[self.i_code]) if self.i_code >= 0 else ""
        if len(code) > MAX_CODE:
            problems.append(Problem(R.VALUE_TOO_LONG, cols["incident_code"]))
        theme = self._theme(cells, code, problems)
        category = parsing.text(cells[self.i_category]) if self.i_category >= 0 else ""
        if len(category) > MAX_CATEGORY:
            problems.append(Problem(R.VALUE_TOO_LONG, cols["category"]))
        if problems or begin is None:
            return Rejection(row, external_id, problems)
        attributes: dict[str, Any] = {}
        for name, index in self.attribute_columns:
            value = cells[index]
            if value.__class__ is not str:
                value = _attribute(value)
            elif value:
                value = value.strip()
            if value != "":
                attributes[name] = value
        return Record(
            row,
            external_id,
            theme,
            begin,
            x,
            y,
            self.crs,
            end,
            reported,
            category,
            code,
            parsing.text(cells[self.i_person]) if self.i_person >= 0 else "",
            parsing.text(cells[self.i_address]) if self.i_address >= 0 else "",
            attributes,
        )

    def _slug(self, value: str) -> str:
        slug = self._slugs.get(value)
        if slug is None:
            slug = slugify(value)
            if len(self._slugs) < 10_000:  # themes are few; a bad column must not eat memory
                self._slugs[value] = slug
        return slug

    def _theme(self, cells: Cells, code: str, problems: list[Problem]) -> str:
        if self.i_theme >= 0:
            value = parsing.text(cells[self.i_theme])
            if value:
                theme = self.theme_map.get(value) or self._slug(value)
                if len(theme) > MAX_THEME or not theme:
                    problems.append(Problem(R.VALUE_TOO_LONG, self.cols["theme_column"]))
                return theme
        if code and code in self.theme_map:
            return self.theme_map[code]
        if self.fixed_theme:
            return self.fixed_theme
        if code:
            problems.append(Problem(R.UNKNOWN_INCIDENT_CODE, self.cols["incident_code"]))
        else:
            column = self.cols.get("theme_column") or self.cols.get("incident_code", "")
            problems.append(Problem(R.MISSING_THEME, column))
        return ""


# --- data.police.uk street-level CSV ----------------------------------------------------------


class PoliceUkReader(Reader):
    """The data.police.uk street-level crime CSV: monthly, WGS84, LSOA codes.

    ``begin`` is the first of the month 00:00 and ``end`` the last day 23:59:59, UK local time
    (Europe/London unless the mapping names a ``timezone``). Rows without a Crime ID (anti-social
    behaviour) get a stable id: a hash of the row's cells, numbered when identical rows repeat,
    so a re-import finds them again.
    """

    format = "police_uk"
    time_zone = "Europe/London"
    ID = "Crime ID"
    MONTH = "Month"
    LON, LAT = "Longitude", "Latitude"
    TYPE = "Crime type"
    REQUIRED = (MONTH, LON, LAT, TYPE)
    ATTRIBUTES = (
        "Reported by",
        "Falls within",
        "Location",
        "LSOA code",
        "LSOA name",
        "Last outcome category",
        "Context",
    )

    def bind(self, headers: list[str]) -> None:
        super().bind(headers)
        self._require(
            self.REQUIRED,
            _(
                "This is not a data.police.uk street-level file: the column(s) %(columns)s "
                "are missing."
            ),
        )
        pos = {h: i for i, h in enumerate(headers)}
        self.i_id = pos.get(self.ID, -1)
        self.i_month, self.i_type = pos[self.MONTH], pos[self.TYPE]
        self.i_lon, self.i_lat = pos[self.LON], pos[self.LAT]
        self.attribute_columns = [(name, pos[name]) for name in self.ATTRIBUTES if name in pos]
        self._seen_rows: dict[str, int] = {}

    def read(self, row: int, cells: Cells) -> Result:
        get = _getter(cells)
        problems: list[Problem] = []
        external_id = parsing.text(get(self.i_id)) if self.i_id >= 0 else ""
        if not external_id:
            external_id = self._row_id(cells)
        elif len(external_id) > MAX_ID:
            problems.append(Problem(R.ID_TOO_LONG, self.ID))
        begin = end = None
        raw_month = get(self.i_month)
        if parsing.text(raw_month) == "":
            problems.append(Problem(R.MISSING_BEGIN, self.MONTH))
        else:
            try:
                begin, end = parsing.month_window(raw_month, tz=self.tz)
            except ValueError:
                problems.append(Problem(R.UNPARSEABLE_DATE, self.MONTH))
        lon, lat = self._coordinates(
            get(self.i_lon), get(self.i_lat), "wgs84", "uk", f"{self.LON}/{self.LAT}", problems
        )
        crime_type = parsing.text(get(self.i_type))
        theme = ""
        if not crime_type:
            problems.append(Problem(R.MISSING_THEME, self.TYPE))
        else:
            theme = self.theme_map.get(crime_type) or slugify(crime_type)[:MAX_THEME]
            # (crime types are few; slugify's cost does not matter at police.uk file sizes)
            self._check_length(crime_type, MAX_CATEGORY, self.TYPE, problems)
        if problems or begin is None:
            return Rejection(row, external_id, problems)
        attributes: dict[str, Any] = {}
        for name, index in self.attribute_columns:
            value = _attribute(get(index))
            if value != "":
                attributes[name] = value
        return Record(
            row=row,
            external_id=external_id,
            theme=theme,
            category=crime_type,
            begin=begin,
            end=end,
            x=lon,
            y=lat,
            crs="wgs84",
            attributes=attributes,
        )

    def _row_id(self, cells: Cells) -> str:
        content = "\x1f".join(parsing.text(c) for c in cells)
        digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16).hexdigest()
        seen = self._seen_rows.get(digest, 0) + 1
        self._seen_rows[digest] = seen
        return f"h{digest}" if seen == 1 else f"h{digest}-{seen}"


READERS: dict[str, type[Reader]] = {
    "bvh": BvhReader,
    "generic": GenericReader,
    "police_uk": PoliceUkReader,
}


def reader_for(config: SourceConfig) -> Reader:
    try:
        return READERS[config.format](config)
    except KeyError:
        raise ImportFileError(
            _("Unknown source format %(format)s."), format=config.format
        ) from None
