"""Work on a case: status, participants, contributions, plan, actions, documents."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from veilig.access.cases import (
    access_document,
)
from veilig.cases.api import serializers as s
from veilig.cases.api.views.base import (
    ERRORS_READ,
    ERRORS_WRITE,
    ID,
    VeiligAPIView,
)
from veilig.cases.services import (
    action_add,
    action_update,
    case_transition,
    contribution_add,
    document_upload,
    participant_invite,
    plan_set,
)
from veilig.cases.vocabulary import ActionStatus, DataCategory, LegalBasis, Scope, Status


class CaseTransitionView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_transition",
        tags=["cases"],
        summary="Move a case to another status (process direction)",
        parameters=[ID],
        request=s.TransitionSerializer,
        responses={200: s.CaseSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.TransitionSerializer, request.data)
        case = case_transition(
            context=self.context(request),
            case_id=pk,
            to_status=Status(data["to_status"]),
            reason=data["reason"],
            table=data["table"],
        )
        return Response(s.CaseSerializer(case).data)


class CaseParticipantsView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_participants_create",
        tags=["cases"],
        summary="Invite an organisation to take part (process direction)",
        parameters=[ID],
        request=s.ParticipantInviteSerializer,
        responses={201: s.ParticipantSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.ParticipantInviteSerializer, request.data)
        participant = participant_invite(
            context=self.context(request),
            case_id=pk,
            organisation=data["organisation"],
            role=data["role"],
        )
        return Response(s.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class CaseContributionsView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_contributions_create",
        tags=["contributions"],
        summary="Add a contribution (inbreng) with its data category, legal basis and scope",
        parameters=[ID],
        request=s.ContributionInputSerializer,
        responses={201: s.ContributionSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.ContributionInputSerializer, request.data)
        item = contribution_add(
            context=self.context(request),
            case_id=pk,
            text=data["text"],
            data_category=DataCategory(data["data_category"]),
            legal_basis=LegalBasis(data["legal_basis"]),
            scope=Scope(data["scope"]),
        )
        return Response(s.ContributionSerializer(item).data, status=status.HTTP_201_CREATED)


class CasePlanView(VeiligAPIView):
    def _set(self, request: Request, pk: int) -> Response:
        data = self.parse(s.PlanInputSerializer, request.data)
        plan = plan_set(context=self.context(request), case_id=pk, goals=data["goals"])
        return Response(s.PlanSerializer(plan).data)

    @extend_schema(
        operation_id="cases_plan_set",
        tags=["cases"],
        summary="Set the plan of action (process direction)",
        parameters=[ID],
        request=s.PlanInputSerializer,
        responses={200: s.PlanSerializer, **ERRORS_WRITE},
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._set(request, pk)

    @extend_schema(
        operation_id="cases_plan_set_post",
        tags=["cases"],
        summary="Set the plan of action (process direction); the same as PUT",
        parameters=[ID],
        request=s.PlanInputSerializer,
        responses={200: s.PlanSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._set(request, pk)


class CaseActionsView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_actions_create",
        tags=["actions"],
        summary="Add an action to the plan",
        parameters=[ID],
        request=s.ActionInputSerializer,
        responses={201: s.ActionSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.ActionInputSerializer, request.data)
        item = action_add(
            context=self.context(request),
            case_id=pk,
            description=data["description"],
            owner_organisation=data["owner_organisation"],
            owner_user=data["owner_user"],
            deadline=data["deadline"],
        )
        return Response(s.ActionSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionUpdateView(VeiligAPIView):
    @extend_schema(
        operation_id="actions_update",
        tags=["actions"],
        summary="Record the status and result of an action",
        parameters=[ID],
        request=s.ActionUpdateSerializer,
        responses={200: s.ActionSerializer, **ERRORS_WRITE},
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = self.parse(s.ActionUpdateSerializer, request.data)
        item = action_update(
            context=self.context(request),
            action_id=pk,
            status=ActionStatus(data["status"]),
            result=data["result"],
        )
        return Response(s.ActionSerializer(item).data)


class CaseDocumentsView(VeiligAPIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cases_documents_create",
        tags=["documents"],
        summary="Upload a document (multipart/form-data)",
        description="Allowed types and the size limit are set by the platform "
        "(`DOCUMENT_CONTENT_TYPES`, `VEILIG_DOCUMENT_MAX_MB`).",
        parameters=[ID],
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.DocumentSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.DocumentUploadSerializer, request.data)
        document = document_upload(
            context=self.context(request),
            case_id=pk,
            upload=data["upload"],
            data_category=DataCategory(data["data_category"]),
            scope=Scope(data["scope"]),
        )
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDownloadView(VeiligAPIView):
    @extend_schema(
        operation_id="documents_download",
        tags=["documents"],
        summary="Download a document as an attachment",
        parameters=[ID],
        responses={
            **{
                (200, content_type): OpenApiResponse(OpenApiTypes.BINARY)
                for content_type in settings.DOCUMENT_CONTENT_TYPES
            },
            **ERRORS_READ,
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        document = access_document(self.context(request), pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
