"""Cell values to Python values: text, numbers and date-times (plain functions, no database).

Each parser returns ``None`` for an empty cell and raises ``ValueError`` for a value it cannot
read; the readers turn that into the "unparseable ..." reasons.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any
from zoneinfo import ZoneInfo

_DMY = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$"
)
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Excel serial numbers between 1927 and 2119: anything else is not a date.
_EXCEL_MIN, _EXCEL_MAX = 10_000.0, 80_000.0
END_OF_DAY = dt.time(23, 59, 59)


def text(value: Any) -> str:
    """A cell as stripped text; whole floats lose their '.0' (spreadsheets store ids as floats)."""
    if value.__class__ is str:
        return value.strip()  # type: ignore[no-any-return]
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def number(value: Any) -> float | None:
    """A coordinate: float cells as they are; text with a decimal point or a Dutch comma."""
    if value.__class__ is str:
        try:
            result = float(value)
        except ValueError:
            pass
        else:
            if not math.isfinite(result):
                raise ValueError("not a finite number")
            return result
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int | float):
        result = float(value)
    else:
        raw = str(value).strip()
        if not raw:
            return None
        if "," in raw and "." not in raw:
            raw = raw.replace(",", ".")
        result = float(raw)
    if not math.isfinite(result):
        raise ValueError("not a finite number")
    return result


def moment(
    value: Any,
    *,
    tz: ZoneInfo,
    date_format: str = "",
    end_of_day: bool = False,
) -> dt.datetime | None:
    """A date-time as a naive UTC datetime (what the database stores). Naive input values are
    local time in ``tz``; aware ones keep their offset.

    Accepts datetime/date cells, Excel serial numbers, ISO 8601 (``2024-03-05``,
    ``2024-03-05 14:30``, ``2024-03-05T14:30:00+01:00``), Dutch day-first dates
    (``5-3-2024 14:30``, ``05/03/2024``) and an explicit ``date_format`` (strptime).
    A date without a time means midnight, or 23:59:59 when ``end_of_day`` (for an end).
    """
    if value.__class__ is str and not date_format:
        # The fast path for ISO text (a million rows go through here).
        try:
            parsed = _fromisoformat(value)
        except ValueError:
            pass
        else:
            if end_of_day and len(value) in (8, 10):  # a date without a time
                parsed = _combine(parsed.date(), END_OF_DAY)
            return _utc(parsed, tz)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _utc(value, tz)
    if isinstance(value, dt.date):
        return _utc(_combine(value, END_OF_DAY if end_of_day else dt.time()), tz)
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = float(value)
        if not _EXCEL_MIN <= serial <= _EXCEL_MAX:
            raise ValueError("number out of the range of dates")
        return _utc(_EXCEL_EPOCH + dt.timedelta(days=serial), tz)
    raw = str(value).strip()
    if not raw:
        return None
    if date_format:
        parsed = dt.datetime.strptime(raw, date_format)
        if end_of_day and not any(code in date_format for code in ("%H", "%I", "%M")):
            parsed = _combine(parsed.date(), END_OF_DAY)
        return _utc(parsed, tz)
    try:
        parsed = _fromisoformat(raw)
    except ValueError:
        pass
    else:
        if end_of_day and len(raw) in (8, 10):
            parsed = _combine(parsed.date(), END_OF_DAY)
        return _utc(parsed, tz)
    match = _DMY.match(raw)
    if match:
        day, month, year, hour, minute, second, fraction = match.groups()
        if hour is None:
            clock = END_OF_DAY if end_of_day else dt.time()
            return _utc(_combine(dt.date(int(year), int(month), int(day)), clock), tz)
        micro = int((fraction or "0").ljust(6, "0"))
        return _utc(
            dt.datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro
            ),
            tz,
        )
    raise ValueError(f"unparseable date: {raw!r}")


_fromisoformat = dt.datetime.fromisoformat
_combine = dt.datetime.combine


def month_window(value: Any, *, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """``YYYY-MM`` to (the first of the month 00:00, the last day 23:59:59) local time in
    ``tz``, as naive UTC datetimes."""
    match = _YEAR_MONTH.match(text(value))
    if not match:
        raise ValueError(f"not a month: {value!r}")
    year, month = int(match.group(1)), int(match.group(2))
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return (
        _utc(_combine(first, dt.time()), tz),
        _utc(_combine(last, END_OF_DAY), tz),
    )


def _utc(value: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Naive UTC. ``tz.utcoffset`` of a naive local time is a cached lookup: several times
    faster than attaching the zone and converting."""
    if value.year < 1900:
        raise ValueError("year before 1900")
    if value.tzinfo is None:
        offset = tz.utcoffset(value)
        return value - offset if offset else value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A naive UTC datetime from :func:`moment` as an aware one."""
    return value.replace(tzinfo=dt.UTC) if value is not None else None
