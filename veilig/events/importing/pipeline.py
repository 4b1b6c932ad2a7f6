"""The database side of an import: runs of file rows → batches of valid rows → locations,
areas, pseudonyms, hashes → insert new / update changed / skip unchanged, all of one file in
one transaction.

Per run of rows (default 10,000) the work is done column by column (``columnar``,
``prepare``); the existing rows are looked up by id in one query; new rows go in with one
``executemany``/``COPY``, on a second thread (``stage``) while the next run is prepared. A
content hash per row (over everything that is stored) tells an updated row from an unchanged
one, so a second import of the same file changes nothing.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from veilig.events.importing import reasons as R
from veilig.events.importing.batch import Batch, json_object
from veilig.events.importing.budget import Budget
from veilig.events.importing.columnar import ChunkReader
from veilig.events.importing.prepare import Prepared, Preparer, Row, wijk_of_buurt
from veilig.events.importing.progress import LiveProgress
from veilig.events.importing.pseudonyms import Pseudonyms, registry_pseudonyms
from veilig.events.importing.readers import SourceConfig, reader_for
from veilig.events.importing.records import Problem, Rejection
from veilig.events.importing.stage import Stage
from veilig.events.importing.tables import Table, open_table
from veilig.events.importing.writers import Writer, writer_for
from veilig.events.models import Event, ImportPhase, ImportRun, ImportStatus
from veilig.geo.index import area_index
from veilig.geo.models import AreaLevel

BATCH_SIZE = 10_000
# A run of rows holds at most about this many cells: a wide file is read in shorter runs, so a
# run's memory does not grow with the number of columns.
CELLS_PER_BATCH = 400_000
ProgressCallback = Callable[[int, int], None]

__all__ = ["BATCH_SIZE", "ImportSummary", "ProgressCallback", "import_file", "json_object"]


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
    live: LiveProgress | None = None,
) -> ImportSummary:
    """Import ``path`` into ``run.source`` and record the result on ``run``.

    All rows of the file are written in one transaction together with the run's counts: an
    error half-way (a broken file, a database error) leaves no event of this file behind and
    raises; the caller marks the run failed. Rejected rows are not errors: they are listed on
    the run with their reasons. The job checks its time and memory budget after every run of
    rows (:mod:`.budget`) and stops with an :class:`ImportFileError` past it.
    """
    started = time.perf_counter()
    budget = Budget.from_settings()
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
        writer = writer_for(db)
        store = _Store(writer=writer, source_id=source.pk, summary=summary)
        stage = Stage(store.store)
        preparer = _preparer(run=run, writer=writer, stage=stage)
        total = table.estimated_rows
        if progress:
            progress(0, total)
        chunks = ChunkReader(reader, text_only=table.text_only)
        with transaction.atomic(), _garbage_collection_paused():
            store.check_existing = Event.objects.filter(source=source).exists()
            new_rows = 0 if store.check_existing else total
            with writer.session(new_rows=new_rows), stage.running(db):
                size = _rows_per_batch(batch_size or BATCH_SIZE, len(table.headers))
                for batch in _batches(chunks, table, size, summary, budget):
                    if len(batch):
                        prepared = preparer.prepare(batch)
                        summary.outside_area += prepared.outside_area
                        stage.put(prepared)
                    total = max(total, summary.rows_total)
                    if progress:
                        progress(summary.rows_total, total)
                    if live:
                        live.publish(
                            rows_done=summary.rows_total,
                            rows_total=total,
                            rejected=summary.rejected,
                            phase=ImportPhase.READING,
                        )
            if live:
                live.publish(
                    rows_done=summary.rows_total,
                    rows_total=summary.rows_total,
                    rejected=summary.rejected,
                    phase=ImportPhase.SAVING,
                )
            summary.seconds = time.perf_counter() - started
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.DONE,
                phase=ImportPhase.ENDED,
                progress_at=timezone.now(),
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


def _preparer(*, run: ImportRun, writer: Writer, stage: Stage) -> Preparer:
    buurten = area_index(level=AreaLevel.BUURT)
    wijken = area_index(level=AreaLevel.WIJK)
    return Preparer(
        source_id=run.source_id,
        run_id=run.pk,
        buurten=buurten,
        wijken=wijken,
        # Registry persons are looked up from the main thread, between two batches.
        pseudonyms=Pseudonyms(registry=lambda d: stage.exclusive(registry_pseudonyms, d)),
        time_suffix=writer.time_suffix,
        wijk_of_buurt=wijk_of_buurt(buurten, wijken),
    )


_gc_lock = threading.Lock()
_gc_pauses = 0  # imports running in this process that paused the garbage collector
_gc_was_enabled = False


@contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    """No cyclic garbage collection during an import. An import makes millions of short-lived
    lists and tuples without cycles (freed by reference counting); each few hundred of them
    would start a collection pass that walks every live object, which took a third of the
    import's CPU time. Process-wide, so counted: the last import to finish turns it back on."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _rows_per_batch(size: int, width: int) -> int:
    return max(1, min(size, max(100, CELLS_PER_BATCH // max(width, 1))))


def _batches(
    chunks: ChunkReader, table: Table, size: int, summary: ImportSummary, budget: Budget
) -> Iterator[Batch]:
    """The valid rows of each run of ``size`` file rows (perhaps none); rejections go straight
    to the summary. Row numbers count the header as row 1 (as a spreadsheet does). The file's
    limits and the job's budget are checked for every run."""
    seen: set[str] = set()
    first = 2
    rows = table.rows
    while cells := list(islice(rows, size)):
        table.check_chunk(first, cells)
        budget.check()
        chunk = chunks.read(first, cells)
        first += len(cells)
        summary.rows_total += chunk.counted
        batch, duplicates = _first_occurrences(chunk.batch, seen)
        rejections = chunk.rejections
        if duplicates:
            rejections = sorted([*rejections, *duplicates], key=lambda r: r.row)
        summary.rejected += len(rejections)
        summary.rejections.extend(r.as_json() for r in rejections)
        yield batch


def _first_occurrences(batch: Batch, seen: set[str]) -> tuple[Batch, list[Rejection]]:
    """The batch without ids seen before in the file (the first occurrence is imported) and
    the rejections of the repeats."""
    ids = batch.external_id
    if seen.isdisjoint(ids) and len(set(ids)) == len(ids):
        seen.update(ids)
        return batch, []
    keep: list[bool] = []
    duplicates: list[Rejection] = []
    for row, external_id in zip(batch.row, ids, strict=True):
        repeat = external_id in seen
        keep.append(not repeat)
        if repeat:
            duplicates.append(Rejection(row, external_id, [Problem(R.DUPLICATE_ID)]))
        else:
            seen.add(external_id)
    return batch.take(keep), duplicates


@dataclass
class _Store:
    """The database part of a batch (runs on the writer thread)."""

    writer: Writer
    source_id: int
    summary: ImportSummary
    check_existing: bool = True  # a first import into a source skips the id lookups

    def store(self, prepared: Prepared) -> None:
        rows, summary = prepared.rows, self.summary
        if not self.check_existing:
            self.writer.insert(rows)
            summary.created += len(rows)
            return
        known = self.writer.existing(self.source_id, [row[1] for row in rows])
        new: list[Row] = []
        changed: list[Row] = []
        for row, digest in zip(rows, prepared.digests, strict=True):
            hit = known.get(row[1])
            if hit is None:
                new.append(row)
            elif hit[1] != digest:
                changed.append((*row[1:], hit[0]))
            else:
                summary.unchanged += 1
        self.writer.insert(new)
        self.writer.update(changed)
        summary.created += len(new)
        summary.updated += len(changed)
