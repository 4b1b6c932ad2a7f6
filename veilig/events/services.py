"""Writes of the events app: sources, mappings, uploads and import runs.

An import runs in the foreground (``manage.py import_events``) or as a django-tasks task that a
worker runs (``manage.py veilig_worker``; :func:`import_run_enqueue` and :func:`import_run_job`,
``veilig/events/tasks.py``); both go through :func:`import_run_execute`, which marks the run
running, imports the file in one transaction and marks it done, or failed with the reason (and
nothing of the file stays). The web process only enqueues: the task carries the run's id and
everything else is in the database.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access.events import import_context
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.audit.services import audit_record
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.pipeline import ImportSummary, ProgressCallback, import_file
from veilig.events.importing.progress import LiveProgress, progress_mark
from veilig.events.importing.readers import DEFAULT_THEME_MAPS
from veilig.events.importing.tables import SUPPORTED_SUFFIXES
from veilig.events.models import EventSource, ImportPhase, ImportRun, ImportStatus, SourceFormat
from veilig.events.selectors import event_source_get

logger = logging.getLogger(__name__)


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
    """Keep an uploaded file as VAR_DIR/imports/uploads/<random>/upload<suffix>.

    The original name stays on the run (``ImportRun.file_name``) and out of the path, so that
    no path in a message or a log shows it. The content is checked when the file is opened
    (``tables.open_table``), before anything parses it.
    """
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValidationError(
            _("Unsupported file type %(suffix)s: use CSV or XLSX.") % {"suffix": suffix or "?"}
        )
    if upload.size is None or upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError(upload_too_large_message())
    folder = imports_dir() / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"upload{suffix}"
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


@dataclass(frozen=True)
class NewSource:
    """A source the analyst adds with an upload."""

    code: str
    name: str
    format: str


def import_run_start(
    *,
    context: AuditContext,
    upload: UploadedFile,
    source_id: int | None = None,
    new_source: NewSource | None = None,
) -> ImportRun:
    """An analyst's upload (``access_import_screens`` has let them in): store the file, make the
    run and its create row, and enqueue it unless its columns must be mapped first (generic).

    One transaction: a refused upload leaves no source, run, row or task. The row names the
    source's code only: a file name can hold personal data.
    """
    with transaction.atomic():
        if new_source is not None:
            source = event_source_create(
                code=new_source.code, name=new_source.name, format=new_source.format
            )
        else:
            found = event_source_get(source_id=source_id or 0)
            if found is None:
                raise ValidationError({"source": _("Unknown source.")})
            source = found
        stored = upload_store(upload=upload)
        run = import_run_create(
            source=source,
            file_name=upload.name or "",
            started_by=context.actor,
            stored_path=stored,
        )
        audit_record(
            context=import_context(context, granted=True),
            action=AuditAction.CREATE,
            object_type="event_import",
            object_id=run.pk,
            detail=source.code,
        )
        if source.format != SourceFormat.GENERIC:
            import_run_enqueue(run=run)
    return run


def import_run_map(*, run: ImportRun, mapping: dict[str, Any]) -> ImportRun:
    """Save the columns of a generic source and hand the run to a worker."""
    with transaction.atomic():
        event_source_save_mapping(source=run.source, mapping=mapping)
        import_run_enqueue(run=run)
    return run


def import_run_execute(
    *, run: ImportRun, path: Path | None = None, progress: ProgressCallback | None = None
) -> ImportSummary:
    """Run the import of ``run`` now; on failure mark the run failed with the reason and raise.

    The file is ``path`` or the run's stored upload.
    """
    file_path = path or Path(run.stored_path)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, message="")
    progress_mark(run_id=run.pk, phase=ImportPhase.READING, rows_done=0, rows_total=0)
    run.status = ImportStatus.RUNNING
    live = LiveProgress(run.pk)
    try:
        summary = import_file(run=run, path=file_path, progress=progress, live=live)
    except ImportFileError as exc:
        logger.info("Import %s refused: %s", run.pk, exc.code or "file_error")
        _mark_failed(run, exc.message)
        raise
    except BaseException as exc:  # also SystemExit and the like: the run never stays running
        # The type and the frames, not the message: it can hold values of the file.
        logger.error(
            "Import %s failed with %s\n%s",
            run.pk,
            type(exc).__name__,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        _mark_failed(
            run,
            _("The import stopped with an unexpected error: %(error)s")
            % {"error": f"{type(exc).__name__}: {exc}"},
        )
        raise
    finally:
        live.close()
    run.refresh_from_db()
    return summary


def import_run_mark_failed(*, run: ImportRun, message: str) -> None:
    """A run that cannot start (e.g. its file cannot be read) ends failed with the reason."""
    _mark_failed(run, message)
    run.refresh_from_db()


def upload_too_large_message() -> str:
    return _("The file is larger than %(mb)s MB.") % {
        "mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def _mark_failed(run: ImportRun, message: str) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED,
        phase=ImportPhase.ENDED,
        message=f"{message} {_('Nothing of this file has been imported.')}",
        finished_at=timezone.now(),
    )


def import_run_enqueue(*, run: ImportRun) -> None:
    """Hand the run to a worker: enqueue the import task with the run's id only.

    The task's row is written in the caller's transaction (django-tasks' database backend), so
    a request that rolls back leaves no task, and a committed one leaves a task that survives a
    restart of the web process. ``manage.py veilig_worker`` runs it. The job stops itself past
    its time or memory budget (importing.budget) and marks its run failed on any way out; only
    a run whose worker dies stays 'running' without a heartbeat, and the run page then marks it
    failed as stalled (see selectors.import_run_state); the analyst starts it again.
    """
    from veilig.events.tasks import import_run_task  # the task module imports this one

    import_run_task.enqueue(run.pk)


def import_run_job(*, run_id: int) -> str:
    """The body of the import task in the worker: import the run's stored file.

    Returns the run's final status. The reason of a failure is on the run (a code and a Dutch
    message), never in the task's result: an exception's text can hold values of the file, so
    no ordinary exception leaves the job for the worker to store.
    """
    try:
        run = ImportRun.objects.select_related("source").filter(pk=run_id).first()
        if run is None or run.status != ImportStatus.QUEUED:
            return "skipped"  # gone, or already run (a task enqueued twice)
        import_run_execute(run=run)
    except Exception as exc:  # recorded on the run by import_run_execute
        logger.info("Import task %s ended with %s", run_id, type(exc).__name__)
    finally:
        _fail_unfinished(run_id)
    status = ImportRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
    return str(status or "skipped")


def _fail_unfinished(run_id: int) -> None:
    """A run still queued or running when its job has ended gets the status failed."""
    try:
        ImportRun.objects.filter(
            pk=run_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
        ).update(
            status=ImportStatus.FAILED,
            phase=ImportPhase.ENDED,
            message=_(
                "The import stopped without finishing. "
                "Nothing of this file has been imported; start it again."
            ),
            finished_at=timezone.now(),
        )
    except Exception as exc:  # the database itself is gone: the stall check takes over
        logger.error("Import %s could not be marked failed: %s", run_id, type(exc).__name__)


def import_run_mark_stalled(*, run: ImportRun) -> None:
    """A running import without a heartbeat for a long time: its worker has gone.

    The run is marked failed, not retried: a job whose worker died (killed for its memory, a
    machine that went down) would most likely die again, and half of nothing was written (one
    transaction). The analyst sees the reason and starts the import again."""
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED,
        phase=ImportPhase.ENDED,
        message=_(
            "The import stopped without finishing (the process ended). "
            "Nothing of this file has been imported; start it again."
        ),
        finished_at=timezone.now(),
    )
    if updated:
        run.refresh_from_db()
