"""When synthetic events happen: an hourly grid over the history and rhythms on top of it.

Every hour of the history (in UTC, so daylight saving time is handled once, here) knows its
local hour, weekday, day of the year and whether it is dark in Voorbeeldstad. A theme's rhythm
(:class:`Rhythm`) weighs each hour by time of day, weekday, season, darkness, trend and New
Year's Eve; drawing times is one weighted choice over the grid plus a uniform second within
the hour. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

TZ = ZoneInfo("Europe/Amsterdam")
LATITUDE = 52.47  # Voorbeeldstad (see constants.CENTRE_RD)
LONGITUDE = 5.63
HOUR = 3600
DAY = 86_400

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class HourGrid:
    """One row per hour of the history: its UTC start and its local circumstances."""

    start: int  # seconds since the epoch (UTC) of the first hour
    utc: IntArray  # start of each hour, seconds since the epoch
    local_hour: IntArray  # 0-23
    weekday: IntArray  # 0 = Monday; hours before 06:00 count as the previous day (nights)
    day_of_year: IntArray  # 1-366 (local)
    years: FloatArray  # years since the start
    dark: npt.NDArray[np.bool_]  # the sun is more than a little below the horizon
    new_year: npt.NDArray[np.bool_]  # 31 December 18:00 - 1 January 04:00 (fireworks)

    def __len__(self) -> int:
        return len(self.utc)

    def position(self, seconds: IntArray) -> IntArray:
        """The grid row of each moment (clipped to the grid)."""
        rows = (np.asarray(seconds, dtype=np.int64) - self.start) // HOUR
        return np.clip(rows, 0, len(self.utc) - 1)


def hour_grid(*, start: dt.datetime, end: dt.datetime) -> HourGrid:
    """Every whole UTC hour from ``start`` up to ``end`` (both aware datetimes)."""
    first = int(start.timestamp()) // HOUR * HOUR
    utc = np.arange(first, int(end.timestamp()), HOUR, dtype=np.int64)
    # The offset from UTC changes only twice a year: look it up per day, fix the switch days.
    days = np.arange(utc[0] // DAY, utc[-1] // DAY + 2, dtype=np.int64) if len(utc) else utc
    offsets = np.array(
        [_offset_seconds(int(d) * DAY + h * HOUR) for d in days for h in (0, 12)],
        dtype=np.int64,
    ).reshape(-1, 2)
    day_row = utc // DAY - (days[0] if len(days) else 0)
    # Switches happen at 01:00 UTC: before noon the day's first offset may still hold.
    switch_day = offsets[day_row, 0] != offsets[day_row, 1]
    exact = np.array([_offset_seconds(int(s)) for s in utc[switch_day]], dtype=np.int64)
    offset = offsets[day_row, 1].copy()
    offset[switch_day] = exact
    local = utc + offset
    local_day = local // DAY
    hour = (local % DAY) // HOUR
    night_day = local_day - (hour < 6)
    weekday = (night_day + 3) % 7  # 1970-01-01 was a Thursday
    dates = _day_of_year(local_day)
    return HourGrid(
        start=first,
        utc=utc,
        local_hour=hour,
        weekday=weekday,
        day_of_year=dates[0],
        years=(utc - first) / (365.25 * DAY),
        dark=_dark(utc, dates[0]),
        new_year=((dates[1] == 12) & (dates[2] == 31) & (hour >= 18))
        | ((dates[1] == 1) & (dates[2] == 1) & (hour < 4)),
    )


def _offset_seconds(seconds: int) -> int:
    moment = dt.datetime.fromtimestamp(seconds, TZ)
    offset = moment.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _day_of_year(epoch_days: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Day of the year, month and day of the month of days since the epoch (vectorised)."""
    as_dates = epoch_days.astype("datetime64[D]")
    years = as_dates.astype("datetime64[Y]")
    months = as_dates.astype("datetime64[M]")
    day_of_year = (as_dates - years).astype(np.int64) + 1
    month = months.astype(np.int64) % 12 + 1
    day = (as_dates - months).astype(np.int64) + 1
    return day_of_year, month, day


def _dark(utc: IntArray, day_of_year: IntArray) -> npt.NDArray[np.bool_]:
    """Between civil dusk and dawn at the city's latitude (a textbook approximation)."""
    declination = np.radians(23.44) * np.sin(2 * math.pi * (day_of_year - 81) / 365.0)
    latitude = math.radians(LATITUDE)
    altitude = math.radians(-6.0)  # civil twilight
    cos_h = (math.sin(altitude) - math.sin(latitude) * np.sin(declination)) / (
        math.cos(latitude) * np.cos(declination)
    )
    half_day_hours = np.degrees(np.arccos(np.clip(cos_h, -1, 1))) / 15.0
    noon_utc = 12.0 - LONGITUDE / 15.0
    hour_utc = (utc % DAY) / HOUR + 0.5
    dark: npt.NDArray[np.bool_] = np.abs(hour_utc - noon_utc) > half_day_hours
    return dark


