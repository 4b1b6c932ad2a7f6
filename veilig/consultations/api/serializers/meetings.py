"""Meetings: output, scheduling, status changes, the agenda as one viewer sees it, attendance."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from veilig.cases.api.serializers import (
    MAX_ID,
    EnumField,
    IdRelatedField,
    OrganisationSerializer,
    TableSerializer,
    UserSummarySerializer,
)
from veilig.cases.models import Case
from veilig.cases.selectors import active_user_options
from veilig.cases.vocabulary import Status, Theme
from veilig.consultations.models import Attendance, Meeting
from veilig.consultations.selectors.agenda import AgendaEntry
from veilig.consultations.vocabulary import AgendaReason, MeetingStatus

# The status changes a meeting can be given: publish the agenda, held, cancelled.
MEETING_TRANSITIONS = (MeetingStatus.AGENDA_READY, MeetingStatus.HELD, MeetingStatus.CANCELLED)


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    """A meeting without its agenda (no personal data: a table, a date, a place)."""

    table = TableSerializer(read_only=True)
    chair = UserSummarySerializer(read_only=True, allow_null=True)
    status = EnumField(MeetingStatus, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    duration_minutes = serializers.IntegerField(read_only=True, min_value=1)
    ends_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "table",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "place",
            "video_link",
            "chair",
            "status",
            "status_label",
            "agenda_ready_at",
        ]


class MeetingPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MeetingSerializer(many=True)


class MeetingInputSerializer(serializers.Serializer[Any]):
    table = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("Id of the case table that meets.")
    )
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(
        min_value=15, max_value=480, required=False, default=90
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_link = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")
    chair = IdRelatedField(
        queryset=active_user_options(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id of the chair; you when left out."),
    )


class MeetingTransitionSerializer(serializers.Serializer[Any]):
    to_status = EnumField(MeetingStatus, name="MeetingTransition", only=MEETING_TRANSITIONS)


class AgendaCaseSerializer(serializers.ModelSerializer[Case]):
    """The case of an agenda line: its reference and codes, never the person."""

    theme = EnumField(Theme, read_only=True)
    status = EnumField(Status, name="CaseStatus", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "theme", "status"]


class AgendaEntrySerializer(serializers.Serializer[AgendaEntry]):
    """One agenda line. ``shown`` is false (and ``case`` null) when the viewer may not see the
    case in the meeting: no statement recorded, or the case is outside their view."""

    id = serializers.IntegerField(source="item.pk", read_only=True)
    position = serializers.IntegerField(source="item.position", read_only=True, min_value=1)
    reason = EnumField(AgendaReason, read_only=True, source="item.reason")
    shown = serializers.BooleanField(read_only=True)
    case = serializers.SerializerMethodField()
    minuted = serializers.SerializerMethodField()

    @extend_schema_field(AgendaCaseSerializer(allow_null=True))
    def get_case(self, entry: AgendaEntry) -> dict[str, Any] | None:
        if not entry.shown:
            return None
        return dict(AgendaCaseSerializer(entry.item.case).data)

    @extend_schema_field(serializers.BooleanField())
    def get_minuted(self, entry: AgendaEntry) -> bool:
        return entry.shown and entry.item.minuted


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    user = UserSummarySerializer(read_only=True)
    organisation = OrganisationSerializer(read_only=True)
    statement_recorded = serializers.BooleanField(read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "meeting",
            "user",
            "organisation",
            "incidental",
            "present",
            "statement_recorded",
            "statement_accepted_at",
            "statement_version",
        ]


class AttendanceInputSerializer(serializers.Serializer[Any]):
    user = IdRelatedField(queryset=active_user_options(), help_text=_("Id of the attendee."))
    present = serializers.BooleanField(required=False, default=True)


class MeetingDetailSerializer(serializers.Serializer[Any]):
    """A meeting with its agenda and attendance as one viewer sees them."""

    meeting = MeetingSerializer()
    statement_recorded = serializers.BooleanField(
        help_text=_("Your confidentiality statement for this meeting is on record.")
    )
    agenda = AgendaEntrySerializer(many=True)
    attendance = AttendanceSerializer(many=True)
