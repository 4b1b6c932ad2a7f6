"""Views of the casework API: parse, call ONE access function or ONE service, render.

- Reads open their object through ``veilig.access.cases`` (``access_case`` and friends), which
  returns it or raises Http404 and writes exactly one audit row, granted or denied.
- Writes call only the service (``veilig.cases.services``), which does its own access check and
  writes the audit row; a view never checks access itself, so one request = one audit row.
- Input that does not parse is answered with 400 before anything is opened (and so not logged:
  no personal data was touched). A Django ``ValidationError`` from a service becomes a 400 with
  its messages. Denied and unknown objects both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from veilig.access.cases import (
    access_case,
    access_case_list,
    access_contribution,
    access_document,
)
from veilig.access.persons import access_person
from veilig.access.policy import contributions_visible_to, documents_visible_to
from veilig.accounts.models import User
from veilig.audit.context import AuditContext, audit_context_of
from veilig.cases.api import serializers as s
from veilig.cases.models import Case, Plan
from veilig.cases.selectors import CaseFilters, case_list, case_timeline, person_cases
from veilig.cases.services import (
    action_add,
    action_update,
    break_glass_open,
    case_register_new_person,
    case_transition,
    contribution_add,
    document_upload,
    participant_invite,
    plan_set,
)
from veilig.cases.vocabulary import ActionStatus, DataCategory, LegalBasis, Scope, Status, Theme

# --- Shared pieces ----------------------------------------------------------------------------

ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1, "maximum": s.MAX_ID}, OpenApiParameter.PATH
)
PAGE_PARAMETERS = [
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": 500},
        OpenApiParameter.QUERY,
        description="Number of results per page (at most 500).",
    ),
    OpenApiParameter(
        "offset",
        {"type": "integer", "minimum": 0},
        OpenApiParameter.QUERY,
        description="Index of the first result.",
    ),
]
ERROR_400 = OpenApiResponse(
    s.VALIDATION_ERROR,
    description="Invalid input: field name (or `non_field_errors`) → list of messages.",
)
ERROR_403 = OpenApiResponse(
    s.ErrorSerializer, description="Not signed in (or the CSRF check failed)."
)
ERROR_404 = OpenApiResponse(
    s.ErrorSerializer, description="Unknown, or not accessible to you (never told apart)."
)
ERRORS_READ = {403: ERROR_403, 404: ERROR_404}
ERRORS_WRITE = {400: ERROR_400, 403: ERROR_403, 404: ERROR_404}


class CasePagination(LimitOffsetPagination):
    max_limit = 500
    max_offset = 10**9  # keeps the OFFSET inside every database's integer range

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), self.max_offset)


def _messages(error: DjangoValidationError) -> dict[str, Any]:
    """A Django ValidationError as DRF's 400 body: field → messages."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


