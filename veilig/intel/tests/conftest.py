"""Fixtures of the forecast tests: a city of two 2 x 2 km districts in RD, teams and events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest
from django.core.cache import cache
from django.utils import timezone

from veilig.accounts.models import User
from veilig.events.models import Event, EventSource
from veilig.geo.index import area_index_invalidate
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import rd_to_wgs84
from veilig.signals.models import Team, TeamMembership
from veilig.signals.vocabulary import TeamFunction

YEAR = 2024
# Two districts of 2 x 2 km on the 125 m grid: 16 x 16 = 256 cells each, 7 flagged at 3 %.
CENTRUM_BOX = (233_000.0, 581_000.0, 235_000.0, 583_000.0)
NOORD_BOX = (233_000.0, 583_000.0, 235_000.0, 585_000.0)


def rd_square(box: tuple[float, float, float, float]) -> dict[str, Any]:
    x0, y0, x1, y1 = box
    lon, lat = rd_to_wgs84(np.array([x0, x1, x1, x0, x0]), np.array([y0, y0, y1, y1, y0]))
    return {"type": "Polygon", "coordinates": [[[a, b] for a, b in zip(lon, lat, strict=True)]]}


def build_city(*, district_shapes: bool = True) -> dict[str, Area]:
    """GM9998 -> SD999801 Centrum / SD999802 Noord -> one wijk and one buurt each."""
    out: dict[str, Area] = {}

    def add(code: str, name: str, level: AreaLevel, parent: str | None, **extra: Any) -> None:
        out[code] = Area.objects.create(
            code=code,
            name=name,
            level=level,
            parent=out[parent] if parent else None,
            boundary_year=YEAR,
            **extra,
        )

    add("GM9998", "Proefstad", AreaLevel.GEMEENTE, None)
    for n, (name, box) in enumerate((("Centrum", CENTRUM_BOX), ("Noord", NOORD_BOX)), start=1):
        sd, wk, bu = f"SD99980{n}", f"WK99980{n}", f"BU99980{n}01"
        shape = rd_square(box)
        add(sd, name, AreaLevel.STADSDEEL, "GM9998", geometry=shape if district_shapes else None)
        add(wk, f"{name}-wijk", AreaLevel.WIJK, sd, geometry=shape)
        add(bu, f"{name}-buurt", AreaLevel.BUURT, wk, geometry=shape)
    area_index_invalidate()
    return out


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    cache.clear()
    area_index_invalidate()
    yield
    cache.clear()
    area_index_invalidate()


@pytest.fixture
def city(db: None) -> dict[str, Area]:
    return build_city()


@pytest.fixture
def teams(city: dict[str, Area], carol: User) -> dict[str, Team]:
    centrum = Team.objects.create(name="Wijkteam Centrum", area=city["SD999801"])
    noord = Team.objects.create(name="Wijkteam Noord", area=city["SD999802"])
    TeamMembership.objects.create(team=centrum, user=carol, function=TeamFunction.COMMUNITY_OFFICER)
    return {"centrum": centrum, "noord": noord}


def source() -> EventSource:
    src, _ = EventSource.objects.get_or_create(
        code="test", defaults={"name": "Testbron", "format": "generic"}
    )
    return src


def add_events(
    points: Sequence[tuple[float, float]],
    begins: Sequence[dt.datetime],
    ends: Sequence[dt.datetime | None] | None = None,
    *,
    theme: str = "woninginbraak",
    prefix: str = "e",
) -> list[Event]:
    src = source()
    xs = np.array([p[0] for p in points], dtype=float)
    ys = np.array([p[1] for p in points], dtype=float)
    lon, lat = rd_to_wgs84(xs, ys) if len(points) else (np.array([]), np.array([]))
    start = Event.objects.count()
    rows = [
        Event(
            source=src,
            external_id=f"{prefix}{start + i}",
            theme=theme,
            begin_at=begins[i],
            end_at=ends[i] if ends is not None else None,
            rd_x=float(xs[i]),
            rd_y=float(ys[i]),
            lat=float(lat[i]),
            lon=float(lon[i]),
        )
        for i in range(len(points))
    ]
    return Event.objects.bulk_create(rows)


def synthetic_events(
    *,
    n: int = 600,
    days: int = 730,
    end: dt.date | None = None,
    seed: int = 1,
    theme: str = "woninginbraak",
    box: tuple[float, float, float, float] = (233_000.0, 581_000.0, 235_000.0, 585_000.0),
) -> list[Event]:
    """Events around three stable hotspots plus background, over ``days`` days up to ``end``."""
    rng = np.random.default_rng(seed)
    last = end or timezone.localdate()
    x0, y0, x1, y1 = box
    hot = np.array([[x0 + 500, y0 + 700], [x0 + 1400, y0 + 1500], [x0 + 900, y0 + 3200]])
    which = rng.integers(0, 4, n)
    xs = np.where(
        which < 3, hot[np.minimum(which, 2), 0] + rng.normal(0, 80, n), rng.uniform(x0, x1, n)
    )
    ys = np.where(
        which < 3, hot[np.minimum(which, 2), 1] + rng.normal(0, 80, n), rng.uniform(y0, y1, n)
    )
    xs, ys = np.clip(xs, x0 + 1, x1 - 1), np.clip(ys, y0 + 1, y1 - 1)
    ages = rng.uniform(1, days, n)
    windows = rng.choice([0.0, 0.0, 0.3, 2.0], n)
    base = timezone.make_aware(dt.datetime(last.year, last.month, last.day))
    begins = [base - dt.timedelta(days=float(a)) for a in ages]
    ends: list[dt.datetime | None] = [
        b + dt.timedelta(days=float(w)) if w > 0 else None
        for b, w in zip(begins, windows, strict=True)
    ]
    return add_events(list(zip(xs, ys, strict=True)), begins, ends, theme=theme, prefix=theme[:3])
