"""A batch of valid rows → the rows of the events table: location in both systems, buurt and
wijk, pseudonyms, times as the database's text, and a content hash per row.

Everything is done per column: RD ↔ WGS84 and the point-in-area lookups over numpy arrays,
pseudonyms through a cache, times with numpy (``times.texts``), and the rows themselves are
``zip``ped from the columns. Only the hash is computed row by row (BLAKE2 in C).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

from veilig.events.importing.batch import Batch
from veilig.events.importing.pseudonyms import Pseudonyms
from veilig.events.importing.times import texts
from veilig.geo.index import AreaIndex
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import FloatArray, rd_to_wgs84, wgs84_to_rd

Row = tuple[Any, ...]


@dataclass
class Prepared:
    rows: list[Row]  # in the order of writers.COLUMNS
    digests: list[str]
    outside_area: int


@dataclass
class Preparer:
    source_id: int
    run_id: int
    buurten: AreaIndex
    wijken: AreaIndex
    pseudonyms: Pseudonyms
    time_suffix: str = ""  # appended to each time's text ("+00:00" for PostgreSQL's COPY)
    wijk_of_buurt: dict[str, str] = field(default_factory=dict)

    def prepare(self, batch: Batch) -> Prepared:
        rd_x, rd_y, lon, lat = _locations(batch)
        buurt, wijk = self._areas(rd_x, rd_y)
        xs, ys = rd_x.tolist(), rd_y.tolist()
        person = self.pseudonyms.persons(batch.person)
        address = self.pseudonyms.addresses(batch.address)
        begin = texts(batch.begin, suffix=self.time_suffix)
        end = texts(batch.end, suffix=self.time_suffix)
        reported = texts(batch.reported, suffix=self.time_suffix)
        # The hash's text is that of earlier versions of the pipeline, so that a re-import of an
        # unchanged file after an upgrade still finds every row unchanged.
        contents = map(
            "\x1f".join,
            zip(
                batch.theme,
                batch.category,
                batch.incident_code,
                _or_empty(begin),
                _or_empty(end),
                _or_empty(reported),
                map(repr, xs),
                map(repr, ys),
                buurt,
                wijk,
                person,
                address,
                batch.attributes,
                strict=True,
            ),
        )
        blake2b = hashlib.blake2b
        digests = [blake2b(c.encode(), digest_size=16).hexdigest() for c in contents]
        rows = list(
            zip(
                repeat(self.source_id),
                batch.external_id,
                batch.theme,
                batch.category,
                batch.incident_code,
                begin,
                end,
                reported,
                xs,
                ys,
                lat.tolist(),
                lon.tolist(),
                buurt,
                wijk,
                person,
                address,
                batch.attributes,
                digests,
                repeat(self.run_id),
            )
        )
        return Prepared(rows=rows, digests=digests, outside_area=buurt.count(""))

    def _areas(self, x: FloatArray, y: FloatArray) -> tuple[list[str], list[str]]:
        """Buurt codes by point-in-polygon; the wijk is the buurt's parent (one lookup instead
        of two). Points outside every buurt are looked up among the wijken themselves."""
        buurt: list[str] = self.buurten.locate_rd(x, y).tolist()
        if not self.wijk_of_buurt:
            return buurt, self.wijken.locate_rd(x, y).tolist()
        wijk = list(map(self.wijk_of_buurt.get, buurt, repeat("")))
        if "" in buurt and len(self.wijken):
            outside = [i for i, code in enumerate(buurt) if not code]
            found = self.wijken.locate_rd(x[outside], y[outside]).tolist()
            for i, code in zip(outside, found, strict=True):
                wijk[i] = code
        return buurt, wijk


def _or_empty(values: list[str | None]) -> list[str]:
    if None not in values:
        return values  # type: ignore[return-value]  # no None in it
    return ["" if v is None else v for v in values]


def _locations(batch: Batch) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """RD x/y rounded to mm and lon/lat to 8 decimals, whichever system the file used."""
    a, b, is_rd = batch.a, batch.b, batch.is_rd
    rd_x, rd_y = a.copy(), b.copy()
    lon, lat = a.copy(), b.copy()
    if is_rd.all():
        lon, lat = rd_to_wgs84(a, b)
    elif is_rd.any():
        lon[is_rd], lat[is_rd] = rd_to_wgs84(a[is_rd], b[is_rd])
    if not is_rd.all():
        wgs = ~is_rd
        rd_x[wgs], rd_y[wgs] = wgs84_to_rd(a[wgs], b[wgs])
    return np.round(rd_x, 3), np.round(rd_y, 3), np.round(lon, 8), np.round(lat, 8)


def wijk_of_buurt(buurten: AreaIndex, wijken: AreaIndex) -> dict[str, str]:
    """buurt code -> wijk code from the area tree, when both indexes are of the same year."""
    if not len(buurten) or buurten.boundary_year is None:
        return {}
    if buurten.boundary_year != wijken.boundary_year:
        return {}
    return dict(
        Area.objects.filter(
            level=AreaLevel.BUURT,
            boundary_year=buurten.boundary_year,
            parent__level=AreaLevel.WIJK,
        ).values_list("code", "parent__code")
    )
