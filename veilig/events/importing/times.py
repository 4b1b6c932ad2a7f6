"""Date-time columns in bulk: text cells → naive UTC microseconds → the database's text.

A million-row file has three million date cells; parsing them one by one (``parsing.moment``)
and formatting them again (``isoformat``) was the largest single cost of an import. Here a
whole column is handled with numpy:

- Cells in a canonical ISO form (``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM``, ``YYYY-MM-DD HH:MM:SS``,
  with a space or ``T``) are checked and parsed from their character codes. Every other cell
  (Dutch day-first dates, offsets, fractions, typed spreadsheet cells, an explicit
  ``date_format``) goes through ``parsing.moment`` one by one, so the results are always
  exactly those of ``parsing.moment``.
- Local wall-clock time becomes UTC with the zone's offset per calendar day; only on the days of
  a DST transition is the offset looked up per cell (with ``fold=0``, as ``parsing.moment``).
- Times are int64 microseconds since 1970-01-01 (naive UTC); :data:`NO_TIME` marks an empty cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from veilig.events.importing import parsing

I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

NO_TIME = np.iinfo(np.int64).min
US = 1_000_000
DAY_US = 86_400 * US
_EPOCH = dt.datetime(1970, 1, 1)
_ONE_US = dt.timedelta(microseconds=1)
_MAX_US = (dt.datetime.max - _EPOCH) // _ONE_US
_END_OF_DAY_US = (86_400 - 1) * US  # 23:59:59 after midnight
_TRANSITION = np.iinfo(np.int64).max  # a day whose offset changes: look up per cell
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_DIGITS_DATE = [0, 1, 2, 3, 5, 6, 8, 9]
_DIGITS_CLOCK = [11, 12, 14, 15]
_DIGITS_SECONDS = [17, 18]


def to_us(value: dt.datetime) -> int:
    """A naive UTC datetime as microseconds since 1970."""
    return (value - _EPOCH) // _ONE_US


def iso_local(values: Sequence[str]) -> tuple[I64, Bool, Bool]:
    """(local wall-clock microseconds, parsed, date only) of text cells in a canonical ISO form.

    Cells not in such a form, or with an impossible date or time, or before 1900 (which
    ``parsing.moment`` rejects), are not parsed: the caller reads them one by one.
    """
    n = len(values)
    lengths = np.fromiter(map(len, values), np.int64, n)
    ok = (lengths == 10) | (lengths == 16) | (lengths == 19)
    if not ok.any():
        return np.zeros(n, np.int64), ok, ok
    # Longer cells are cut to 19 characters here; their length already rules them out.
    codes = np.array(values, dtype="<U19").view(np.uint32).reshape(n, 19).astype(np.int64) - 48

    def digits(columns: list[int]) -> Bool:
        part = codes[:, columns]
        return np.all((part >= 0) & (part <= 9), axis=1)  # type: ignore[no-any-return]

    dash, colon = ord("-") - 48, ord(":") - 48
    separator = codes[:, 10] + 48
    ok &= digits(_DIGITS_DATE) & (codes[:, 4] == dash) & (codes[:, 7] == dash)
    clock = (
        ((separator == 32) | (separator == 84)) & digits(_DIGITS_CLOCK) & (codes[:, 13] == colon)
    )
    seconds = digits(_DIGITS_SECONDS) & (codes[:, 16] == colon)
    ok &= (lengths == 10) | ((lengths == 16) & clock) | ((lengths == 19) & clock & seconds)

    def number(first: int, width: int) -> I64:
        result = np.zeros(n, np.int64)
        for column in range(first, first + width):
            result = result * 10 + codes[:, column]
        return result

    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    hour = np.where(lengths >= 16, number(11, 2), 0)
    minute = np.where(lengths >= 16, number(14, 2), 0)
    second = np.where(lengths == 19, number(17, 2), 0)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(month, 1, 12) - 1] + (leap & (month == 2))
    ok &= (year >= 1900) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59)
    year, month, day = np.where(ok, year, 1970), np.where(ok, month, 1), np.where(ok, day, 1)
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]").astype(np.int64) + day - 1
    local = (days * 86_400 + hour * 3_600 + minute * 60 + second) * US
    return local, ok, ok & (lengths == 10)


class LocalZone:
    """Local wall-clock microseconds → UTC in one zone, with the offset cached per day."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._days: dict[int, int] = {}

    def to_utc(self, local: I64) -> I64:
        if not len(local):
            return local.copy()
        unique, inverse = np.unique(local // DAY_US, return_inverse=True)
        offsets = np.fromiter(map(self._day_offset, unique.tolist()), np.int64, len(unique))
        per_cell = offsets[inverse.reshape(-1)]
        transition = per_cell == _TRANSITION
        utc = local - np.where(transition, 0, per_cell)
        for i in np.flatnonzero(transition).tolist():
            moment = _EPOCH + dt.timedelta(microseconds=int(local[i]))
            utc[i] = local[i] - self._offset_us(moment)
        return utc

    def _day_offset(self, day: int) -> int:
        """The day's offset in microseconds, or _TRANSITION when it differs at the start and
        the end of the day (the day of a DST change; no zone changes twice within a day)."""
        offset = self._days.get(day)
        if offset is None:
            start = _EPOCH + dt.timedelta(days=day)
            first = self._offset_us(start)
            last = self._offset_us(start + dt.timedelta(microseconds=DAY_US - 1))
            offset = self._days[day] = first if first == last else _TRANSITION
        return offset

    def _offset_us(self, moment: dt.datetime) -> int:
        offset = self.tz.utcoffset(moment)  # fold=0, exactly as parsing.moment
        return offset // _ONE_US if offset else 0


def moments(
    values: Sequence[Any],
    *,
    zone: LocalZone,
    date_format: str = "",
    end_of_day: bool = False,
    all_text: bool = True,
) -> tuple[I64, Bool]:
    """(naive UTC microseconds, readable) of one column; an empty cell is NO_TIME and readable.

    A cell is unreadable where ``parsing.moment`` raises; the caller then reads the row with the
    row reader, which names the problem.
    """
    n = len(values)
    result = np.full(n, NO_TIME, np.int64)
    readable = np.ones(n, np.bool_)
    done = np.zeros(n, np.bool_)
    if all_text and not date_format:
        local, done, date_only = iso_local(values)
        if end_of_day:
            local = np.where(date_only, local + _END_OF_DAY_US, local)
        if done.any():
            result[done] = zone.to_utc(local[done])
            # Past 9999-12-31 in UTC: parsing.moment raises OverflowError (below, per cell).
            done &= result <= _MAX_US
            result[~done] = NO_TIME
    for i in np.flatnonzero(~done).tolist():
        try:
            value = parsing.moment(
                values[i], tz=zone.tz, date_format=date_format, end_of_day=end_of_day
            )
        except (ValueError, OverflowError):
            readable[i] = False
            continue
        if value is not None:
            result[i] = to_us(value)
    return result, readable


def texts(values: I64, *, suffix: str = "") -> list[str | None]:
    """Naive UTC microseconds as ``datetime.isoformat(" ")`` text plus ``suffix`` (``+00:00``
    for PostgreSQL's COPY); None for NO_TIME. Whole seconds are formatted with numpy."""
    n = len(values)
    if not n:
        return []
    missing = values == NO_TIME
    whole = ~missing & (values % US == 0)
    seconds = np.where(whole, values, 0) // US
    days = seconds // 86_400
    clock = seconds - days * 86_400
    day = days.astype("datetime64[D]")
    year_start = day.astype("datetime64[Y]")
    month_start = day.astype("datetime64[M]")
    fields = (
        (year_start.astype(np.int64) + 1970, 4),
        ((month_start - year_start.astype("datetime64[M]")).astype(np.int64) + 1, 2),
        ((day - month_start.astype("datetime64[D]")).astype(np.int64) + 1, 2),
        (clock // 3_600, 2),
        (clock // 60 % 60, 2),
        (clock % 60, 2),
    )
    width = 19 + len(suffix)
    chars = np.empty((n, width), dtype=np.uint32)
    chars[:, [4, 7]], chars[:, 10], chars[:, [13, 16]] = ord("-"), ord(" "), ord(":")
    for (field, size), start in zip(fields, (0, 5, 8, 11, 14, 17), strict=True):
        for k in range(size):
            chars[:, start + k] = field // 10 ** (size - 1 - k) % 10 + 48
    for k, char in enumerate(suffix):
        chars[:, 19 + k] = ord(char)
    result: list[str | None] = chars.view(f"<U{width}").reshape(n).tolist()
    for i in np.flatnonzero(~whole).tolist():
        value = int(values[i])
        if value == NO_TIME:
            result[i] = None
        else:
            result[i] = (_EPOCH + dt.timedelta(microseconds=value)).isoformat(" ") + suffix
    return result
