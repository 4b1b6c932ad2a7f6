"""A tiny synthetic city for view and browser tests: 1 gemeente, 2 stadsdelen, 3 wijken,
5 buurten with small square polygons (WGS84) near 53.2 N, 6.56 E."""

from __future__ import annotations

from veilig.geo.models import Area, AreaLevel

YEAR = 2024


def square(lon: float, lat: float, size: float = 0.004) -> dict[str, object]:
    ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def build_small_city(year: int = YEAR) -> dict[str, Area]:
    areas: dict[str, Area] = {}

    def add(code: str, name: str, level: AreaLevel, parent: str | None, **extra: object) -> None:
        areas[code] = Area.objects.create(
            code=code,
            name=name,
            level=level,
            parent=areas[parent] if parent else None,
            boundary_year=year,
            **extra,
        )

    add("GM9999", "Voorbeeldstad", AreaLevel.GEMEENTE, None)
    add("SD999901", "Centrum", AreaLevel.STADSDEEL, "GM9999")
    add("SD999902", "Noord", AreaLevel.STADSDEEL, "GM9999")
    add("WK999901", "Binnenstad", AreaLevel.WIJK, "SD999901")
    add("WK999902", "Oude Wijken", AreaLevel.WIJK, "SD999901")
    add("WK999903", "Noorderhaven", AreaLevel.WIJK, "SD999902")
    buurten = [
        ("BU99990101", "Grote Markt", "WK999901", 1200, 800, (6.560, 53.215)),
        ("BU99990102", "Kerkbuurt", "WK999901", 950, 610, (6.565, 53.215)),
        ("BU99990201", "Schildersbuurt", "WK999902", 3100, 1500, (6.570, 53.215)),
        ("BU99990301", "Havenkwartier", "WK999903", 2200, 1050, (6.560, 53.225)),
        ("BU99990302", "Dijkzicht", "WK999903", None, None, (6.565, 53.225)),
    ]
    for code, name, wijk, inhabitants, households, (lon, lat) in buurten:
        add(
            code,
            name,
            AreaLevel.BUURT,
            wijk,
            inhabitants=inhabitants,
            households=households,
            geometry=square(lon, lat),
        )
    return areas
