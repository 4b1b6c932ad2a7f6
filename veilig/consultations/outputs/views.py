"""The files of a meeting: ``agenda.pdf``, ``notulen.pdf`` (for the one asking, or with
``?voor=<attendance id>`` made by process direction for an attendee) and ``overleg.ics``.

The choke point is ``veilig.access.meetings.access_meeting_document``; a refusal is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.views.decorators.http import require_GET

from veilig.access.meetings import DocumentKind, access_meeting_document
from veilig.audit.context import audit_context_of
from veilig.consultations.outputs.ics import meeting_calendar
from veilig.consultations.outputs.pdf import meeting_document_file_name, meeting_document_pdf
from veilig.consultations.outputs.selectors import meeting_document_build
from veilig.ui.views import personal_view

# The largest attendance id ``?voor=`` takes; anything else asks for nobody (a refusal).
_MAX_ID = 2**31 - 1


def _attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _for_attendance(request: HttpRequest) -> int | None:
    """``?voor=<attendance id>``: absent is None; a value that is no id asks for nobody (0)."""
    value = request.GET.get("voor")
    if value is None:
        return None
    return int(value) if value.isascii() and value.isdigit() and int(value) <= _MAX_ID else 0


def _pdf(request: HttpRequest, meeting_id: int, kind: DocumentKind) -> HttpResponse:
    grant = access_meeting_document(
        audit_context_of(request), meeting_id, kind, for_attendance_id=_for_attendance(request)
    )
    document = meeting_document_build(grant=grant, kind=kind)
    return _attachment(
        meeting_document_pdf(document), "application/pdf", meeting_document_file_name(document)
    )


@personal_view
@require_GET
def agenda_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _pdf(request, meeting_id, DocumentKind.AGENDA)


@personal_view
@require_GET
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _pdf(request, meeting_id, DocumentKind.MINUTES)


@personal_view
@require_GET
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    grant = access_meeting_document(audit_context_of(request), meeting_id, DocumentKind.ICS)
    meeting = grant.meeting
    # The meeting page is the folder this file is in: /overleggen/<id>/.
    own = reverse("meeting_outputs:ics", kwargs={"meeting_id": meeting.pk})
    page_url = request.build_absolute_uri(own.rsplit("/", 1)[0] + "/")
    host, _port = split_domain_port(request.get_host())
    body = meeting_calendar(meeting=meeting, host=host or "veilig", page_url=page_url)
    return _attachment(body, "text/calendar; charset=utf-8", f"overleg-{meeting.pk}.ics")
