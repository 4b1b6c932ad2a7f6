"""Views of the consultations API: parse, call ONE access function or ONE service, render.

As in the casework API (``veilig.cases.api.views``): a read opens its object through
``veilig.access.meetings``; a write calls one service, which checks access and writes the one
audit row; a service's ValidationError is a 400; denied and unknown objects both answer 404.
"""

from veilig.consultations.api.views.items import (
    AgendaItemActionsView,
    AgendaItemDecisionsView,
    AgendaItemDetailView,
    AgendaItemMinutesView,
)
from veilig.consultations.api.views.meetings import (
    MeetingAgendaItemsView,
    MeetingAgendaMoveView,
    MeetingAttendanceView,
    MeetingDetailView,
    MeetingListView,
    MeetingStatementView,
    MeetingTransitionView,
)
from veilig.consultations.api.views.triage import (
    CaseSubjectInformingView,
    CaseTriageDecisionView,
    TriageQueueView,
)

__all__ = [
    "AgendaItemActionsView",
    "AgendaItemDecisionsView",
    "AgendaItemDetailView",
    "AgendaItemMinutesView",
    "CaseSubjectInformingView",
    "CaseTriageDecisionView",
    "MeetingAgendaItemsView",
    "MeetingAgendaMoveView",
    "MeetingAttendanceView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingStatementView",
    "MeetingTransitionView",
    "TriageQueueView",
]
