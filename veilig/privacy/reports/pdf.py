"""The subject access report as a PDF: a Django template rendered by WeasyPrint (``veilig.ui.pdf``).

Tagged PDF/UA-1 with the self-hosted Noto fonts, so every name prints exactly as registered.
The letterhead names the sender (the privacy officer's organisation and the contact address of
``VEILIG_PRIVACY_CONTACT``), the date the request was received and the date by which it must be
answered (AVG art. 12(3): within one month of receipt).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.privacy.reports.build import SubjectAccessReport
from veilig.ui.pdf import render_pdf


@dataclass(frozen=True)
class Sender:
    """Who answers the request, and when it came in (no personal data of the subject)."""

    organisation: str
    contact: str
    reference: str
    requested_on: dt.date

    @property
    def answer_due(self) -> dt.date:
        """One month after receipt (AVG art. 12(3)); the last day of a shorter month if needed."""
        received = self.requested_on
        year, month = (
            (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
        )
        return dt.date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


def report_reference(report: SubjectAccessReport) -> str:
    return _("Subject access request %(id)s") % {"id": report.person.id}


def report_as_pdf(report: SubjectAccessReport, *, sender: Sender) -> bytes:
    title = _("Overview of the processing of personal data (GDPR art. 15)")
    footer = _("%(reference)s, made on %(date)s") % {
        "reference": sender.reference,
        "date": timezone.localtime(report.generated_at).strftime("%d-%m-%Y %H:%M"),
    }
    return render_pdf(
        "privacy/subject_access_pdf.html",
        {"report": report, "sender": sender, "title": title, "footer": footer},
    )


def report_file_name(report: SubjectAccessReport, extension: str) -> str:
    """A file name without personal data: the person's id and the date."""
    day = timezone.localdate(report.generated_at).isoformat()
    return f"inzageverzoek-{report.person.id}-{day}.{extension}"
