"""The files of a meeting (issue #14, item 5): the agenda and the minutes as PDF for one
recipient, holding only what that recipient may see, and the meeting as iCalendar.

The content is built in ``selectors`` from a grant of ``veilig.access.meetings
.access_meeting_document``; ``pdf`` renders it with the template include that the meeting page
shares (``consultations/outputs/_minutes_body.html``); ``ics`` writes RFC 5545.
"""

from veilig.consultations.outputs.ics import meeting_calendar
from veilig.consultations.outputs.pdf import meeting_document_file_name, meeting_document_pdf
from veilig.consultations.outputs.selectors import (
    ActionLine,
    ContributionLine,
    ItemContent,
    MeetingDocument,
    meeting_document_build,
)

__all__ = [
    "ActionLine",
    "ContributionLine",
    "ItemContent",
    "MeetingDocument",
    "meeting_calendar",
    "meeting_document_build",
    "meeting_document_file_name",
    "meeting_document_pdf",
]
