"""A copy of the engine's event columns on disk, so that a new process starts in a second.

Reading ten million events from the database takes about a minute; loading the columns from
an ``.npz`` file takes a second. A process that reads everything (or merges its delta) writes
the file; a new process loads it when its mark still fits the database (the same lowest id,
no higher highest id, no finished run it does not know of) and then catches up like any
other. The file holds what the engine holds — theme, local day and hour, buurt code, source
and event id per record, no person or address keys — and lives in ``VAR_DIR`` beside the
database. Small stores (tests, the demo) write none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection

from veilig.intel.aggregates.loading import EventsMark
from veilig.intel.aggregates.store import Block, Dictionary, Store

logger = logging.getLogger(__name__)
MIN_ROWS = 500_000
COLUMNS = ("ident", "theme", "buurt", "source", "day", "hour")


def snapshot_path() -> Path:
    database = connection.settings_dict
    key = (
        f"{connection.vendor}:{database.get('HOST')}:{database.get('PORT')}:{database.get('NAME')}"
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(settings.VAR_DIR) / "aggregates" / f"events-{digest}.npz"


def snapshot_save(store: Store, mark: EventsMark) -> None:
    base = store.base
    if len(base) < MIN_ROWS or len(store.delta):
        return
    path = snapshot_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp.npz")
    meta = {"min_id": mark.min_id, "max_id": mark.max_id, "runs": sorted(mark.finished_runs)}
    np.savez(
        temporary,
        **{name: getattr(base, name) for name in COLUMNS},
        themes=np.asarray(store.themes.codes, dtype=str),
        buurten=np.asarray(store.buurten.codes, dtype=str),
        meta=np.asarray(json.dumps(meta)),
    )
    os.replace(temporary, path)


def snapshot_load(store: Store, now: EventsMark) -> EventsMark | None:
    """Fill ``store`` from the file when it fits ``now``; the mark it was written at, or None."""
    path = snapshot_path()
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            mark = EventsMark(meta["min_id"], meta["max_id"], frozenset(meta["runs"]))
            if mark.min_id != now.min_id or mark.max_id > now.max_id:
                return None
            if not mark.finished_runs <= now.finished_runs:
                return None
            columns = {name: data[name] for name in COLUMNS}
            themes, buurten = list(data["themes"]), list(data["buurten"])
    except (OSError, ValueError, KeyError) as error:
        logger.warning("Aggregates: snapshot unreadable (%s)", type(error).__name__)
        return None
    block = Block(**columns, alive=np.ones(columns["ident"].size, bool))
    store.themes = Dictionary([str(t) for t in themes], {str(t): i for i, t in enumerate(themes)})
    store.buurten = Dictionary(
        [str(b) for b in buurten], {str(b): i for i, b in enumerate(buurten)}
    )
    store.base = block.sorted()
    store.version += 1
    return mark
