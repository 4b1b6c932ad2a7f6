"""The agenda and the minutes of a meeting as a PDF for one recipient (``veilig.ui.pdf``).

Tagged PDF/UA-1 with the self-hosted Noto fonts. The body is the include the meeting page
shares (``consultations/outputs/_minutes_body.html``); the PDF adds the letterhead (the
sender: the table and its chair; the recipient on a line of their own) and a footer that names
the meeting and the time the file was made, never a case or a person.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access.meetings import DocumentKind
from veilig.consultations.outputs.selectors import MeetingDocument
from veilig.ui.pdf import render_pdf


def _title(document: MeetingDocument) -> str:
    values = {
        "table": document.table_name,
        "date": timezone.localtime(document.meeting.starts_at).strftime("%d-%m-%Y"),
    }
    if document.kind is DocumentKind.MINUTES:
        return _("Minutes %(table)s, %(date)s") % values
    return _("Agenda %(table)s, %(date)s") % values


def meeting_document_pdf(document: MeetingDocument) -> bytes:
    title = _title(document)
    footer = _("%(title)s, made on %(date)s") % {
        "title": title,
        "date": timezone.localtime(document.generated_at).strftime("%d-%m-%Y %H:%M"),
    }
    return render_pdf(
        "consultations/outputs/meeting_pdf.html",
        {"document": document, "title": title, "footer": footer},
    )


def meeting_document_file_name(document: MeetingDocument) -> str:
    """Ids and a date only: ``notulen-overleg-12-2026-12-08.pdf``."""
    day = timezone.localdate(document.meeting.starts_at).isoformat()
    stem = "notulen" if document.kind is DocumentKind.MINUTES else "agenda"
    return f"{stem}-overleg-{document.meeting.pk}-{day}.pdf"
