"""Single items: a contribution, a person, and break-the-glass."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from veilig.access.cases import (
    access_contribution,
)
from veilig.access.persons import access_person
from veilig.cases.api import serializers as s
from veilig.cases.api.views.base import (
    ERROR_400,
    ERROR_403,
    ERROR_404,
    ERRORS_READ,
    ID,
    VeiligAPIView,
)
from veilig.cases.selectors import person_view
from veilig.cases.services import (
    break_glass_open,
)


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
        description=(
            "The BSN is never returned; `has_bsn` tells whether one is known. A process "
            "director who may see every case of the person gets the registry's record; anyone "
            "else gets the person as registered with the newest case they may see, and "
            "`has_bsn` says whether a BSN was given with one of those cases."
        ),
        parameters=[ID],
        responses={200: s.PersonSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        person = access_person(self.context(request), pk)
        view = person_view(user=self.actor(request), person=person)
        return Response(s.PersonSerializer(view).data)


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
