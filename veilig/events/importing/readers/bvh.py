"""The police BVH incident export."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from veilig.events.importing import parsing
from veilig.events.importing import reasons as R
from veilig.events.importing.readers.base import (
    MAX_CATEGORY,
    MAX_CODE,
    Cells,
    Reader,
    Result,
    _attribute,
    _getter,
)
from veilig.events.importing.records import Problem, Record, Rejection

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