class VeiligAPIView(APIView):
    # JSON in, JSON out; a service's ValidationError is a 400 with its (translated) messages.
    # (A comment, not a docstring: drf-spectacular would copy a docstring into every operation.)

    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(detail=_messages(exc))
        return super().handle_exception(exc)

    @staticmethod
    def actor(request: Request) -> User:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            raise NotAuthenticated
        return user

    @classmethod
    def context(cls, request: Request) -> AuditContext:
        """The request's audit context (origin, channel), for a signed-in user only."""
        cls.actor(request)
        return audit_context_of(request._request)

    @staticmethod
    def parse(serializer_class: type[Serializer[Any]], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


def _case_page(view: VeiligAPIView, request: Request, queryset: QuerySet[Case]) -> Response:
    paginator = CasePagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    rows = s.CaseListItemSerializer(page, many=True).data
    return paginator.get_paginated_response(rows)


# --- Cases ------------------------------------------------------------------------------------


class CaseListView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_list",
        tags=["cases"],
        summary="List the cases you may see",
        description=(
            "Filters never carry personal data; to search by name, date of birth or BSN use "
            "`POST /api/v1/cases/search/`. Users without a case role get 404."
        ),
        parameters=[s.CaseListQuerySerializer, *PAGE_PARAMETERS],
        responses={200: s.CasePageSerializer, 400: ERROR_400, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        params = self.parse(s.CaseListQuerySerializer, request.query_params)
        visible = access_case_list(self.context(request))
        filters = CaseFilters(
            theme=params.get("theme", ""),
            status=params.get("status", ""),
            partner=params.get("partner"),
            stadsdeel=params.get("stadsdeel"),
            overdue=params["overdue"],
            sort=params["ordering"],
        )
        return _case_page(self, request, case_list(visible=visible, filters=filters))

    @extend_schema(
        operation_id="cases_register",
        tags=["cases"],
        summary="Register a case",
        description=(
            "Creates the person and registers the case for your organisation in one "
            "transaction: on any error nothing is stored."
        ),
        request=s.CaseRegisterSerializer,
        responses={201: s.CaseSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        data = self.parse(s.CaseRegisterSerializer, request.data)
        case = case_register_new_person(
            context=self.context(request),
            person=dict(data["person"]),
            theme=Theme(data["theme"]),
            reason=data["reason"],
            criteria=dict(data["criteria"]),
            stadsdeel=data["stadsdeel"],
        )
        return Response(s.CaseSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseSearchView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_search",
        tags=["cases"],
        summary="Search the cases you may see",
        description=(
            "The search term travels in the body so that it never appears in a URL or a "
            "server log; the access log records only its kind and a keyed digest."
        ),
        request=s.CaseSearchSerializer,
        parameters=PAGE_PARAMETERS,
        responses={200: s.CasePageSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        query = self.parse(s.CaseSearchSerializer, request.data)["query"]
        visible = access_case_list(self.context(request), query=query)
        return _case_page(
            self, request, case_list(visible=visible, filters=CaseFilters(query=query))
        )


class CaseDetailView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_retrieve",
        tags=["cases"],
        summary="One case as you may see it",
        description="Contributions and documents are limited to those whose sharing scope "
        "includes you.",
        parameters=[ID],
        responses={200: s.CaseDetailSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = self.actor(request)
        case = access_case(self.context(request), pk)
        try:
            plan: Plan | None = case.plan
        except ObjectDoesNotExist:
            plan = None
        detail = {
            "case": case,
            "participants": case.participants.select_related("organisation"),
            "contributions": contributions_visible_to(user, case).select_related(
                "organisation", "author"
            ),
            "plan": plan,
            "actions": case.actions.select_related("owner_organisation", "owner_user"),
            "documents": documents_visible_to(user, case).select_related("organisation"),
            "timeline": case_timeline(user=user, case=case),
        }
        return Response(s.CaseDetailSerializer(detail).data)


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


class ContributionDetailView(VeiligAPIView):
    @extend_schema(
        operation_id="contributions_retrieve",
        tags=["contributions"],
        summary="One contribution, if its sharing scope includes you",
        parameters=[ID],
        responses={200: s.ContributionSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        item = access_contribution(self.context(request), pk)
        return Response(s.ContributionSerializer(item).data)


class PersonDetailView(VeiligAPIView):
    @extend_schema(
        operation_id="persons_retrieve",
        tags=["persons"],
        summary="A person who is the subject of a case you may see",
        description="The BSN is never returned; `has_bsn` tells whether one is known.",
        parameters=[ID],
        responses={200: s.PersonSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        person = access_person(self.context(request), pk)
        cases = person_cases(user=self.actor(request), person=person)
        return Response(s.PersonSerializer(person, context={"cases": cases}).data)


class BreakGlassView(VeiligAPIView):
    @extend_schema(
        operation_id="break_glass_create",
        tags=["break-the-glass"],
        summary="Emergency read access to one case",
        description=(
            "Needs a written reason; the access is limited in time and flagged for the privacy "
            "officer's review. A case you may not open this way answers 404."
        ),
        request=s.BreakGlassInputSerializer,
        responses={201: s.BreakGlassSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
    )
    def post(self, request: Request) -> Response:
        data = self.parse(s.BreakGlassInputSerializer, request.data)
        grant = break_glass_open(
            context=self.context(request),
            reference=data["reference"],
            reason=data["reason"],
        )
        return Response(s.BreakGlassSerializer(grant).data, status=status.HTTP_201_CREATED)
