"""The subject access report (AVG art. 15): the page, and the JSON and PDF files."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veilig.access.errors import NotFound
from veilig.access.privacy import ReportFormat, access_subject_access
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.privacy.forms import ReportOptionsForm
from veilig.privacy.reports import (
    Sender,
    SubjectAccessReport,
    report_as_json,
    report_as_pdf,
    report_file_name,
    report_reference,
    subject_access_report_build,
)
from veilig.ui.views import personal_view


def _report(
    request: HttpRequest, person_id: int, *, report_format: ReportFormat
) -> SubjectAccessReport:
    options = ReportOptionsForm(request.GET)
    with_names = bool(options.is_valid() and options.cleaned_data["namen"])
    person = access_subject_access(
        audit_context_of(request),
        person_id=person_id,
        report_format=report_format,
        with_names=with_names,
    )
    report = subject_access_report_build(person_id=person.pk, include_user_names=with_names)
    if report is None:  # removed in the meantime
        raise NotFound("person")
    return report


def _attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _query(report: SubjectAccessReport, options: ReportOptionsForm) -> str:
    """The options carried to the downloads: codes and a date, never personal data."""
    params = {"namen": "on"} if report.includes_user_names else {}
    if options.is_valid() and options.cleaned_data.get("verzoek"):
        params["verzoek"] = options.cleaned_data["verzoek"].isoformat()
    return urlencode(params)


def _sender(request: HttpRequest, report: SubjectAccessReport) -> Sender:
    options = ReportOptionsForm(request.GET)
    requested_on = options.cleaned_data.get("verzoek") if options.is_valid() else None
    organisation = signed_in_user(request).organisation
    return Sender(
        organisation=organisation.name if organisation else _("Zorg- en Veiligheidshuis"),
        contact=settings.PRIVACY_CONTACT,
        reference=report_reference(report),
        requested_on=requested_on or timezone.localdate(),
    )


@personal_view
@require_GET
def subject_access(request: HttpRequest, person_id: int) -> HttpResponse:
    report = _report(request, person_id, report_format="html")
    options = ReportOptionsForm(request.GET)
    query = _query(report, options)
    return render(
        request,
        "privacy/subject_access.html",
        {"report": report, "options": options, "query": query},
    )


@personal_view
@require_GET
def subject_access_json(request: HttpRequest, person_id: int) -> HttpResponse:
    report = _report(request, person_id, report_format="json")
    body = json.dumps(report_as_json(report), ensure_ascii=False, indent=2).encode("utf-8")
    return _attachment(body, "application/json; charset=utf-8", report_file_name(report, "json"))


@personal_view
@require_GET
def subject_access_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    report = _report(request, person_id, report_format="pdf")
    pdf = report_as_pdf(report, sender=_sender(request, report))
    return _attachment(pdf, "application/pdf", report_file_name(report, "pdf"))
