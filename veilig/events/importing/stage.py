"""The database part of each batch runs on a second thread, over the same connection.

The main thread prepares batch N+1 (Python and numpy) while the second thread writes batch N:
SQLite's inserts, PostgreSQL's COPY and the server's work release the GIL, so on two cores
the two overlap. One connection, one transaction: the threads take turns on it. The rare query
of the main thread (registry persons of a batch) waits for its turn with :meth:`Stage.exclusive`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db.backends.base.base import BaseDatabaseWrapper

T = TypeVar("T")
_QUEUED = 2  # batches waiting for the writer: enough to keep it busy, little memory


class Stage:
    def __init__(self, store: Callable[..., None]) -> None:
        self._store = store
        self._queue: queue.Queue[tuple[Any, ...] | None] = queue.Queue(maxsize=_QUEUED)
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    @contextmanager
    def running(self, db: BaseDatabaseWrapper) -> Iterator[None]:
        """Start the writer thread; at the end wait until it has written everything, and raise
        its error, if any, in the main thread."""
        db.inc_thread_sharing()
        self._thread = threading.Thread(target=self._work, name="event-import-writer", daemon=True)
        self._thread.start()
        try:
            yield
        finally:
            self._finish()
            db.dec_thread_sharing()
        if self._error is not None:
            raise self._error

    def put(self, *work: Any) -> None:
        """Hand one batch to the writer (waits while the queue is full)."""
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._queue.put(work, timeout=0.5)
                return
            except queue.Full:
                continue

    def exclusive(self, query: Callable[..., T], *args: Any) -> T:
        """Run ``query`` on the connection from the main thread, between two batches."""
        with self._lock:
            return query(*args)

    def _finish(self) -> None:
        assert self._thread is not None
        while self._thread.is_alive():
            try:
                self._queue.put(None, timeout=0.5)
                break
            except queue.Full:
                continue
        self._thread.join()

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is not None:
                continue  # drain: the main thread raises the error
            try:
                with self._lock:
                    self._store(*item)
            except BaseException as exc:  # handed to the main thread
                self._error = exc
