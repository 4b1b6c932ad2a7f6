"""What every view of the casework API shares: parsing, errors, pagination, the context."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from veilig.accounts.models import User
from veilig.audit.context import AuditContext, audit_context_of
from veilig.cases.api import serializers as s
from veilig.cases.models import Case

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


def case_page_response(view: VeiligAPIView, request: Request, queryset: QuerySet[Case]) -> Response:
    paginator = CasePagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    rows = s.CaseListItemSerializer(page, many=True).data
    return paginator.get_paginated_response(rows)


# --- Cases ------------------------------------------------------------------------------------
