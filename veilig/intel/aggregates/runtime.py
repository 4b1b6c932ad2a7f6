"""The aggregate engine of the dashboards: one per process, kept in step with the database.

Why numpy columns in memory, and not SQL, DuckDB or summary tables: see docs/intelligence.md
(Speed) and ``bench/dashboard_queries.py``, which measures them side by side.

Keeping in step: before answering, the engine looks (at most once per ``CHECK_SECONDS``) at a
cheap mark of the events table (lowest and highest id, the finished import runs) and at the
count and highest id of the street signals. Rows of newly finished runs and rows that no run
wrote are added; rows that disappeared (a lower highest id, another lowest id) make it read
everything again. Signals are few: they are read again whole when their mark changes, and at
least every ``SIGNALS_MAX_AGE`` seconds so an edited signal shows too.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date

import numpy as np
import numpy.typing as npt

from veilig.intel.aggregates.areas import AreaTree, area_tree_load
from veilig.intel.aggregates.calendar import Bucket, day_date
from veilig.intel.aggregates.loading import (
    EventsMark,
    events_mark,
    events_read,
    events_since,
    signals_mark,
    signals_read,
)
from veilig.intel.aggregates.query import AreaMaps, Selection, Tally, heatmap, tally
from veilig.intel.aggregates.snapshot import snapshot_load, snapshot_save
from veilig.intel.aggregates.store import Store

logger = logging.getLogger(__name__)
CHECK_SECONDS = 1.0
SIGNALS_MAX_AGE = 60.0


class Engine:
    def __init__(self) -> None:
        self.store = Store()
        self.tree: AreaTree = AreaTree(None, [], {}, {})
        self.maps = AreaMaps(self.store, self.tree)
        self._events: EventsMark | None = None
        self._signals: tuple[int, int] | None = None
        self._signals_at = 0.0
        self._areas: tuple[int, int] | None = None
        self._checked = 0.0
        self._lock = threading.RLock()
        self._span: tuple[int, tuple[date, date] | None] | None = None

    # --- keeping in step --------------------------------------------------------------------
    def refresh(self, *, force: bool = False) -> None:
        with self._lock:
            now = time.monotonic()
            if not force and now - self._checked < CHECK_SECONDS:
                return
            self._refresh_areas()
            self._refresh_events()
            self._refresh_signals(now)
            self._checked = time.monotonic()

    def _refresh_areas(self) -> None:
        from veilig.geo.models import Area

        mark = (
            Area.objects.count(),
            Area.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        )
        if mark != self._areas:
            self.tree = area_tree_load()
            self.maps = AreaMaps(self.store, self.tree)
            self._areas = mark

    def _refresh_events(self) -> None:
        mark = events_mark()
        seen = self._events
        if seen == mark:
            return
        started = time.monotonic()
        if seen is None:
            seen = snapshot_load(self.store, mark)
        if seen is None or mark.min_id != seen.min_id or mark.max_id < seen.max_id:
            self.store.events_replace(events_read())
            logger.info("Aggregates: read all events (%.1f s)", time.monotonic() - started)
            snapshot_save(self.store, mark)
        elif seen != mark:
            merges = self.store.merges
            added = self.store.events_add(events_since(seen=seen, now=mark))
            logger.info("Aggregates: %d rows caught up (%.2f s)", added, time.monotonic() - started)
            if self.store.merges != merges:
                snapshot_save(self.store, mark)
        self._events = mark

    def _refresh_signals(self, now: float) -> None:
        mark = signals_mark()
        if mark != self._signals or now - self._signals_at > SIGNALS_MAX_AGE:
            self.store.signals_replace(signals_read())
            self._signals, self._signals_at = mark, now

    # --- asking -----------------------------------------------------------------------------
    def tally(self, sel: Selection, *, level: str, bucket: Bucket | str = Bucket.NONE) -> Tally:
        self.refresh()
        with self._lock:
            return tally(self.store, self.maps, sel, level=level, bucket=Bucket(bucket))

    def heatmap(self, sel: Selection, *, area_code: str) -> npt.NDArray[np.int64]:
        self.refresh()
        with self._lock:
            return heatmap(self.store, self.maps, sel, area=area_code)

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever a count could: the store's changes and the area tree's."""
        return self.store.version, id(self.tree)

    def areas(self) -> AreaTree:
        self.refresh()
        return self.tree

    def day_range(self) -> tuple[date, date] | None:
        """The first and last local day that holds a record (kept until the data change)."""
        self.refresh()
        with self._lock:
            if self._span is not None and self._span[0] == self.store.version:
                return self._span[1]
            lows, highs = [], []
            for block in (self.store.base, self.store.delta, self.store.signals):
                alive = block.day[block.alive] if len(block) else block.day
                if alive.size:
                    lows.append(int(alive.min()))
                    highs.append(int(alive.max()))
            span = (day_date(min(lows)), day_date(max(highs))) if lows else None
            self._span = (self.store.version, span)
            return span


_engine: Engine | None = None
_engine_lock = threading.Lock()


def engine() -> Engine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = Engine()
        return _engine


def engine_reset() -> None:
    """Forget everything (tests: each test's database starts anew, and SQLite reuses ids)."""
    global _engine
    with _engine_lock:
        _engine = None
