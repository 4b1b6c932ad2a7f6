"""The case consultations: triage decisions, informing the subject, meetings with their agenda,
attendance, minutes (beeld, oordeel, besluit), decisions and the actions agreed or brought back.

Rows are written only by ``veilig.consultations.services`` and read through ``veilig.access``.
"""

from veilig.consultations.models.agenda_action import AgendaAction
from veilig.consultations.models.agenda_item import AgendaItem
from veilig.consultations.models.attendance import Attendance
from veilig.consultations.models.decision import Decision
from veilig.consultations.models.discussion_request import DiscussionRequest
from veilig.consultations.models.meeting import Meeting
from veilig.consultations.models.subject_informing import SubjectInforming
from veilig.consultations.models.triage_decision import TriageDecision

__all__ = [
    "AgendaAction",
    "AgendaItem",
    "Attendance",
    "Decision",
    "DiscussionRequest",
    "Meeting",
    "SubjectInforming",
    "TriageDecision",
]
