"""The analyst's import screens: upload, column mapping, background run with live progress,
result with the rejected rows and a downloadable report, and the list of past imports.

Only information analysts reach them (others get 404). Starting an import only enqueues a task
(services.import_run_enqueue) that a worker runs (manage.py veilig_worker); the run page polls
the run's progress, kept in the database, with htmx every second until it is done or failed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from veilig.accounts.models import User
from veilig.audit.models import AuditAction
from veilig.events import services
from veilig.events.access import (
    access_import_run,
    audit_import,
    audit_import_refused,
    require_analyst,
)
from veilig.events.forms import NEW, MappingForm, UploadForm
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.reasons import reason_label
from veilig.events.importing.tables import read_headers
from veilig.events.models import EventSource, ImportRun, ImportStatus, SourceFormat
from veilig.events.reports import report_filename, write_report
from veilig.events.selectors import (
    import_run_list,
    import_run_reason_counts,
    import_run_state,
)

REJECTIONS_SHOWN = 100

AnalystView = Callable[..., HttpResponseBase]


def analyst_view(view: AnalystView) -> AnalystView:
    """Signed in (2FA by middleware), analyst or 404, never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = require_analyst(request)
        response = view(request, user, *args, **kwargs)
        response["Cache-Control"] = "private, no-store, max-age=0"
        return response

    return login_required(never_cache(wrapper))


@analyst_view
@require_GET
def import_list(request: HttpRequest, user: User) -> HttpResponse:
    page = Paginator(import_run_list(), 50).get_page(request.GET.get("pagina"))
    return render(request, "events/import_list.html", {"page": page})


@analyst_view
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest, user: User) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["source"] == NEW:
                    source = services.event_source_create(
                        code=data["new_code"], name=data["new_name"], format=data["new_format"]
                    )
                else:
                    source = EventSource.objects.get(pk=int(data["source"]))
                stored = services.upload_store(upload=data["file"])
                run = services.import_run_create(
                    source=source,
                    file_name=data["file"].name,
                    started_by=user,
                    stored_path=stored,
                )
                # The source's code only: a file name can hold personal data.
                audit_import(request, action=AuditAction.CREATE, run_id=run.pk, detail=source.code)
                if source.format != SourceFormat.GENERIC:
                    services.import_run_enqueue(run=run)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if source.format == SourceFormat.GENERIC:
                return redirect("events:import_mapping", run_id=run.pk)
            return redirect("events:import_detail", run_id=run.pk)
    return render(request, "events/import_new.html", {"form": form, "new": NEW})


@analyst_view
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, user: User, run_id: int) -> HttpResponse:
    run = access_import_run(request, run_id)
    if run.status != ImportStatus.QUEUED or run.source.format != SourceFormat.GENERIC:
        return redirect("events:import_detail", run_id=run.pk)
    try:
        headers = read_headers(Path(run.stored_path), sheet=run.source.mapping.get("sheet"))
    except ImportFileError as exc:
        services.import_run_mark_failed(run=run, message=exc.message)
        messages.error(request, exc.message)
        return redirect("events:import_detail", run_id=run.pk)
    if request.method == "POST":
        form = MappingForm(request.POST, headers=headers)
        if form.is_valid():
            with transaction.atomic():
                services.event_source_save_mapping(source=run.source, mapping=form.mapping())
                services.import_run_enqueue(run=run)
            return redirect("events:import_detail", run_id=run.pk)
    else:
        form = MappingForm(
            initial=MappingForm.initial_from(run.source.mapping or {}, headers), headers=headers
        )
    return render(
        request, "events/import_mapping.html", {"run": run, "form": form, "headers": headers}
    )


def _status_context(request: HttpRequest, run: ImportRun) -> dict[str, Any]:
    state = import_run_state(run=run)
    if state.stalled:
        services.import_run_mark_stalled(run=run)
        state = import_run_state(run=run)
    if state.finished:  # the results (rejected rows, external ids) are shown: one read row
        audit_import(request, action=AuditAction.READ, run_id=run.pk, detail="results")
    rejections = (
        [
            {
                "row": item.get("row"),
                "external_id": item.get("external_id", ""),
                "reasons": [
                    reason_label(reason, column)
                    for reason, column in zip(
                        item.get("reasons", []),
                        item.get("columns") or [""] * len(item.get("reasons", [])),
                        strict=False,
                    )
                ],
            }
            for item in (run.rejections or [])[:REJECTIONS_SHOWN]
        ]
        if state.finished
        else []
    )
    return {
        "run": run,
        "state": state,
        "reason_counts": import_run_reason_counts(run=run) if state.finished else [],
        "rejections": rejections,
        "rejections_shown": REJECTIONS_SHOWN,
        "awaiting_mapping": run.status == ImportStatus.QUEUED
        and run.source.format == SourceFormat.GENERIC
        and not run.source.mapping,
    }


@analyst_view
@require_GET
def import_detail(request: HttpRequest, user: User, run_id: int) -> HttpResponse:
    run = access_import_run(request, run_id)
    return render(request, "events/import_detail.html", _status_context(request, run))


@analyst_view
@require_GET
def import_progress(request: HttpRequest, user: User, run_id: int) -> HttpResponse:
    """The status block alone, for htmx polling (every second while queued or running)."""
    run = access_import_run(request, run_id)
    return render(request, "events/_import_status.html", _status_context(request, run))


@analyst_view
@require_GET
def import_report(request: HttpRequest, user: User, run_id: int) -> HttpResponse:
    run = access_import_run(request, run_id, action=AuditAction.DOWNLOAD)
    if run.status not in (ImportStatus.DONE, ImportStatus.FAILED):
        audit_import_refused(
            request, action=AuditAction.DOWNLOAD, run_id=run.pk, detail="report:not-finished"
        )
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(run)}"'
    write_report(run, response)  # type: ignore[arg-type]
    audit_import(request, action=AuditAction.DOWNLOAD, run_id=run.pk, detail="report")
    return response
