"""Writes of the events app: sources, mappings, uploads and import runs.

An import runs in the foreground (``manage.py import_events``) or in a background thread of
the web process (:func:`import_run_start_background`); both go through :func:`import_run_execute`,
which marks the run running, imports the file in one transaction and marks it done, or failed
with the reason (and nothing of the file stays).
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.accounts.models import User
from veilig.events.importing import progress as live
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.pipeline import ImportSummary, ProgressCallback, import_file
from veilig.events.importing.readers import DEFAULT_THEME_MAPS
from veilig.events.importing.tables import SUPPORTED_SUFFIXES
from veilig.events.models import EventSource, ImportRun, ImportStatus, SourceFormat

logger = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# Runs started in this process, by id (the views' tests join them).
background_threads: dict[int, threading.Thread] = {}


def imports_dir() -> Path:
    """Uploaded files live under VAR_DIR/imports (never under static or media)."""
    return Path(settings.VAR_DIR) / "imports"


def event_source_create(
    *,
    code: str,
    name: str,
    format: str,
    mapping: dict[str, Any] | None = None,
    theme_map: dict[str, str] | None = None,
) -> EventSource:
    if format not in SourceFormat.values:
        raise ValidationError({"format": _("Unknown source format.")})
    if EventSource.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A source with this code exists already.")})
    source = EventSource(
        code=code,
        name=name,
        format=format,
        mapping=mapping or {},
        theme_map=theme_map if theme_map is not None else dict(DEFAULT_THEME_MAPS.get(format, {})),
    )
    source.full_clean()
    source.save()
    return source


def event_source_save_mapping(*, source: EventSource, mapping: dict[str, Any]) -> EventSource:
    source.mapping = mapping
    source.save(update_fields=["mapping"])
    return source


def upload_store(*, upload: UploadedFile) -> Path:
    """Keep an uploaded file under VAR_DIR/imports/uploads/<random>/<cleaned name>."""
    original = Path(upload.name or "upload").name
    suffix = Path(original).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValidationError(
            _("Unsupported file type %(suffix)s: use CSV or XLSX.") % {"suffix": suffix or "?"}
        )
    stem = _SAFE_NAME.sub("_", Path(original).stem)[:80] or "upload"
    folder = imports_dir() / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}{suffix}"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


def import_run_create(
    *,
    source: EventSource,
    file_name: str,
    started_by: User | None = None,
    stored_path: Path | None = None,
) -> ImportRun:
    return ImportRun.objects.create(
        source=source,
        file_name=file_name[:255],
        started_by=started_by,
        stored_path=str(stored_path or ""),
        status=ImportStatus.QUEUED,
    )


def import_run_execute(
    *, run: ImportRun, path: Path | None = None, progress: ProgressCallback | None = None
) -> ImportSummary:
    """Run the import of ``run`` now; on failure mark the run failed with the reason and raise.

    The file is ``path`` or the run's stored upload.
    """
    file_path = path or Path(run.stored_path)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, message="")
    run.status = ImportStatus.RUNNING
    live.publish(run.pk, rows_done=0, rows_total=0)

    def report(done: int, total: int) -> None:
        live.publish(run.pk, rows_done=done, rows_total=total)
        if progress is not None:
            progress(done, total)

    try:
        summary = import_file(run=run, path=file_path, progress=report)
    except ImportFileError as exc:
        _mark_failed(run, exc.message)
        raise
    except Exception as exc:
        logger.exception("Import %s of %s failed", run.pk, file_path)
        _mark_failed(
            run,
            _("The import stopped with an unexpected error: %(error)s")
            % {"error": f"{type(exc).__name__}: {exc}"},
        )
        raise
    finally:
        live.clear(run.pk)
    run.refresh_from_db()
    return summary


def import_run_mark_failed(*, run: ImportRun, message: str) -> None:
    """A run that cannot start (e.g. its file cannot be read) ends failed with the reason."""
    _mark_failed(run, message)
    run.refresh_from_db()


def _mark_failed(run: ImportRun, message: str) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED,
        message=f"{message} {_('Nothing of this file has been imported.')}",
        finished_at=timezone.now(),
    )


def import_run_start_background(*, run: ImportRun) -> None:
    """Start the import in a thread of this process once the current transaction commits.

    No broker is needed: the thread uses its own database connection and closes it at the end.
    A run whose process dies stays 'running' without a heartbeat; the run page then reports it
    as stalled (see selectors.import_run_state) and it can be started again.
    """
    run_id = run.pk

    def work() -> None:
        close_old_connections()
        try:
            fresh = ImportRun.objects.select_related("source").get(pk=run_id)
            import_run_execute(run=fresh)
        except Exception:  # recorded on the run by import_run_execute
            logger.info("Background import %s ended with an error", run_id)
        finally:
            connections.close_all()

    def start() -> None:
        thread = threading.Thread(target=work, name=f"event-import-{run_id}", daemon=True)
        background_threads[run_id] = thread
        thread.start()

    transaction.on_commit(start)


def import_run_mark_stalled(*, run: ImportRun) -> None:
    """A running import without a heartbeat for a long time: its process has gone."""
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED,
        message=_(
            "The import stopped without finishing (the process ended). "
            "Nothing of this file has been imported; start it again."
        ),
        finished_at=timezone.now(),
    )
    if updated:
        run.refresh_from_db()
