"""The analyst's import screens: upload, column mapping, background run with live progress,
result with the rejected rows and a downloadable report, and the list of past imports.

Only information analysts reach them (others get 404). Starting an import only enqueues a task
(services.import_run_enqueue) that a worker runs (manage.py veilig_worker); the run page polls
the run's progress, kept in the database, with htmx every second until it is done or failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from veilig.access.events import (
    OpenedRun,
    access_import_report,
    access_import_results,
    access_import_run,
    access_import_screens,
)
from veilig.audit.context import audit_context_of
from veilig.events import services
from veilig.events.forms import NEW, MappingForm, UploadForm
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.reasons import reason_label
from veilig.events.importing.tables import read_headers
from veilig.events.models import ImportStatus, SourceFormat
from veilig.events.reports import import_report, import_run_reason_counts
from veilig.events.selectors import import_run_list, import_run_state
from veilig.ui.exports import ExportFormat, export_response
from veilig.ui.views import personal_view

REJECTIONS_SHOWN = 100


@personal_view
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    access_import_screens(audit_context_of(request), detail="import-list")
    page = Paginator(import_run_list(), 50).get_page(request.GET.get("pagina"))
    return render(request, "events/import_list.html", {"page": page})


@personal_view
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    context = audit_context_of(request)
    access_import_screens(context, detail="import-new")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = data["source"] == NEW
        try:
            run = services.import_run_start(
                context=context,
                upload=data["file"],
                source_id=None if new else int(data["source"]),
                new_source=services.NewSource(
                    code=data["new_code"], name=data["new_name"], format=data["new_format"]
                )
                if new
                else None,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if run.source.format == SourceFormat.GENERIC:
                return redirect("events:import_mapping", run_id=run.pk)
            return redirect("events:import_detail", run_id=run.pk)
    return render(request, "events/import_new.html", {"form": form, "new": NEW})


@personal_view
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_import_run(audit_context_of(request), run_id)
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
            services.import_run_map(run=run, mapping=form.mapping())
            return redirect("events:import_detail", run_id=run.pk)
    else:
        form = MappingForm(
            initial=MappingForm.initial_from(run.source.mapping or {}, headers), headers=headers
        )
    return render(
        request, "events/import_mapping.html", {"run": run, "form": form, "headers": headers}
    )


def _status_context(opened: OpenedRun) -> dict[str, Any]:
    """The status block; the results once the run has ended (``access_import_results`` logged
    that on the state it decided on, so a run that stalls in between is shown next time)."""
    run, state = opened.run, opened.state
    if state.stalled:
        services.import_run_mark_stalled(run=run)
        state = import_run_state(run=run)
    shown = opened.results_shown and state.finished
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
        if shown
        else []
    )
    return {
        "run": run,
        "state": state,
        "reason_counts": import_run_reason_counts(run=run) if shown else [],
        "rejections": rejections,
        "rejections_shown": REJECTIONS_SHOWN,
        "awaiting_mapping": run.status == ImportStatus.QUEUED
        and run.source.format == SourceFormat.GENERIC
        and not run.source.mapping,
    }


@personal_view
@require_GET
def import_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    opened = access_import_results(audit_context_of(request), run_id)
    return render(request, "events/import_detail.html", _status_context(opened))


@personal_view
@require_GET
def import_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The status block alone, for htmx polling (every second while queued or running)."""
    opened = access_import_results(audit_context_of(request), run_id)
    return render(request, "events/_import_status.html", _status_context(opened))


@personal_view
@require_GET
def import_report_view(request: HttpRequest, run_id: int, fmt: ExportFormat) -> HttpResponseBase:
    """The report of an ended run as CSV or XLSX (docs/exports.md): one export row."""
    run = access_import_report(audit_context_of(request), run_id, fmt=fmt)
    return export_response(import_report(run), fmt)
