"""Meetings: the list, scheduling, one meeting with its agenda, status changes, the agenda
(add, move), attendance and the viewer's own confidentiality statement."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from veilig.access.meetings import access_meeting, access_meeting_list, statement_recorded
from veilig.cases.api.views.base import (
    ERRORS_READ,
    ERRORS_WRITE,
    ID,
    PAGE_PARAMETERS,
    CasePagination,
    VeiligAPIView,
)
from veilig.consultations.api import serializers as s
from veilig.consultations.models import Meeting
from veilig.consultations.selectors.agenda import agenda_entries, meeting_attendance
from veilig.consultations.services import (
    agenda_current,
    agenda_item_add,
    agenda_item_move,
    agenda_publish,
    attendance_record,
    meeting_cancel,
    meeting_hold,
    meeting_schedule,
    statement_accept,
)
from veilig.consultations.vocabulary import MeetingStatus

TAGS = ["meetings"]


class MeetingListView(VeiligAPIView):
    @extend_schema(
        operation_id="meetings_list",
        tags=TAGS,
        summary="List the meetings you may see",
        description=(
            "Process direction sees the meetings of every table it may see; a partner those of "
            "the tables they represent and those they attend. The radicalisation table's "
            "meetings only its members. Users without a case role get 404."
        ),
        parameters=PAGE_PARAMETERS,
        responses={200: s.MeetingPageSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        meetings = access_meeting_list(self.context(request))
        paginator = CasePagination()
        page = paginator.paginate_queryset(meetings, request, view=self)
        return paginator.get_paginated_response(s.MeetingSerializer(page, many=True).data)

    @extend_schema(
        operation_id="meetings_schedule",
        tags=TAGS,
        summary="Schedule a meeting of a case table (process direction)",
        description="A place or a video link is needed; the chair is you unless given. The "
        "agenda builds itself when the meeting is the table's next one.",
        request=s.MeetingInputSerializer,
        responses={201: s.MeetingSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        data = self.parse(s.MeetingInputSerializer, request.data)
        meeting = meeting_schedule(
            context=self.context(request),
            table_id=data["table"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            chair=data["chair"],
        )
        return Response(s.MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingDetailView(VeiligAPIView):
    @extend_schema(
        operation_id="meetings_retrieve",
        tags=TAGS,
        summary="One meeting with its agenda and attendance",
        description=(
            "An agenda line names its case (reference and codes, never the person) only when "
            "you may see the case in this meeting: your confidentiality statement is on "
            "record and the case is open to you. Otherwise `shown` is false and `case` null."
        ),
        parameters=[ID],
        responses={200: s.MeetingDetailSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = self.actor(request)
        meeting = access_meeting(self.context(request), pk)
        items = agenda_current(meeting=meeting)
        detail = {
            "meeting": meeting,
            "statement_recorded": statement_recorded(user, meeting),
            "agenda": agenda_entries(user=user, meeting=meeting, items=items),
            "attendance": meeting_attendance(meeting=meeting),
        }
        return Response(s.MeetingDetailSerializer(detail).data)


class MeetingTransitionView(VeiligAPIView):
    @extend_schema(
        operation_id="meetings_transition",
        tags=TAGS,
        summary="Publish the agenda, or record the meeting held or cancelled (process direction)",
        description="Held or cancelled, what was not done comes back on the table's next "
        "agenda by itself.",
        parameters=[ID],
        request=s.MeetingTransitionSerializer,
        responses={200: s.MeetingSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        to_status = self.parse(s.MeetingTransitionSerializer, request.data)["to_status"]
        change = {
            MeetingStatus.AGENDA_READY.value: agenda_publish,
            MeetingStatus.HELD.value: meeting_hold,
            MeetingStatus.CANCELLED.value: meeting_cancel,
        }[to_status]
        meeting: Meeting = change(context=self.context(request), meeting_id=pk)
        return Response(s.MeetingSerializer(meeting).data)


class MeetingAgendaItemsView(VeiligAPIView):
    @extend_schema(
        operation_id="meetings_agenda_items_create",
        tags=TAGS,
        summary="Add a case of the table to the agenda (process direction)",
        parameters=[ID],
        request=s.AgendaItemAddSerializer,
        responses={201: s.AgendaItemCreatedSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.AgendaItemAddSerializer, request.data)
        item = agenda_item_add(context=self.context(request), meeting_id=pk, case_id=data["case"])
        return Response(s.AgendaItemCreatedSerializer(item).data, status=status.HTTP_201_CREATED)


class MeetingAgendaMoveView(VeiligAPIView):
    @extend_schema(
        operation_id="meetings_agenda_items_move",
        tags=TAGS,
        summary="Move an agenda item to another place (process direction)",
        description="The other items close up behind it; the answer is the new order.",
        parameters=[ID],
        request=s.AgendaMoveSerializer,
        responses={200: s.AgendaPositionSerializer(many=True), **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.AgendaMoveSerializer, request.data)
        items = agenda_item_move(
            context=self.context(request),
            meeting_id=pk,
            item_id=data["item"],
            position=data["position"],
        )
        return Response(s.AgendaPositionSerializer(items, many=True).data)


class MeetingAttendanceView(VeiligAPIView):
    @extend_schema(
        operation_id="meetings_attendance_create",
        tags=TAGS,
        summary="Record who attends (process direction)",
        description="Someone who does not represent the table is recorded as incidental. "
        "Recording attendance shows nothing of a case: each attendee accepts the "
        "confidentiality statement themselves.",
        parameters=[ID],
        request=s.AttendanceInputSerializer,
        responses={201: s.AttendanceSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.AttendanceInputSerializer, request.data)
        attendance = attendance_record(
            context=self.context(request),
            meeting_id=pk,
            user=data["user"],
            present=data["present"],
        )
        return Response(s.AttendanceSerializer(attendance).data, status=status.HTTP_201_CREATED)


class MeetingStatementView(VeiligAPIView):
    @extend_schema(
        operation_id="meetings_statement_create",
        tags=TAGS,
        summary="Accept the confidentiality statement for this meeting (yourself)",
        description="Nothing of a case is shown in a meeting before it. Accepting it again "
        "keeps the first acceptance.",
        parameters=[ID],
        request=None,
        responses={200: s.AttendanceSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        attendance = statement_accept(context=self.context(request), meeting_id=pk)
        return Response(s.AttendanceSerializer(attendance).data)
