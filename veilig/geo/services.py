"""Writing areas: the import of the CBS wijk- en buurtkaart and of stadsdeel groupings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from veilig.geo.importing import (
    AreaImportError,
    AreaRecord,
    StadsdeelGroup,
    read_area_file,
    read_grouping,
    year_from_file_name,
)
from veilig.geo.importing import geometry as geo
from veilig.geo.importing.codes import gemeente_code_of, wijk_code_of
from veilig.geo.index import area_index_invalidate
from veilig.geo.models import LEVEL_DEPTH, Area, AreaLevel

MIN_YEAR, MAX_YEAR = 1900, 2100
_FIELDS = (
    "name",
    "level",
    "inhabitants",
    "households",
    "geometry",
    "rd_min_x",
    "rd_min_y",
    "rd_max_x",
    "rd_max_y",
)


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class AreaImportSummary:
    """What an import did, per level; ``unlinked`` are codes whose parent is not (yet) there."""

    boundary_year: int
    counts: dict[str, LevelCounts] = field(default_factory=lambda: defaultdict(LevelCounts))
    relinked: int = 0
    unlinked: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.relinked + sum(c.created + c.updated for c in self.counts.values())


def areas_import(
    *, path: Path, boundary_year: int | None = None, grouping_path: Path | None = None
) -> AreaImportSummary:
    """Import the areas of a CBS wijk- en buurtkaart file (and optionally a stadsdeel grouping).

    Idempotent: areas are keyed on (code, boundary year) and updated in place. Afterwards the
    parents of every area of the boundary year are linked again by code, so files may come in
    any order. Bad input raises :class:`AreaImportError` before anything is written; the writing
    happens in one transaction.
    """
    year = _boundary_year(path=path, boundary_year=boundary_year)
    records = read_area_file(path)
    groups = read_grouping(grouping_path) if grouping_path is not None else []
    _check_groups(groups=groups, records=records, year=year)
    summary = AreaImportSummary(boundary_year=year)
    with transaction.atomic():
        _save_gemeenten_from_parts(records=records, year=year, summary=summary)
        _save(
            [(record.level, record.code, _values(record)) for record in records],
            year=year,
            summary=summary,
        )
        _save_stadsdelen(groups=groups, year=year, summary=summary)
        _relink(groups=groups, year=year, summary=summary)
        # Again after the commit: an index built inside a transaction that rolls back is stale.
        transaction.on_commit(area_index_invalidate)
    area_index_invalidate()
    return summary


def _boundary_year(*, path: Path, boundary_year: int | None) -> int:
    year = boundary_year if boundary_year is not None else year_from_file_name(path)
    if year is None:
        raise AreaImportError(
            [
                _(
                    "The boundary year cannot be read from the file name %(name)s; "
                    "give it with --year."
                )
                % {"name": path.name}
            ]
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise AreaImportError(
            [
                _("The boundary year %(year)d is not between %(min)d and %(max)d.")
                % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
            ]
        )
    return year


def _check_groups(*, groups: list[StadsdeelGroup], records: list[AreaRecord], year: int) -> None:
    """Every wijk of the grouping must be in the file or already in the database for the year."""
    if not groups:
        return
    known = {record.code for record in records if record.level == AreaLevel.WIJK}
    known.update(
        Area.objects.filter(level=AreaLevel.WIJK, boundary_year=year).values_list("code", flat=True)
    )
    problems = [
        _(
            "The stadsdeel %(code)s names the wijk %(wijk)s, "
            "which has not been imported for %(year)d."
        )
        % {"code": group.code, "wijk": wijk, "year": year}
        for group in groups
        for wijk in group.wijken
        if wijk not in known
    ]
    if problems:
        raise AreaImportError(problems)


def _values(record: AreaRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "inhabitants": record.inhabitants,
        "households": record.households,
        **_geometry_values(record.geometry),
    }


def _geometry_values(geometry: Any) -> dict[str, Any]:
    if geometry is None:
        return {
            "geometry": None,
            "rd_min_x": None,
            "rd_min_y": None,
            "rd_max_x": None,
            "rd_max_y": None,
        }
    min_x, min_y, max_x, max_y = geo.rd_bounds(geometry)
    return {
        "geometry": geo.to_geojson(geometry),
        "rd_min_x": min_x,
        "rd_min_y": min_y,
        "rd_max_x": max_x,
        "rd_max_y": max_y,
    }


def _save(
    rows: list[tuple[AreaLevel, str, dict[str, Any]]], *, year: int, summary: AreaImportSummary
) -> None:
    """Create or update areas keyed on (code, year); count what really changed."""
    existing = {
        area.code: area
        for area in Area.objects.filter(
            boundary_year=year, code__in=[code for _l, code, _v in rows]
        )
    }
    to_create: list[Area] = []
    to_update: list[Area] = []
    for level, code, values in rows:
        counts = summary.counts[str(level)]
        area = existing.get(code)
        if area is None:
            to_create.append(Area(code=code, boundary_year=year, level=level, **values))
            counts.created += 1
            continue
        values = {**values, "level": level}
        if all(getattr(area, name) == value for name, value in values.items()):
            counts.unchanged += 1
            continue
        for name, value in values.items():
            setattr(area, name, value)
        to_update.append(area)
        counts.updated += 1
    Area.objects.bulk_create(to_create, batch_size=500)
    Area.objects.bulk_update(to_update, _FIELDS, batch_size=500)


def _save_gemeenten_from_parts(
    *, records: list[AreaRecord], year: int, summary: AreaImportSummary
) -> None:
    """Create each gemeente that is neither in the file nor in the database from its parts."""
    in_file = {record.code for record in records if record.level == AreaLevel.GEMEENTE}
    parts: dict[str, list[AreaRecord]] = defaultdict(list)
    for record in records:
        if record.level != AreaLevel.GEMEENTE and record.gemeente_code not in in_file:
            parts[record.gemeente_code].append(record)
    present = set(
        Area.objects.filter(boundary_year=year, code__in=list(parts)).values_list("code", flat=True)
    )
    rows: list[tuple[AreaLevel, str, dict[str, Any]]] = []
    for code in sorted(set(parts) - present):
        # The coarsest parts in the file make the simplest union.
        depth = min(LEVEL_DEPTH[part.level] for part in parts[code])
        pieces = [part.geometry for part in parts[code] if LEVEL_DEPTH[part.level] == depth]
        values = {"name": parts[code][0].gemeente_name, "inhabitants": None, "households": None}
        rows.append((AreaLevel.GEMEENTE, code, {**values, **_geometry_values(geo.union(pieces))}))
    _save(rows, year=year, summary=summary)


def _save_stadsdelen(
    *, groups: list[StadsdeelGroup], year: int, summary: AreaImportSummary
) -> None:
    if not groups:
        return
    wijk_codes = [wijk for group in groups for wijk in group.wijken]
    shapes = {
        code: geo.from_geojson(geometry or {})
        for code, geometry in Area.objects.filter(
            level=AreaLevel.WIJK, boundary_year=year, code__in=wijk_codes, geometry__isnull=False
        ).values_list("code", "geometry")
    }
    rows: list[tuple[AreaLevel, str, dict[str, Any]]] = []
    for group in groups:
        pieces = [shapes[wijk] for wijk in group.wijken if wijk in shapes]
        values = {"name": group.name, "inhabitants": None, "households": None}
        rows.append(
            (AreaLevel.STADSDEEL, group.code, {**values, **_geometry_values(geo.union(pieces))})
        )
    _save(rows, year=year, summary=summary)


def _relink(*, groups: list[StadsdeelGroup], year: int, summary: AreaImportSummary) -> None:
    """Set the parent of every area of the year from the codes (and the stadsdeel grouping).

    A wijk keeps a stadsdeel parent from an earlier grouping unless this import brings a new
    grouping for its gemeente; a wijk of a grouped gemeente that is in no stadsdeel hangs under
    the gemeente. An area whose parent is not there gets no parent and is reported.
    """
    areas = list(Area.objects.filter(boundary_year=year).only("id", "code", "level", "parent_id"))
    by_code = {area.code: area for area in areas}
    by_id = {area.id: area for area in areas}
    stadsdeel_of = {wijk: group.code for group in groups for wijk in group.wijken}
    regrouped = {group.gemeente_code for group in groups}
    changed: list[Area] = []
    for area in areas:
        parent_code = _parent_code(
            area, by_id=by_id, stadsdeel_of=stadsdeel_of, regrouped=regrouped
        )
        parent = by_code.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            summary.unlinked.append(area.code)
        parent_id = parent.id if parent is not None else None
        if area.parent_id != parent_id:
            area.parent_id = parent_id
            changed.append(area)
    Area.objects.bulk_update(changed, ["parent"], batch_size=500)
    summary.relinked = len(changed)


def _parent_code(
    area: Area, *, by_id: dict[int, Area], stadsdeel_of: dict[str, str], regrouped: set[str]
) -> str | None:
    if area.level == AreaLevel.GEMEENTE:
        return None
    if area.level == AreaLevel.BUURT:
        return wijk_code_of(area.code)
    gemeente = gemeente_code_of(area.code)
    if area.level == AreaLevel.WIJK:
        if area.code in stadsdeel_of:
            return stadsdeel_of[area.code]
        current = by_id.get(area.parent_id) if area.parent_id is not None else None
        keep = (
            gemeente not in regrouped
            and current is not None
            and current.level == AreaLevel.STADSDEEL
            and gemeente_code_of(current.code) == gemeente
        )
        return current.code if keep and current is not None else gemeente
    return gemeente
