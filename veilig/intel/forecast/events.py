"""Events for forecasting: reading a CSV, parsing times, and the aoristic time model.

Time is a float number of days since 1970-01-01 00:00 in the data's own (naive, local) clock.
Date-only values mean midnight at the start of that day.

Aoristic events (a begin and an end time, e.g. a bicycle parked on Monday and found gone on
Wednesday) are handled as follows:

* ``t_ref`` -- the event's reference time -- is the midpoint of the reported window. It decides
  whether an event is a *test* event of a forecast window ``[origin, origin + horizon)``.
* ``t_known`` is the reported end of the window: the event is complete (and can have been reported)
  only then, so it may be used for *training* at an origin only when ``t_known < origin``.
  A test event (``t_ref >= origin``) therefore can never be a training event of the same origin.
* For training, the event's unit weight is spread uniformly over the window, capped at
  ``max_window_days`` (14 by default) around the midpoint: longer windows say little about when
  the theft happened and would otherwise smear one event over months.
* A window whose end lies before its begin is treated as a point event at the begin time
  (counted in :attr:`LoadReport.swapped`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

EPOCH = datetime(1970, 1, 1)
DEFAULT_MAX_WINDOW_DAYS = 14.0


class EventDataError(ValueError):
    """The input file or its columns cannot be used (the CLI turns this into exit code 2)."""


# --- time parsing ---------------------------------------------------------------------------

_DAYFIRST = re.compile(
    r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?$"
)
_US_AMPM = re.compile(
    r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"
    r"(?: (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)? ?(?P<ampm>[AaPp][Mm])$"
)
_YEARFIRST_SLASH = re.compile(
    r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)


def _days(dt: datetime) -> float:
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return (dt - EPOCH).total_seconds() / 86400.0


@lru_cache(maxsize=200_000)
def parse_time(text: str) -> float | None:
    """Days since 1970-01-01 for a date or date-time string, or None when it cannot be read.

    Accepted: ISO 8601 (``2016-03-01``, ``2016-03-01T14:30``, ``2016-03-01 14:30:00``, with an
    offset converted to UTC), Dutch day-first (``01-03-2016 14:30``, ``1/3/2016``, ``01.03.2016``),
    ``2016/03/01 14:30`` and the US form with AM/PM (``03/01/2016 02:30:00 PM``). Slash dates
    without AM/PM are read day-first, as Dutch exports write them.
    """
    s = text.strip()
    if not s:
        return None
    try:
        return _days(datetime.fromisoformat(s.replace("Z", "+00:00")))
    except ValueError:
        pass
    m = _US_AMPM.match(s)
    if m:
        hour = int(m["H"] or 0)
        if not 1 <= hour <= 12 and m["H"] is not None:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
        return _build(m["y"], m["m"], m["d"], str(hour), m["M"], m["S"])
    m = _DAYFIRST.match(s) or _YEARFIRST_SLASH.match(s)
    if m:
        return _build(m["y"], m["m"], m["d"], m["H"], m["M"], m["S"])
    return None


def _build(y: str, mo: str, d: str, hh: str | None, mm: str | None, ss: str | None) -> float | None:
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    return _days(dt)


def parse_date(text: str) -> float:
    """A ``YYYY-MM-DD`` date as days since the epoch (midnight); ValueError otherwise."""
    try:
        dt = datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError as exc:
        raise ValueError(f"not a date in the form YYYY-MM-DD: {text!r}") from exc
    return _days(dt)


def format_day(days: float) -> str:
    return datetime.fromtimestamp(days * 86400.0, UTC).strftime("%Y-%m-%d")


def parse_float(text: str) -> float | None:
    s = text.strip().replace(" ", "")
    if not s:
        return None
    if "," in s and "." not in s:  # Dutch decimal comma
        s = s.replace(",", ".")
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


# --- the event set ------------------------------------------------------------------------


@dataclass(frozen=True)
class Events:
    """Events with projected coordinates and the aoristic time model (see module docstring)."""

    x: FloatArray
    y: FloatArray
    t_ref: FloatArray
    t_from: FloatArray
    t_to: FloatArray
    t_known: FloatArray

    def __len__(self) -> int:
        return int(self.x.shape[0])

    def subset(self, keep: npt.NDArray[np.bool_] | IntArray) -> Events:
        return Events(
            self.x[keep],
            self.y[keep],
            self.t_ref[keep],
            self.t_from[keep],
            self.t_to[keep],
            self.t_known[keep],
        )


def make_events(
    x: Sequence[float] | FloatArray,
    y: Sequence[float] | FloatArray,
    t_begin: Sequence[float] | FloatArray,
    t_end: Sequence[float] | FloatArray | None = None,
    *,
    max_window_days: float = DEFAULT_MAX_WINDOW_DAYS,
) -> Events:
    """Build :class:`Events` from begin (and optional end) times in days."""
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    b = np.asarray(t_begin, dtype=np.float64)
    e = b.copy() if t_end is None else np.asarray(t_end, dtype=np.float64)
    if not (xa.shape == ya.shape == b.shape == e.shape):
        raise ValueError("x, y and times must have the same length")
    e = np.where(np.isfinite(e) & (e >= b), e, b)
    mid = (b + e) / 2.0
    half = np.minimum(e - b, max_window_days) / 2.0
    return Events(xa, ya, mid, mid - half, mid + half, e)


@dataclass
class LoadReport:
    rows: int = 0
    kept: int = 0
    bad_time: int = 0
    bad_coords: int = 0
    bad_end_time: int = 0
    filtered_out: int = 0
    swapped: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def dropped(self) -> int:
        return self.bad_time + self.bad_coords


def _open_text(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise EventDataError(f"cannot decode {path}")  # pragma: no cover - latin-1 always decodes


def read_events_csv(
    path: str | Path,
    *,
    x_col: str,
    y_col: str,
    time_col: str,
    time_end_col: str | None = None,
    filters: Iterable[tuple[str, str]] = (),
    max_window_days: float = DEFAULT_MAX_WINDOW_DAYS,
) -> tuple[Events, LoadReport]:
    """Read events from a CSV (comma, semicolon or tab separated; header row required).

    Rows whose time or coordinates cannot be read are dropped and counted in the report; an
    unreadable end time falls back to the begin time (counted as ``bad_end_time``).
    """
    p = Path(path)
    if not p.is_file():
        raise EventDataError(f"events file not found: {p}")
    text = _open_text(p)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise EventDataError(f"events file is empty: {p}") from exc
    filters = list(filters)
    wanted = [x_col, y_col, time_col, *([time_end_col] if time_end_col else [])]
    wanted += [c for c, _ in filters]
    missing = [c for c in wanted if c not in header]
    if missing:
        raise EventDataError(
            f"column(s) not in {p.name}: {', '.join(missing)}; available: {', '.join(header)}"
        )
    ix, iy, it = header.index(x_col), header.index(y_col), header.index(time_col)
    ie = header.index(time_end_col) if time_end_col else None
    ifilters = [(header.index(c), v) for c, v in filters]
    rep = LoadReport()
    xs: list[float] = []
    ys: list[float] = []
    tb: list[float] = []
    te: list[float] = []
    width = len(header)
    for row in reader:
        if not row or all(not c.strip() for c in row):
            continue
        rep.rows += 1
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if any(row[i].strip() != v for i, v in ifilters):
            rep.filtered_out += 1
            continue
        t0 = parse_time(row[it])
        if t0 is None:
            rep.bad_time += 1
            if len(rep.examples) < 5:
                rep.examples.append(f"row {rep.rows + 1}: time {row[it]!r}")
            continue
        xv, yv = parse_float(row[ix]), parse_float(row[iy])
        if xv is None or yv is None:
            rep.bad_coords += 1
            if len(rep.examples) < 5:
                rep.examples.append(f"row {rep.rows + 1}: coordinates {row[ix]!r}, {row[iy]!r}")
            continue
        t1 = t0
        if ie is not None:
            parsed = parse_time(row[ie])
            if parsed is None:
                if row[ie].strip():
                    rep.bad_end_time += 1
            elif parsed < t0:
                rep.swapped += 1
            else:
                t1 = parsed
        xs.append(xv)
        ys.append(yv)
        tb.append(t0)
        te.append(t1)
    rep.kept = len(xs)
    return make_events(xs, ys, tb, te, max_window_days=max_window_days), rep


# --- aoristic pieces ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pieces:
    """Each event split into day-sized pieces: (event, time of the piece's centre, weight).

    Weights of one event sum to 1. Point events have a single piece at their time.
    """

    event: IntArray
    time: FloatArray
    weight: FloatArray


def aoristic_pieces(events: Events) -> Pieces:
    a, b = events.t_from, events.t_to
    point = (b - a) <= 1e-9
    first = np.floor(a).astype(np.int64)
    last = np.ceil(b).astype(np.int64) - 1
    last = np.maximum(last, first)
    n_days = np.where(point, 1, last - first + 1)
    ev = np.repeat(np.arange(len(events), dtype=np.int64), n_days)
    offset = np.arange(ev.shape[0], dtype=np.int64) - np.repeat(np.cumsum(n_days) - n_days, n_days)
    day = first[ev] + offset
    lo = np.maximum(day.astype(np.float64), a[ev])
    hi = np.minimum(day.astype(np.float64) + 1.0, b[ev])
    span = (b - a)[ev]
    pt = point[ev]
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(pt, 1.0, (hi - lo) / np.where(pt, 1.0, span))
    t = np.where(pt, a[ev], (lo + hi) / 2.0)
    keep = w > 0
    return Pieces(ev[keep], t[keep], w[keep])
