"""Date-time columns in bulk give exactly what ``parsing.moment`` gives cell by cell."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from veilig.events.importing import parsing, times

EPOCH = dt.datetime(1970, 1, 1)


def _cell(rng: random.Random) -> str:
    year = rng.choice([1899, 1900, 1999, 2013, 2024, 2100, 9999])
    month, day = rng.randint(0, 13), rng.randint(0, 32)
    hour, minute, second = rng.randint(0, 25), rng.randint(0, 61), rng.randint(0, 61)
    if rng.random() < 0.5:  # around the DST changes of Europe, the UK and the US
        month, day, hour = rng.choice([3, 10, 11]), rng.randint(1, 31), rng.choice([0, 1, 2, 3])
    date = f"{year:04d}-{month:02d}-{day:02d}"
    separator = rng.choice([" ", "T", "x"])
    return rng.choice(
        [
            date,
            f"{date}{separator}{hour:02d}:{minute:02d}",
            f"{date}{separator}{hour:02d}:{minute:02d}:{second:02d}",
            f"{day}-{month}-{year} {hour}:{minute:02d}",
            rng.choice(["", " ", "x", "2024-3-5", " 2024-03-05", "20240305", "2024-03-05 14"]),
            rng.choice(["2024-03-05T14:30:00+01:00", "2024-03-05 14:30:00.5", "2024-03-05Z"]),
        ]
    )


def _expected(cell: str, tz: ZoneInfo, end_of_day: bool) -> object:
    try:
        return parsing.moment(cell, tz=tz, end_of_day=end_of_day)
    except (ValueError, OverflowError):
        return "unreadable"


@pytest.mark.parametrize(
    "zone", ["Europe/Amsterdam", "Europe/London", "America/New_York", "Australia/Lord_Howe"]
)
@pytest.mark.parametrize("end_of_day", [False, True])
def test_bulk_moments_agree_with_parsing_moment(zone: str, end_of_day: bool) -> None:
    rng = random.Random(f"{zone}{end_of_day}")
    cells = [_cell(rng) for _ in range(20_000)]
    tz = ZoneInfo(zone)
    values, readable = times.moments(cells, zone=times.LocalZone(tz), end_of_day=end_of_day)
    got = [
        "unreadable"
        if not ok
        else None
        if value == times.NO_TIME
        else EPOCH + dt.timedelta(microseconds=value)
        for value, ok in zip(values.tolist(), readable.tolist(), strict=True)
    ]
    assert got == [_expected(cell, tz, end_of_day) for cell in cells]
    assert readable.sum() > 5_000


def test_the_dst_gap_and_the_repeated_hour_as_parsing_moment_reads_them() -> None:
    zone = times.LocalZone(ZoneInfo("Europe/Amsterdam"))
    cells = ["2024-03-31 02:30", "2024-10-27 02:30", "2024-10-27 03:30", "2024-07-01"]
    values, readable = times.moments(cells, zone=zone)
    assert readable.all()
    assert times.texts(values) == [
        "2024-03-31 01:30:00",  # in the gap: read as one hour later (fold=0)
        "2024-10-27 00:30:00",  # the repeated hour: the first one (summer time)
        "2024-10-27 02:30:00",
        "2024-06-30 22:00:00",
    ]


def test_texts_are_isoformat_with_the_suffix() -> None:
    rng = np.random.default_rng(3)
    values = rng.integers(-2_208_988_800, 4_102_444_800, 5_000) * times.US
    values[::7] += rng.integers(1, times.US, len(values[::7]))  # some with microseconds
    values[::11] = times.NO_TIME
    for suffix in ("", "+00:00"):
        expected = [
            None
            if v == times.NO_TIME
            else (EPOCH + dt.timedelta(microseconds=v)).isoformat(" ") + suffix
            for v in values.tolist()
        ]
        assert times.texts(values, suffix=suffix) == expected
