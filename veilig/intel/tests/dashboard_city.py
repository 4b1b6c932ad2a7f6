"""A small synthetic city for the dashboard tests, and the figures worked out by hand.

``build_city`` (two districts, one wijk and one buurt each) plus a second buurt per wijk and
CBS-like inhabitants and households, and burglaries every month of 2025 and 2026 up to
November, some of them at half past midnight local time on the first of the month (the evening
before in UTC) so that a count in UTC would be wrong. One buurt has fewer than five per month:
a policy officer sees it suppressed. ``expected_rows`` recounts any view in plain Python from
the rows created, independently of the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from veilig.events.models import Event
from veilig.geo.index import area_index_invalidate
from veilig.geo.models import Area, AreaLevel
from veilig.intel.tests.conftest import YEAR, build_city, rd_square, source

AMS = ZoneInfo("Europe/Amsterdam")
CITY = "GM9998"
# buurt: (wijk, name, box, inhabitants, households, base count per month)
BUURTEN = {
    "BU99980101": ("WK999801", "Centrum-buurt", None, 900, 400, 8),
    "BU99980102": (
        "WK999801",
        "Centrum-west",
        (232_000.0, 581_000.0, 233_000.0, 583_000.0),
        700,
        300,
        6,
    ),
    "BU99980301": (
        "WK999803",
        "Oost-buurt",
        (235_000.0, 581_000.0, 236_000.0, 583_000.0),
        500,
        250,
        1,
    ),
    "BU99980201": ("WK999802", "Noord-buurt", None, 1300, 600, 12),
    "BU99980202": (
        "WK999802",
        "Noord-west",
        (232_000.0, 583_000.0, 233_000.0, 585_000.0),
        300,
        150,
        5,
    ),
}
OTHER_HIC = ("geweld", "straatroof", "overval")
# A second wijk of Centrum with 1 to 5 a month, mostly fewer than 5: suppressed for policy
# officers (who see down to wijken), and so is one more cell that would give it away.
SMALL_WIJK = "WK999803"
SMALL_BUURT = "BU99980301"
MONTHS = [(y, m) for y in (2025, 2026) for m in range(1, 13) if (y, m) <= (2026, 11)]


@dataclass(frozen=True)
class ExpectedRow:
    code: str
    count: int
    previous: int
    rate: float | None
    change: float | None


def dashboard_city() -> dict[str, Area]:
    """The city of ``build_city`` with four buurten and their inhabitants and households."""
    city = build_city()
    oost = rd_square(BUURTEN[SMALL_BUURT][2] or (0.0, 0.0, 0.0, 0.0))
    city[SMALL_WIJK] = Area.objects.create(
        code=SMALL_WIJK, name="Centrum-oost", level=AreaLevel.WIJK, parent=city["SD999801"],
        boundary_year=YEAR, geometry=oost,
    )  # fmt: skip
    for code, (wijk, name, box, _people, _homes, _base) in BUURTEN.items():
        if code not in city:
            city[code] = Area.objects.create(
                code=code, name=name, level=AreaLevel.BUURT, parent=city[wijk],
                boundary_year=YEAR, geometry=rd_square(box) if box else None,
            )  # fmt: skip
    for code, (_wijk, _name, _box, people, homes, _base) in BUURTEN.items():
        Area.objects.filter(code=code).update(inhabitants=people, households=homes)
    # Wijken and the gemeente have their own figures; stadsdelen have none (summed by the page).
    for wijk in ("WK999801", "WK999802", SMALL_WIJK):
        parts = [v for v in BUURTEN.values() if v[0] == wijk]
        Area.objects.filter(code=wijk).update(
            inhabitants=sum(p[3] for p in parts), households=sum(p[4] for p in parts)
        )
    Area.objects.filter(code=CITY).update(
        inhabitants=sum(p[3] for p in BUURTEN.values()),
        households=sum(p[4] for p in BUURTEN.values()),
    )
    area_index_invalidate()
    return {a.code: a for a in Area.objects.all()}


def dashboard_events() -> list[Event]:
    """Burglaries in every buurt and month (and a few rows that must not count)."""
    src = source()
    rows: list[Event] = []

    def add(buurt: str, when: dt.datetime, theme: str = "woninginbraak") -> None:
        rows.append(
            Event(
                source=src,
                external_id=f"d{len(rows)}",
                theme=theme,
                begin_at=when,
                rd_x=0,
                rd_y=0,
                lat=0,
                lon=0,
                buurt_code=buurt,
            )
        )

    for index, (year, month) in enumerate(MONTHS):
        for b, (code, (*_rest, base)) in enumerate(BUURTEN.items()):
            count = base + (index + b) % 5
            for i in range(count):
                if i == 0:  # 00:30 local on the 1st: still the previous month in UTC
                    when = dt.datetime(year, month, 1, 0, 30, tzinfo=AMS)
                else:
                    day, hour = 1 + (i * 3 + index) % 28, (i * 7 + b) % 24
                    when = dt.datetime(year, month, day, hour, 15, tzinfo=AMS)
                add(code, when)
            # The other high-impact themes share burglary's protected cube: enough of each that
            # only burglary's small buurt needs protecting (a zero is a small cell too).
            for t, theme in enumerate(OTHER_HIC):
                for i in range(6 + (index + t) % 3):
                    add(code, dt.datetime(year, month, 2 + i, 12, tzinfo=AMS), theme=theme)
        # A row outside every buurt: it does not count.
        add("", dt.datetime(year, month, 10, 12, tzinfo=AMS))
    return Event.objects.bulk_create(rows)


# --- the figures by hand ---------------------------------------------------------------------


def _span(period: str, at: str) -> tuple[dt.date, dt.date]:
    """First day and the day after the last of a month ``2026-10``, quarter ``2026-Q3`` or
    year ``2025``."""
    if period == "year":
        year = int(at)
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if period == "quarter":
        year, q = int(at[:4]), int(at[-1])
        first = dt.date(year, 3 * q - 2, 1)
        months = 3
    else:
        year, month = int(at[:4]), int(at[5:7])
        first, months = dt.date(year, month, 1), 1
    end_month = first.month + months
    after = dt.date(first.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return first, after


def _year_earlier(at: str) -> str:
    return f"{int(at[:4]) - 1}{at[4:]}"


def _descendants(code: str, parents: dict[str, str | None]) -> set[str]:
    found = {code}
    changed = True
    while changed:
        more = {c for c, p in parents.items() if p in found and c not in found}
        found |= more
        changed = bool(more)
    return found


def _population(code: str, areas: list[Area], per_households: bool) -> int | None:
    by_code = {a.code: a for a in areas}
    own = by_code[code].households if per_households else by_code[code].inhabitants
    if own is not None:
        return own
    parts = [
        _population(a.code, areas, per_households) for a in areas if a.parent_id == by_code[code].pk
    ]
    return sum(p for p in parts if p is not None) if parts and None not in parts else None


def expected_rows(
    *, level: str, area: str, period: str, at: str, theme: str = "woninginbraak"
) -> list[ExpectedRow]:
    """The rows of a view, the area itself first, counted from the Event rows in local time."""
    areas = list(Area.objects.all())
    code_of = {a.pk: a.code for a in areas}
    parents = {a.code: code_of.get(a.parent_id) if a.parent_id else None for a in areas}
    inside = _descendants(area, parents)
    codes = [area, *sorted(a.code for a in areas if a.level == level and a.code in inside)]
    events = [
        (e.buurt_code, e.begin_at.astimezone(AMS).date()) for e in Event.objects.filter(theme=theme)
    ]

    def count(code: str, at_: str) -> int:
        first, after = _span(period, at_)
        under = _descendants(code, parents)
        return sum(1 for buurt, day in events if buurt in under and first <= day < after)

    out = []
    for code in codes:
        now, before = count(code, at), count(code, _year_earlier(at))
        people = _population(code, areas, per_households=theme == "woninginbraak")
        out.append(
            ExpectedRow(
                code,
                now,
                before,
                1000.0 * now / people if people else None,
                100.0 * (now - before) / before if before else None,
            )
        )
    return out
