"""Serializers of the consultations API: they parse input and render output; the rules and
their messages live in the services."""

from veilig.consultations.api.serializers.items import (
    ActionHistorySerializer,
    AgendaItemAddSerializer,
    AgendaItemCreatedSerializer,
    AgendaItemDetailSerializer,
    AgendaMoveSerializer,
    AgendaPositionSerializer,
    DecisionInputSerializer,
    DecisionSerializer,
    ItemActionSerializer,
    MinutesInputSerializer,
    MinutesSerializer,
)
from veilig.consultations.api.serializers.meetings import (
    AgendaEntrySerializer,
    AttendanceInputSerializer,
    AttendanceSerializer,
    MeetingDetailSerializer,
    MeetingInputSerializer,
    MeetingPageSerializer,
    MeetingSerializer,
    MeetingTransitionSerializer,
)
from veilig.consultations.api.serializers.triage import (
    SubjectInformingInputSerializer,
    SubjectInformingSerializer,
    TriageCaseSerializer,
    TriageDecisionInputSerializer,
    TriageDecisionSerializer,
    TriagePageSerializer,
)

__all__ = [
    "ActionHistorySerializer",
    "AgendaEntrySerializer",
    "AgendaItemAddSerializer",
    "AgendaItemCreatedSerializer",
    "AgendaItemDetailSerializer",
    "AgendaMoveSerializer",
    "AgendaPositionSerializer",
    "AttendanceInputSerializer",
    "AttendanceSerializer",
    "DecisionInputSerializer",
    "DecisionSerializer",
    "ItemActionSerializer",
    "MeetingDetailSerializer",
    "MeetingInputSerializer",
    "MeetingPageSerializer",
    "MeetingSerializer",
    "MeetingTransitionSerializer",
    "MinutesInputSerializer",
    "MinutesSerializer",
    "SubjectInformingInputSerializer",
    "SubjectInformingSerializer",
    "TriageCaseSerializer",
    "TriageDecisionInputSerializer",
    "TriageDecisionSerializer",
    "TriagePageSerializer",
]