@dataclass(frozen=True)
class Rhythm:
    """How a theme's events spread over time. Weights are relative; they need not sum to 1."""

    hours: tuple[float, ...]  # 24 weights by local hour
    # Monday first; hours before 06:00 count as the day before (a Friday night is a Friday).
    weekdays: tuple[float, ...] = (1, 1, 1, 1, 1, 1, 1)
    season_peak_day: int = 1  # day of the year with the most events
    season_amplitude: float = 0.0  # 0.3: the peak is 1.3 x the mean, the trough 0.7 x
    dark_boost: float = 0.0  # 0.8: an hour in the dark weighs 1.8 x
    trend_per_year: float = 0.0  # -0.05: 5 % fewer a year
    new_year_boost: float = 0.0  # 5: the night of New Year's Eve weighs 6 x

    def weights(self, grid: HourGrid) -> FloatArray:
        hours = np.asarray(self.hours, dtype=float)[grid.local_hour]
        weekdays = np.asarray(self.weekdays, dtype=float)[grid.weekday]
        season = 1.0 + self.season_amplitude * np.cos(
            2 * math.pi * (grid.day_of_year - self.season_peak_day) / 365.25
        )
        weight = hours * weekdays * season * np.exp(self.trend_per_year * grid.years)
        weight = weight * (1.0 + self.dark_boost * grid.dark)
        found: FloatArray = weight * (1.0 + self.new_year_boost * grid.new_year)
        return found


def times_draw(*, rng: np.random.Generator, grid: HourGrid, rhythm: Rhythm, count: int) -> IntArray:
    """``count`` moments (seconds since the epoch, UTC) drawn from ``rhythm`` over the grid."""
    weights = rhythm.weights(grid)
    cumulative = np.cumsum(weights)
    rows = np.searchsorted(cumulative, rng.random(count) * cumulative[-1], side="right")
    rows = np.minimum(rows, len(grid) - 1)
    found: IntArray = grid.utc[rows] + rng.integers(0, HOUR, count)
    return found


def hour_draw(*, rng: np.random.Generator, rhythm: Rhythm, count: int) -> IntArray:
    """``count`` local hours of the day drawn from the rhythm's hourly weights only."""
    weights = np.asarray(rhythm.hours, dtype=float)
    return rng.choice(24, size=count, p=weights / weights.sum()).astype(np.int64)


# --- Rhythms shared by several themes ----------------------------------------------------------

# fmt: off
# Burglary: while people are out (day) and after dark in the early evening.
BURGLARY_HOURS = (2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 6, 7, 8, 7, 6, 5, 4, 3)
# Youth nuisance: late afternoon into the night.
EVENING_HOURS = (
    4, 3, 2, 1, 0.5, 0.3, 0.3, 0.5, 1, 1, 1, 1.5,
    2, 2.5, 3, 4, 5, 6, 7, 8, 9, 9, 8, 6,
)
# Night life: violence, public drunkenness, horeca.
NIGHT_HOURS = (
    8, 9, 8, 6, 3, 1, 0.5, 0.5, 0.5, 0.5, 1, 1,
    1.5, 1.5, 1.5, 2, 2, 2.5, 3, 3.5, 4, 5, 6, 7,
)
# Shops and day time.
DAY_HOURS = (
    0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 2, 4, 6, 7,
    7, 7, 7, 7, 7, 6, 4, 3, 2, 1, 0.6, 0.4,
)
# Confused behaviour: all day and night, more in the afternoon and evening.
CONFUSED_HOURS = (
    3, 2.5, 2, 1.5, 1.2, 1, 1, 1.5, 2, 3, 3.5, 4,
    4, 4.5, 5, 5, 5.5, 6, 6, 6, 5.5, 5, 4.5, 4,
)
# General street nuisance and damage: day and evening.
STREET_HOURS = (
    3, 2, 1.5, 1, 0.7, 0.5, 0.7, 1.5, 2.5, 3, 3.5, 4,
    4, 4, 4.5, 5, 5.5, 6, 6, 6, 6, 5.5, 5, 4,
)
# Robberies of shops: around closing time and the early evening.
CLOSING_HOURS = (
    1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 1, 1.5, 2, 2,
    2, 2, 2, 2.5, 3, 4, 5, 5.5, 5, 4, 3, 2,
)
WEEKEND = (1.0, 0.95, 0.95, 1.0, 1.2, 1.45, 1.25)
NIGHTLIFE_WEEK = (0.5, 0.5, 0.6, 0.9, 1.6, 2.4, 1.2)
SHOP_WEEK = (1.0, 1.0, 1.0, 1.05, 1.2, 1.5, 0.5)
# fmt: on
