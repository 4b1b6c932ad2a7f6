"""The data.police.uk street-level crime CSV."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from veilig.events.importing import parsing
from veilig.events.importing import reasons as R
from veilig.events.importing.readers.base import (
    MAX_CATEGORY,
    MAX_ID,
    MAX_THEME,
    Cells,
    Reader,
    Result,
    _attribute,
    _getter,
)
from veilig.events.importing.records import Problem, Record, Rejection

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
