"""Any CSV or spreadsheet with a saved column mapping."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from veilig.events.importing import parsing
from veilig.events.importing import reasons as R
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.readers.base import (
    MAX_CATEGORY,
    MAX_CODE,
    MAX_ID,
    MAX_THEME,
    Cells,
    Reader,
    Result,
    _attribute,
)
from veilig.events.importing.records import Crs, Problem, Record, Rejection

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
