"""Read the CBS wijk- en buurtkaart (zipped Shapefile, GeoPackage or GeoJSON) with pyogrio.

Every polygon layer of the file is read; its level follows from its code fields (``BU_CODE``:
buurten, else ``WK_CODE``: wijken, else ``GM_CODE``: gemeenten). Field names are matched without
regard to case, and the names of the newer CBS files (``buurtcode``, ``aantal_inwoners`` ...) are
accepted too. All problems of all rows are collected and raised together.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from django.utils.translation import gettext as _

from veilig.geo.importing import geometry as geo
from veilig.geo.importing.codes import gemeente_code_of, is_code_of_level, wijk_code_of
from veilig.geo.importing.errors import AreaImportError
from veilig.geo.models import AreaLevel
from veilig.geo.names import area_name_problem

# Logical field -> accepted names (lower case), CBS 2017 shapefile names first.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "bu_code": ("bu_code", "buurtcode"),
    "bu_naam": ("bu_naam", "buurtnaam"),
    "wk_code": ("wk_code", "wijkcode"),
    "wk_naam": ("wk_naam", "wijknaam"),
    "gm_code": ("gm_code", "gemeentecode"),
    "gm_naam": ("gm_naam", "gemeentenaam"),
    "inhabitants": ("aant_inw", "aantal_inwoners"),
    "households": ("aantal_hh", "aantal_huishoudens"),
}
CODE_FIELD = {AreaLevel.BUURT: "bu_code", AreaLevel.WIJK: "wk_code", AreaLevel.GEMEENTE: "gm_code"}
NAME_FIELD = {AreaLevel.BUURT: "bu_naam", AreaLevel.WIJK: "wk_naam", AreaLevel.GEMEENTE: "gm_naam"}
EXAMPLE_CODE = {
    AreaLevel.BUURT: "BU00140300",
    AreaLevel.WIJK: "WK001403",
    AreaLevel.GEMEENTE: "GM0014",
}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class AreaRecord:
    """One area as read from a file; ``geometry`` is a rounded shapely (Multi)Polygon in WGS84."""

    level: AreaLevel
    code: str
    name: str
    gemeente_code: str
    gemeente_name: str
    inhabitants: int | None
    households: int | None
    geometry: Any


def year_from_file_name(path: Path) -> int | None:
    """The boundary year in a file name (``buurt2017.zip`` -> 2017), None when absent or unclear."""
    years = {int(match) for match in _YEAR.findall(path.name)}
    return years.pop() if len(years) == 1 else None


def read_area_file(path: Path) -> list[AreaRecord]:
    """All areas in the file, or :class:`AreaImportError` listing every problem."""
    if not path.is_file():
        raise AreaImportError([_("The file %(path)s does not exist.") % {"path": path}])
    try:
        layers = [str(name) for name, geometry_type in pyogrio.list_layers(path) if geometry_type]
    except (pyogrio.errors.DataSourceError, RuntimeError, OSError) as exc:
        raise AreaImportError([_unreadable(path, exc)]) from exc
    if not layers:
        raise AreaImportError(
            [_("The file %(path)s contains no layer with geometries.") % {"path": path.name}]
        )
    records: list[AreaRecord] = []
    problems: list[str] = []
    for layer in layers:
        layer_records, layer_problems = _read_layer(path, layer)
        records.extend(layer_records)
        problems.extend(layer_problems)
    seen: set[str] = set()
    for record in records:
        if record.code in seen:
            problems.append(_("The code %(code)s occurs more than once.") % {"code": record.code})
        seen.add(record.code)
    if problems:
        raise AreaImportError(problems)
    return records


def _unreadable(path: Path, exc: BaseException) -> str:
    return _(
        "The file %(path)s cannot be read as a Shapefile (zipped), GeoPackage or GeoJSON: %(error)s"
    ) % {"path": path.name, "error": exc}


def _read_layer(path: Path, layer: str) -> tuple[list[AreaRecord], list[str]]:
    try:
        info = pyogrio.read_info(path, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, RuntimeError) as exc:
        return [], [_unreadable(path, exc)]
    available = {str(name).lower(): str(name) for name in info["fields"]}
    columns = {
        logical: next((available[name] for name in names if name in available), None)
        for logical, names in FIELD_NAMES.items()
    }
    level = next((lvl for lvl, field in CODE_FIELD.items() if columns[field]), None)
    if level is None:
        return [], [
            _("The layer %(layer)s has none of the code fields BU_CODE, WK_CODE or GM_CODE.")
            % {"layer": layer}
        ]
    required = [CODE_FIELD[level], NAME_FIELD[level], "gm_code", "gm_naam"]
    missing = [FIELD_NAMES[field][0].upper() for field in required if not columns[field]]
    if missing:
        return [], [
            _("The layer %(layer)s lacks the field(s) %(fields)s.")
            % {"layer": layer, "fields": ", ".join(missing)}
        ]
    wanted = [column for column in columns.values() if column]
    try:
        meta, _fids, wkb, values = pyogrio.raw.read(path, layer=layer, columns=wanted)
        transformer = geo.crs_to_wgs84(meta["crs"], info["total_bounds"])
        geometries = geo.reproject(np.asarray(shapely.from_wkb(wkb), dtype=object), transformer)
    except (pyogrio.errors.DataLayerError, RuntimeError, shapely.errors.GEOSException) as exc:
        return [], [_unreadable(path, exc)]
    except ValueError as exc:
        return [], [
            _("The layer %(layer)s has a coordinate reference system that is unknown: %(error)s")
            % {"layer": layer, "error": exc}
        ]
    by_name = dict(zip((str(name) for name in meta["fields"]), values, strict=True))
    rows = {logical: by_name[column] for logical, column in columns.items() if column}
    records: list[AreaRecord] = []
    problems: list[str] = []
    for index, geometry in enumerate(geometries):
        row = {logical: column[index] for logical, column in rows.items()}
        record, row_problems = _record(level, row, geometry)
        where = _("Layer %(layer)s, row %(row)d: ") % {"layer": layer, "row": index + 1}
        problems.extend(where + problem for problem in row_problems)
        if record is not None:
            records.append(record)
    return records, problems


def _record(
    level: AreaLevel, row: dict[str, Any], geometry: Any
) -> tuple[AreaRecord | None, list[str]]:
    problems: list[str] = []
    code = _text(row[CODE_FIELD[level]])
    name = _text(row[NAME_FIELD[level]])
    gemeente_code = _text(row["gm_code"])
    gemeente_name = _text(row["gm_naam"])
    if not is_code_of_level(code, level):
        problems.append(
            _("%(code)r is not a valid code for this layer; expected a CBS code like %(example)s.")
            % {"code": code, "example": EXAMPLE_CODE[level]}
        )
    elif gemeente_code != gemeente_code_of(code):
        problems.append(
            _("%(code)s does not belong to the gemeente code %(gemeente)r of the same row.")
            % {"code": code, "gemeente": gemeente_code}
        )
    elif (
        level == AreaLevel.BUURT
        and "wk_code" in row
        and _text(row["wk_code"]) != wijk_code_of(code)
    ):
        problems.append(
            _("%(code)s does not belong to the wijk code %(wijk)r of the same row.")
            % {"code": code, "wijk": _text(row["wk_code"])}
        )
    if not name:
        problems.append(_("%(code)s has no name.") % {"code": code})
    elif problem := area_name_problem(name):
        problems.append(f"{code}: {problem}")
    if not gemeente_name:
        problems.append(_("%(code)s has no gemeente name.") % {"code": code})
    elif problem := area_name_problem(gemeente_name):
        problems.append(f"{code}, {gemeente_code}: {problem}")
    counts: dict[str, int | None] = {}
    for field in ("inhabitants", "households"):
        try:
            counts[field] = _count(row.get(field))
        except ValueError:
            problems.append(
                _("%(code)s: %(field)s is not a whole number: %(value)r.")
                % {"code": code, "field": FIELD_NAMES[field][0].upper(), "value": row[field]}
            )
    polygon = geo.polygonal(geometry)
    if polygon is None:
        problems.append(_("%(code)s has no polygon geometry.") % {"code": code})
    if problems:
        return None, problems
    record = AreaRecord(
        level=level,
        code=code,
        name=name,
        gemeente_code=gemeente_code,
        gemeente_name=gemeente_name,
        inhabitants=counts["inhabitants"],
        households=counts["households"],
        geometry=geo.rounded(polygon),
    )
    return record, []


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _count(value: Any) -> int | None:
    """A count from a CBS field; CBS's negative sentinels (-99999997 secret, ...) become None."""
    if value is None or value == "":
        return None
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        if not float(value).is_integer():
            raise ValueError(value)
    number = int(value)
    return None if number < 0 else number
