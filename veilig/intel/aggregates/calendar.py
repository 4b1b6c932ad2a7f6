"""Days and hours in the city's own time, and the period buckets of the dashboards.

The engine keeps each record's local day as a day number (days since 1970-01-01) and its local
hour. Converting epoch seconds to local time is done for all rows at once: the UTC offsets of
the time zone change only at the DST transitions, so one ``searchsorted`` over the transition
instants gives every row its offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

EPOCH = date(1970, 1, 1)
IntArray = npt.NDArray[np.int64]


class Bucket(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    NONE = "none"  # the whole selection as one bucket


def day_number(value: date) -> int:
    return (value - EPOCH).days


def day_date(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def _offsets(zone: ZoneInfo, first_year: int, last_year: int) -> tuple[IntArray, IntArray]:
    """Instants (epoch seconds) from which each UTC offset (seconds) holds, sorted."""
    instants: list[int] = []
    offsets: list[int] = []
    start = datetime(first_year - 1, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 2, 1, 1, tzinfo=UTC)
    step = timedelta(hours=1)
    moment = start
    previous: timedelta | None = None
    while moment < end:
        offset = moment.astimezone(zone).utcoffset() or timedelta(0)
        if offset != previous:
            instants.append(int(moment.timestamp()))
            offsets.append(int(offset.total_seconds()))
            previous = offset
        # DST moves on whole hours; jump a week when the offset is stable to stay quick.
        probe = moment + timedelta(days=7)
        if probe < end and (probe.astimezone(zone).utcoffset() or timedelta(0)) == offset:
            moment = probe
        else:
            moment += step
    return np.asarray(instants, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


def local_day_and_hour(
    seconds: IntArray, *, zone_name: str
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
    """Local day numbers and hours (0–23) of epoch seconds."""
    if seconds.size == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int8)
    first = datetime.fromtimestamp(int(seconds.min()), tz=UTC).year
    last = datetime.fromtimestamp(int(seconds.max()), tz=UTC).year
    instants, offsets = _offsets(ZoneInfo(zone_name), first, last)
    at = np.searchsorted(instants, seconds, side="right") - 1
    local = seconds + offsets[np.clip(at, 0, len(offsets) - 1)]
    days = np.floor_divide(local, 86_400)
    hours = np.floor_divide(local - days * 86_400, 3_600)
    return days.astype(np.int32), hours.astype(np.int8)


def weekday_of(days: npt.NDArray[np.int32]) -> npt.NDArray[np.int64]:
    """Monday 0 … Sunday 6 (1970-01-01 was a Thursday)."""
    return np.asarray((days.astype(np.int64) + 3) % 7)


@dataclass(frozen=True)
class Buckets:
    """The buckets of a period: their start dates and, per day of the period, its bucket."""

    kind: Bucket
    starts: list[date]
    first_day: int  # day number of the period's first day
    index: npt.NDArray[np.int32]  # index[day - first_day] = bucket of that day


def bucket_start(value: date, kind: Bucket) -> date:
    if kind is Bucket.DAY:
        return value
    if kind is Bucket.WEEK:
        return value - timedelta(days=value.weekday())
    if kind is Bucket.MONTH:
        return value.replace(day=1)
    if kind is Bucket.QUARTER:
        return date(value.year, 3 * ((value.month - 1) // 3) + 1, 1)
    return date(value.year, 1, 1)


def next_start(value: date, kind: Bucket) -> date:
    if kind is Bucket.DAY:
        return value + timedelta(days=1)
    if kind is Bucket.WEEK:
        return value + timedelta(days=7)
    months = {Bucket.MONTH: 1, Bucket.QUARTER: 3, Bucket.YEAR: 12}[kind]
    total = value.year * 12 + value.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def buckets_for(*, day_from: date, day_to: date, kind: Bucket) -> Buckets:
    """Buckets covering [day_from, day_to); the first and last may be partial."""
    first, last = day_number(day_from), day_number(day_to)
    if kind is Bucket.NONE or last <= first:
        return Buckets(kind, [day_from], first, np.zeros(max(last - first, 0), dtype=np.int32))
    starts: list[date] = []
    bounds: list[int] = []
    start = bucket_start(day_from, kind)
    while start < day_to:
        starts.append(max(start, day_from))
        bounds.append(max(day_number(start), first))
        start = next_start(start, kind)
    offsets = np.arange(first, last, dtype=np.int64)
    index = np.searchsorted(np.asarray(bounds, dtype=np.int64), offsets, side="right") - 1
    return Buckets(kind, starts, first, index.astype(np.int32))
