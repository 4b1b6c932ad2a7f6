"""Triage (weegploeg): the queue, one decision per case, and informing the subject."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from veilig.access.meetings import access_triage_queue
from veilig.cases.api.views.base import (
    ERRORS_READ,
    ERRORS_WRITE,
    ID,
    PAGE_PARAMETERS,
    CasePagination,
    VeiligAPIView,
)
from veilig.consultations.api import serializers as s
from veilig.consultations.selectors.agenda import triage_queue_ordered
from veilig.consultations.services import subject_informing_record, triage_decide
from veilig.consultations.vocabulary import TriageOutcome


class TriageQueueView(VeiligAPIView):
    @extend_schema(
        operation_id="triage_list",
        tags=["triage"],
        summary="The cases waiting for triage (process direction)",
        description=(
            "Oldest first, each with the weekly session it belongs to (registered before "
            "Monday noon: that Tuesday), the outcomes that apply to it and the number of the "
            "person's earlier cases you may see."
        ),
        parameters=PAGE_PARAMETERS,
        responses={200: s.TriagePageSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        queue = triage_queue_ordered(
            user=self.actor(request), queue=access_triage_queue(self.context(request))
        )
        paginator = CasePagination()
        page = paginator.paginate_queryset(queue, request, view=self)
        return paginator.get_paginated_response(s.TriageCaseSerializer(page, many=True).data)


class CaseTriageDecisionView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_triage_decision_create",
        tags=["triage"],
        summary="Decide the triage of a case in one step (process direction)",
        description=(
            "Ordinary cases: `accept` (with `table`), `bilateral`, `local`, `not_accepted`. "
            "Radicalisation cases the weegploeg's four: `no_action`, `more_information` (the "
            "case stays in triage), `zvh_table` (with the radicalisation table), "
            "`criminal_law`. Always with a reason."
        ),
        parameters=[ID],
        request=s.TriageDecisionInputSerializer,
        responses={201: s.TriageDecisionSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.TriageDecisionInputSerializer, request.data)
        decision = triage_decide(
            context=self.context(request),
            case_id=pk,
            outcome=TriageOutcome(data["outcome"]),
            reason=data["reason"],
            table_id=data["table"],
        )
        return Response(s.TriageDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class CaseSubjectInformingView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_subject_informing_set",
        tags=["triage"],
        summary="Record informing the subject: done on a date, or postponed (process direction)",
        description="Either `informed_on` (not in the future), or `postponed_reason` with a "
        "`review_on` date after today. A new record replaces the previous one.",
        parameters=[ID],
        request=s.SubjectInformingInputSerializer,
        responses={200: s.SubjectInformingSerializer, **ERRORS_WRITE},
    )
    def put(self, request: Request, pk: int) -> Response:
        data = self.parse(s.SubjectInformingInputSerializer, request.data)
        record = subject_informing_record(
            context=self.context(request),
            case_id=pk,
            informed_on=data["informed_on"],
            postponed_reason=data["postponed_reason"],
            review_on=data["review_on"],
        )
        return Response(s.SubjectInformingSerializer(record).data)
