"""The database side of an import: batches of records → locations, areas, pseudonyms, hashes →
insert new / update changed / skip unchanged, all of one file in one transaction.

Per batch (default 10,000 rows) the work is vectorised where it counts: RD ↔ WGS84 and the
point-in-area lookups run over numpy arrays; the existing rows are looked up by id in one query;
new rows go in with one ``executemany``/``COPY``. A content hash per row (over everything that
is stored) tells an updated row from an unchanged one, so a second import of the same file
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from veilig.events.importing import reasons as R
from veilig.events.importing.pseudonyms import address_key, person_key
from veilig.events.importing.readers import Reader, SourceConfig, reader_for
from veilig.events.importing.records import Problem, Record, Rejection
from veilig.events.importing.tables import open_table
from veilig.events.importing.writers import Row, Writer, writer_for
from veilig.events.models import Event, ImportRun, ImportStatus
from veilig.geo.index import AreaIndex, area_index
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import FloatArray, rd_to_wgs84, wgs84_to_rd

BATCH_SIZE = 10_000
_encode_str: Callable[[str], str] = json.encoder.encode_basestring
_CACHE_LIMIT = 200_000  # pseudonyms remembered per import (repeat persons/addresses are common)
ProgressCallback = Callable[[int, int], None]


@dataclass
class ImportSummary:
    rows_total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    outside_area: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows_total / self.seconds if self.seconds > 0 else 0.0


def import_file(
    *,
    run: ImportRun,
    path: Path,
    progress: ProgressCallback | None = None,
    batch_size: int | None = None,
) -> ImportSummary:
    """Import ``path`` into ``run.source`` and record the result on ``run``.

    All rows of the file are written in one transaction together with the run's counts: an
    error half-way (a broken file, a database error) leaves no event of this file behind and
    raises; the caller marks the run failed. Rejected rows are not errors: they are listed on
    the run with their reasons.
    """
    started = time.perf_counter()
    source = run.source
    config = SourceConfig(
        format=source.format,
        mapping=dict(source.mapping or {}),
        theme_map=dict(source.theme_map or {}),
    )
    reader = reader_for(config)
    summary = ImportSummary()
    # The concrete connection of this thread (not the thread-local proxy): the writer thread
    # must use this very connection and its open transaction.
    db = connections[DEFAULT_DB_ALIAS]
    with open_table(path, sheet=config.mapping.get("sheet") or None) as table:
        reader.bind(table.headers)
        buurten = area_index(level=AreaLevel.BUURT)
        wijken = area_index(level=AreaLevel.WIJK)
        batcher = _Batcher(
            run=run,
            writer=writer_for(db),
            buurten=buurten,
            wijken=wijken,
            wijk_of_buurt=_wijk_of_buurt(buurten, wijken),
            summary=summary,
        )
        total = table.estimated_rows
        if progress:
            progress(0, total)
        with transaction.atomic(), batcher.writer.session():
            batcher.check_existing = Event.objects.filter(source=source).exists()
            with batcher.stage.running(db):
                for batch in _batches(reader, table.rows, batch_size or BATCH_SIZE, summary):
                    batcher.write(batch)
                    total = max(total, summary.rows_total)
                    if progress:
                        progress(summary.rows_total, total)
            summary.seconds = time.perf_counter() - started
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.DONE,
                rows_total=summary.rows_total,
                rows_done=summary.rows_total,
                created=summary.created,
                updated=summary.updated,
                unchanged=summary.unchanged,
                rejected=summary.rejected,
                outside_area=summary.outside_area,
                rejections=summary.rejections,
                message="",
                finished_at=timezone.now(),
            )
    if progress:
        progress(summary.rows_total, summary.rows_total)
    summary.seconds = time.perf_counter() - started
    return summary


class _Stage:
    """Runs the database writes of batch N on a second thread while the main thread prepares
    batch N+1 (parsing is Python; SQLite's inserts and PostgreSQL's COPY release the GIL, so
    on two cores the two overlap). One connection, one transaction: the threads take turns on
    it (the main thread does not touch the database while the stage runs)."""

    def __init__(self, store: Callable[[list[Row], list[str]], None]) -> None:
        self._store = store
        self._queue: queue.Queue[tuple[list[Row], list[str]] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    @contextmanager
    def running(self, db: BaseDatabaseWrapper) -> Iterator[None]:
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

    def put(self, rows: list[Row], digests: list[str]) -> None:
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._queue.put((rows, digests), timeout=0.5)
                return
            except queue.Full:
                continue

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
                self._store(*item)
            except BaseException as exc:  # handed to the main thread
                self._error = exc


def _wijk_of_buurt(buurten: AreaIndex, wijken: AreaIndex) -> dict[str, str]:
    """buurt code -> wijk code from the area tree, when both indexes are of the same year."""
    if not len(buurten) or buurten.boundary_year is None:
        return {}
    if buurten.boundary_year != wijken.boundary_year:
        return {}
    return dict(
        Area.objects.filter(
            level=AreaLevel.BUURT,
            boundary_year=buurten.boundary_year,
            parent__level=AreaLevel.WIJK,
        ).values_list("code", "parent__code")
    )


def json_object(values: dict[str, Any]) -> str:
    """Compact JSON of a flat dict (the attributes), several times faster than json.dumps for
    the common case of str/int values; anything else goes through json.dumps."""
    if not values:
        return "{}"
    parts = []
    for key, value in values.items():
        kind = value.__class__
        if kind is str:
            encoded = _encode_str(value)
        elif kind is int:
            encoded = str(value)
        else:
            encoded = json.dumps(value, ensure_ascii=False)
        parts.append(f"{_encode_str(key)}:{encoded}")
    return "{" + ",".join(parts) + "}"


def _blank(cells: list[Any]) -> bool:
    if not cells:
        return True
    first = cells[0]
    if first is not None and first != "":
        return False
    return all(c is None or c == "" for c in cells)


def _batches(
    reader: Reader, rows: Iterator[list[Any]], size: int, summary: ImportSummary
) -> Iterator[list[Record]]:
    """Valid records in batches; rejections go straight to the summary. Blank rows are
    skipped (they are not records); row numbers count the header as row 1."""
    seen: set[str] = set()
    batch: list[Record] = []
    read = reader.read
    for row, cells in enumerate(rows, start=2):
        if _blank(cells):
            continue
        summary.rows_total += 1
        result = read(row, cells)
        if isinstance(result, Rejection):
            _reject(summary, result)
            continue
        if result.external_id in seen:
            _reject(summary, Rejection(row, result.external_id, [Problem(R.DUPLICATE_ID)]))
            continue
        seen.add(result.external_id)
        batch.append(result)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reject(summary: ImportSummary, rejection: Rejection) -> None:
    summary.rejected += 1
    summary.rejections.append(rejection.as_json())


@dataclass
class _Batcher:
    run: ImportRun
    writer: Writer
    buurten: AreaIndex
    wijken: AreaIndex
    summary: ImportSummary
    wijk_of_buurt: dict[str, str] = field(default_factory=dict)
    check_existing: bool = True
    stage: _Stage = field(init=False)
    _persons: dict[str, str] = field(default_factory=dict)
    _addresses: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.stage = _Stage(self.store)

    def write(self, records: list[Record]) -> None:
        """Prepare one batch (main thread) and hand it to the writer thread."""
        n = len(records)
        a = np.fromiter((r.x for r in records), dtype=np.float64, count=n)
        b = np.fromiter((r.y for r in records), dtype=np.float64, count=n)
        is_rd = np.fromiter((r.crs == "rd" for r in records), dtype=bool, count=n)
        rd_x, rd_y = a.copy(), b.copy()
        lon, lat = a.copy(), b.copy()
        if is_rd.any():
            lon[is_rd], lat[is_rd] = rd_to_wgs84(a[is_rd], b[is_rd])
        if not is_rd.all():
            wgs = ~is_rd
            rd_x[wgs], rd_y[wgs] = wgs84_to_rd(a[wgs], b[wgs])
        rd_x, rd_y = np.round(rd_x, 3), np.round(rd_y, 3)
        lon, lat = np.round(lon, 8), np.round(lat, 8)
        buurt, wijk = self._areas(rd_x, rd_y)
        self.summary.outside_area += buurt.count("")

        source_id, run_id = self.run.source_id, self.run.pk
        moment = self.writer.moment
        person, address = self._person, self._address
        blake2b, join = hashlib.blake2b, "\x1f".join
        rows: list[Row] = []
        digests: list[str] = []
        append_row, append_digest = rows.append, digests.append
        xs, ys, lons, lats = rd_x.tolist(), rd_y.tolist(), lon.tolist(), lat.tolist()
        for i, r in enumerate(records):
            pkey = person(r.person) if r.person else ""
            akey = address(r.address) if r.address else ""
            attributes = json_object(r.attributes)
            begin = moment(r.begin)
            end = moment(r.end) if r.end is not None else None
            reported = moment(r.reported) if r.reported is not None else None
            x, y, code_b, code_w = xs[i], ys[i], buurt[i], wijk[i]
            content = join(
                (
                    r.theme,
                    r.category,
                    r.incident_code,
                    begin or "",
                    end or "",
                    reported or "",
                    repr(x),
                    repr(y),
                    code_b,
                    code_w,
                    pkey,
                    akey,
                    attributes,
                )
            )
            digest = blake2b(content.encode(), digest_size=16).hexdigest()
            append_digest(digest)
            append_row(
                (
                    source_id,
                    r.external_id,
                    r.theme,
                    r.category,
                    r.incident_code,
                    begin,
                    end,
                    reported,
                    x,
                    y,
                    lats[i],
                    lons[i],
                    code_b,
                    code_w,
                    pkey,
                    akey,
                    attributes,
                    digest,
                    run_id,
                )
            )
        self.stage.put(rows, digests)

    def _areas(self, x: FloatArray, y: FloatArray) -> tuple[list[str], list[str]]:
        """Buurt codes by point-in-polygon; the wijk is the buurt's parent (one lookup instead
        of two). Points outside every buurt are looked up among the wijken themselves."""
        buurt = self.buurten.locate_rd(x, y).tolist()
        if not self.wijk_of_buurt:
            return buurt, self.wijken.locate_rd(x, y).tolist()
        parents = self.wijk_of_buurt
        wijk = [parents.get(code, "") for code in buurt]
        outside = [i for i, code in enumerate(buurt) if not code]
        if outside and len(self.wijken):
            found = self.wijken.locate_rd(x[outside], y[outside]).tolist()
            for i, code in zip(outside, found, strict=True):
                wijk[i] = code
        return buurt, wijk

    def store(self, rows: list[Row], digests: list[str]) -> None:
        """The database part of a batch (runs on the writer thread)."""
        if not self.check_existing:
            self.writer.insert(rows)
            self.summary.created += len(rows)
            return
        known = self.writer.existing(self.run.source_id, [row[1] for row in rows])
        new: list[Row] = []
        changed: list[Row] = []
        for row, digest in zip(rows, digests, strict=True):
            hit = known.get(row[1])
            if hit is None:
                new.append(row)
            elif hit[1] != digest:
                changed.append((*row[1:], hit[0]))
            else:
                self.summary.unchanged += 1
        self.writer.insert(new)
        self.writer.update(changed)
        self.summary.created += len(new)
        self.summary.updated += len(changed)

    def _person(self, value: str) -> str:
        key = self._persons.get(value)
        if key is None:
            if len(self._persons) >= _CACHE_LIMIT:
                self._persons.clear()
            key = self._persons[value] = person_key(value)
        return key

    def _address(self, value: str) -> str:
        key = self._addresses.get(value)
        if key is None:
            if len(self._addresses) >= _CACHE_LIMIT:
                self._addresses.clear()
            key = self._addresses[value] = address_key(value)
        return key
