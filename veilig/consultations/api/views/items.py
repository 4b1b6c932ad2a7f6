"""One agenda item in the meeting view, and the writes at it: minutes, decisions, actions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from veilig.access.meetings import access_agenda_item
from veilig.access.policy import contributions_visible_to
from veilig.cases.api import serializers as case_s
from veilig.cases.api.views.base import ERRORS_READ, ERRORS_WRITE, ID, VeiligAPIView
from veilig.consultations.api import serializers as s
from veilig.consultations.selectors.agenda import item_actions, item_decisions
from veilig.consultations.services import decision_add, meeting_action_add, minutes_write

TAGS = ["agenda-items"]
WRITER = (
    "Process direction, with its own confidentiality statement for the meeting recorded; a "
    "closed or not-accepted case takes no new entries."
)


class AgendaItemDetailView(VeiligAPIView):
    @extend_schema(
        operation_id="agenda_items_retrieve",
        tags=TAGS,
        summary="One agenda item as the meeting view shows it to you",
        description=(
            "The case, its contributions within your sharing scope, the minutes, the decisions "
            "and the actions at the item with the agendas each has been on. Only after your "
            "confidentiality statement for the meeting is recorded, and only for a case open to "
            "you (break-the-glass opens a case file, never a meeting item); otherwise 404."
        ),
        parameters=[ID],
        responses={200: s.AgendaItemDetailSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = self.actor(request)
        item = access_agenda_item(self.context(request), pk)
        detail = {
            "item": item,
            "contributions": contributions_visible_to(user, item.case).select_related(
                "organisation", "author"
            ),
            "decisions": item_decisions(item=item),
            "actions": item_actions(item=item),
        }
        return Response(s.AgendaItemDetailSerializer(detail).data)


class AgendaItemMinutesView(VeiligAPIView):
    @extend_schema(
        operation_id="agenda_items_minutes_set",
        tags=TAGS,
        summary="Write the minutes of an item: beeld, oordeel, besluit",
        description=f"At least one part. {WRITER}",
        parameters=[ID],
        request=s.MinutesInputSerializer,
        responses={200: s.MinutesSerializer, **ERRORS_WRITE},
    )
    def put(self, request: Request, pk: int) -> Response:
        data = self.parse(s.MinutesInputSerializer, request.data)
        item = minutes_write(
            context=self.context(request),
            item_id=pk,
            beeld=data["beeld"],
            oordeel=data["oordeel"],
            besluit=data["besluit"],
        )
        return Response(s.MinutesSerializer(item).data)


class AgendaItemDecisionsView(VeiligAPIView):
    @extend_schema(
        operation_id="agenda_items_decisions_create",
        tags=TAGS,
        summary="Record a decision taken at an item",
        description=WRITER,
        parameters=[ID],
        request=s.DecisionInputSerializer,
        responses={201: s.DecisionSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(s.DecisionInputSerializer, request.data)
        decision = decision_add(context=self.context(request), item_id=pk, text=data["text"])
        return Response(s.DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class AgendaItemActionsView(VeiligAPIView):
    @extend_schema(
        operation_id="agenda_items_actions_create",
        tags=TAGS,
        summary="Agree an action at an item",
        description=(
            "The owner organisation must take part in the case. The action comes back on the "
            "table's agenda until it is done; its status is recorded with "
            f"`PATCH /api/v1/actions/{{id}}/`. {WRITER}"
        ),
        parameters=[ID],
        request=case_s.ActionInputSerializer,
        responses={201: case_s.ActionSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.parse(case_s.ActionInputSerializer, request.data)
        action = meeting_action_add(
            context=self.context(request),
            item_id=pk,
            description=data["description"],
            owner_organisation=data["owner_organisation"],
            owner_user=data["owner_user"],
            deadline=data["deadline"],
        )
        return Response(case_s.ActionSerializer(action).data, status=status.HTTP_201_CREATED)
