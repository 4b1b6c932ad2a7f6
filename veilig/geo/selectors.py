"""Selectors for areas: read-only, keyword-only, typed. Views only parse and render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from veilig.geo.models import Area, AreaLevel, Street


@dataclass(frozen=True)
class AreaOption:
    """An area offered in a filter: code, name and the code of its stadsdeel (for wijken)."""

    code: str
    name: str
    stadsdeel_code: str | None = None


@dataclass(frozen=True)
class ExplorerFilterOptions:
    year: int | None  # the year the options belong to: the one asked for, else the newest
    years: list[int]
    stadsdelen: list[AreaOption]
    wijken: list[AreaOption]

    def wijken_in(self, stadsdeel_code: str | None) -> list[AreaOption]:
        """The wijken of one stadsdeel, or all wijken when no stadsdeel is chosen."""
        if not stadsdeel_code:
            return self.wijken
        return [w for w in self.wijken if w.stadsdeel_code == stadsdeel_code]


@dataclass(frozen=True)
class BuurtRow:
    code: str
    name: str
    wijk_code: str | None
    wijk_name: str | None
    stadsdeel_code: str | None
    stadsdeel_name: str | None
    inhabitants: int | None
    households: int | None


@dataclass(frozen=True)
class ExplorerTable:
    year: int | None
    rows: list[BuurtRow] = field(default_factory=list)

    @property
    def total_inhabitants(self) -> int:
        return sum(r.inhabitants for r in self.rows if r.inhabitants is not None)

    @property
    def total_households(self) -> int:
        return sum(r.households for r in self.rows if r.households is not None)

    @property
    def totals_incomplete(self) -> bool:
        """True when a row lacks a figure, so the total counts only the known ones."""
        return any(r.inhabitants is None or r.households is None for r in self.rows)


def area_boundary_years(*, level: AreaLevel = AreaLevel.BUURT) -> list[int]:
    """The boundary years for which areas of ``level`` exist, newest first."""
    years = (
        Area.objects.filter(level=level)
        .order_by("-boundary_year")
        .values_list("boundary_year", flat=True)
        .distinct()
    )
    return list(years)


def _stadsdeel_of(area: Area | None) -> Area | None:
    """The stadsdeel above a wijk; None when the wijk hangs directly under the gemeente."""
    if area is None or area.parent is None:
        return None
    return area.parent if area.parent.level == AreaLevel.STADSDEEL else None


def area_filter_options(*, year: int | None = None) -> ExplorerFilterOptions:
    """Years, stadsdelen and wijken to choose from in the explorer (two queries).

    A year without buurten (or none) falls back to the newest year that has them.
    """
    years = area_boundary_years()
    if year not in years:
        year = years[0] if years else None
    if year is None:
        return ExplorerFilterOptions(year=None, years=years, stadsdelen=[], wijken=[])
    areas = (
        Area.objects.filter(boundary_year=year, level__in=[AreaLevel.STADSDEEL, AreaLevel.WIJK])
        .select_related("parent")
        .only("code", "name", "level", "parent__code", "parent__level")
        .order_by("name", "code")
    )
    stadsdelen: list[AreaOption] = []
    wijken: list[AreaOption] = []
    for area in areas:
        if area.level == AreaLevel.STADSDEEL:
            stadsdelen.append(AreaOption(code=area.code, name=area.name))
        else:
            parent = _stadsdeel_of(area)
            wijken.append(
                AreaOption(
                    code=area.code,
                    name=area.name,
                    stadsdeel_code=parent.code if parent else None,
                )
            )
    return ExplorerFilterOptions(year=year, years=years, stadsdelen=stadsdelen, wijken=wijken)


def _buurten(*, year: int, stadsdeel_code: str | None, wijk_code: str | None) -> QuerySet[Area]:
    queryset = Area.objects.filter(level=AreaLevel.BUURT, boundary_year=year)
    if stadsdeel_code:
        queryset = queryset.filter(
            Q(parent__parent__code=stadsdeel_code) & Q(parent__parent__level=AreaLevel.STADSDEEL)
        )
    if wijk_code:
        queryset = queryset.filter(parent__code=wijk_code, parent__level=AreaLevel.WIJK)
    return queryset


def area_list_for_explorer(
    *,
    stadsdeel_code: str | None = None,
    wijk_code: str | None = None,
    year: int | None = None,
) -> ExplorerTable:
    """The buurten of one boundary year (the newest when not given) with their key figures,
    wijk and stadsdeel, in one query (plus one to find the newest year when needed)."""
    if year is None:
        years = area_boundary_years()
        if not years:
            return ExplorerTable(year=None)
        year = years[0]
    queryset = (
        _buurten(year=year, stadsdeel_code=stadsdeel_code, wijk_code=wijk_code)
        .select_related("parent", "parent__parent")
        .defer("geometry", "parent__geometry", "parent__parent__geometry")
        .order_by("name", "code")
    )
    rows = []
    for buurt in queryset:
        wijk = buurt.parent if buurt.parent and buurt.parent.level == AreaLevel.WIJK else None
        stadsdeel = _stadsdeel_of(wijk)
        rows.append(
            BuurtRow(
                code=buurt.code,
                name=buurt.name,
                wijk_code=wijk.code if wijk else None,
                wijk_name=wijk.name if wijk else None,
                stadsdeel_code=stadsdeel.code if stadsdeel else None,
                stadsdeel_name=stadsdeel.name if stadsdeel else None,
                inhabitants=buurt.inhabitants,
                households=buurt.households,
            )
        )
    return ExplorerTable(year=year, rows=rows)


def _geometry_of(value: Any) -> dict[str, Any] | None:
    """The GeoJSON geometry stored on an area (tolerates a stored Feature)."""
    if not isinstance(value, dict):
        return None
    if value.get("type") == "Feature":
        value = value.get("geometry")
        if not isinstance(value, dict):
            return None
    if value.get("type") not in {"Polygon", "MultiPolygon"}:
        return None
    return value


def area_geojson(
    *,
    level: AreaLevel = AreaLevel.BUURT,
    year: int,
    stadsdeel_code: str | None = None,
    wijk_code: str | None = None,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (WGS84) of the areas of one level and year, in one query.

    Stadsdeel and wijk filters apply to buurten only. Areas without a geometry are left out.
    """
    if level == AreaLevel.BUURT:
        queryset = _buurten(year=year, stadsdeel_code=stadsdeel_code, wijk_code=wijk_code)
    else:
        queryset = Area.objects.filter(level=level, boundary_year=year)
    features = []
    for code, name, inhabitants, households, geometry in queryset.order_by("code").values_list(
        "code", "name", "inhabitants", "households", "geometry"
    ):
        shape = _geometry_of(geometry)
        if shape is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": shape,
                "properties": {
                    "code": code,
                    "name": name,
                    "inhabitants": inhabitants,
                    "households": households,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def area_geometries(*, codes: list[str], year: int) -> dict[str, dict[str, Any]]:
    """The GeoJSON (Multi)Polygon (WGS84) of each of these areas of one boundary year, in one
    query; areas without a geometry are left out."""
    rows = Area.objects.filter(code__in=codes, boundary_year=year).values_list("code", "geometry")
    found = {code: _geometry_of(geometry) for code, geometry in rows}
    return {code: shape for code, shape in found.items() if shape is not None}


def area_names(*, codes: set[str] | list[str]) -> dict[str, str]:
    """The name of each area code (of its newest boundary year), in one query; unknown codes
    are left out. Signals and events keep the codes of their ingest; pages show the names."""
    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    names: dict[str, str] = {}
    rows = Area.objects.filter(code__in=wanted).order_by("code", "boundary_year")
    for code, name in rows.values_list("code", "name"):
        names[code] = name  # the newest year comes last
    return names


def street_layer_version() -> str:
    """Changes whenever the street layer does (rows are only added and removed, never edited:
    a rebuilt demo city gets new ids)."""
    figures = Street.objects.aggregate(count=Count("id"), last=Max("id"))
    return f"{figures['count']}-{figures['last'] or 0}"


def _line_geometry(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict) and value.get("type") in {"LineString", "MultiLineString"}:
        return value
    return None


def street_geojson() -> dict[str, Any]:
    """Every street of the local base layer as a GeoJSON FeatureCollection (WGS84), one query.

    Properties: the name only (the maps label the lines with it)."""
    features = []
    for pk, name, geometry in Street.objects.order_by("name", "pk").values_list(
        "pk", "name", "geometry"
    ):
        shape = _line_geometry(geometry)
        if shape is None:
            continue
        features.append(
            {"type": "Feature", "id": pk, "geometry": shape, "properties": {"name": name}}
        )
    return {"type": "FeatureCollection", "features": features}
