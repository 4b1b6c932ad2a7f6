"""The inbox in the REST API: ``GET /api/v1/notifications/``, the signed-in user's own
notifications, newest first, paged. Kinds and links only, so no audit row (as the inbox page)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer

from veilig.accounts.models import User
from veilig.notifications.models import Notification
from veilig.notifications.selectors import notifications_of
from veilig.notifications.vocabulary import NotificationKind


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    link = serializers.CharField(
        read_only=True, help_text="A site path holding ids only, such as /casussen/17/."
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "link", "created_at", "read_at"]
        read_only_fields = fields


class NotificationPagination(LimitOffsetPagination):
    max_limit = 500
    max_offset = 10**9  # keeps the OFFSET inside every database's integer range

    def get_offset(self, request: Any) -> int:
        return min(super().get_offset(request), self.max_offset)


_ERROR = inline_serializer("NotificationErrorSerializer", {"detail": serializers.CharField()})
ERRORS = {
    403: OpenApiResponse(_ERROR, description="Not signed in."),
    404: OpenApiResponse(
        _ERROR, description="Not found; as every operation of the API may answer."
    ),
}


class NotificationListView(ListAPIView[Notification]):
    # (A comment, not a docstring: drf-spectacular would copy a docstring into the operation.)
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    renderer_classes = [JSONRenderer]

    def get_queryset(self) -> QuerySet[Notification]:
        user = self.request.user
        assert isinstance(user, User)  # IsAuthenticated (settings) lets only users in
        return notifications_of(user=user)

    @extend_schema(
        operation_id="notifications_list",
        tags=["notifications"],
        summary="List your notifications",
        description=(
            "Your own notifications, newest first: the kind and a link to the page it is "
            "about, never names or case details. Open the link in the web application; "
            "reading the list does not mark anything read."
        ),
        responses={200: NotificationSerializer(many=True), **ERRORS},
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)
