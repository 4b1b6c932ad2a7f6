"""Live progress of a running import, readable from any process.

An import writes all its rows in one transaction (all or nothing). Progress written to the
``ImportRun`` row inside that transaction would be invisible to others until the end, and on
SQLite a second connection cannot write while the import holds the write lock. So the running
import publishes its progress to a small JSON file (``VAR_DIR/imports/progress/<run id>.json``,
replaced atomically) and the ``ImportRun`` row receives the final counts when the import commits.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Progress:
    rows_done: int
    rows_total: int
    at: float  # Unix time of the last update (a heartbeat)


def progress_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports" / "progress"


def progress_path(run_id: int) -> Path:
    return progress_dir() / f"{run_id}.json"


def publish(run_id: int, *, rows_done: int, rows_total: int) -> None:
    folder = progress_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = progress_path(run_id)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(
        json.dumps({"rows_done": rows_done, "rows_total": rows_total, "at": time.time()}),
        encoding="utf-8",
    )
    os.replace(temporary, target)


def read(run_id: int) -> Progress | None:
    try:
        data = json.loads(progress_path(run_id).read_text(encoding="utf-8"))
        return Progress(int(data["rows_done"]), int(data["rows_total"]), float(data["at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear(run_id: int) -> None:
    progress_path(run_id).unlink(missing_ok=True)
