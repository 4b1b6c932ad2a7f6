"""Agenda items: adding and moving them, one item as the meeting view shows it (the case, the
contributions in scope, the minutes, decisions and actions with their history), and the writes
at an item."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from veilig.cases.api.serializers import (
    MAX_ID,
    ActionSerializer,
    CaseSerializer,
    ContributionSerializer,
    EnumField,
    TableSerializer,
    UserSummarySerializer,
)
from veilig.consultations.models import AgendaAction, AgendaItem, Decision, Meeting
from veilig.consultations.selectors.agenda import ItemAction
from veilig.consultations.vocabulary import AgendaActionKind, AgendaReason


class AgendaItemAddSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("Id of a case of the meeting's table.")
    )


class AgendaItemCreatedSerializer(serializers.ModelSerializer[AgendaItem]):
    """The item just added: its place on the agenda (its content is read at the item)."""

    reason = EnumField(AgendaReason, read_only=True)
    position = serializers.IntegerField(read_only=True, min_value=1)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "case", "position", "reason"]


class AgendaMoveSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id of the item."))
    position = serializers.IntegerField(
        min_value=1, max_value=10_000, help_text=_("Its new place on the agenda, from 1.")
    )


class MeetingSummarySerializer(serializers.ModelSerializer[Meeting]):
    table = TableSerializer(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "table", "starts_at"]


class MinutesSerializer(serializers.ModelSerializer[AgendaItem]):
    """The minutes in the BOB form: beeldvorming, oordeelsvorming, besluitvorming."""

    minuted_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["beeld", "oordeel", "besluit", "minuted_by", "minuted_at"]


class MinutesInputSerializer(serializers.Serializer[Any]):
    beeld = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    oordeel = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    besluit = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    decided_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "item", "text", "decided_by", "decided_at"]


class DecisionInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=10_000)


class ActionHistorySerializer(serializers.ModelSerializer[AgendaAction]):
    """One agenda an action has been on."""

    meeting = serializers.IntegerField(source="item.meeting_id", read_only=True)
    starts_at = serializers.DateTimeField(source="item.meeting.starts_at", read_only=True)
    kind = EnumField(AgendaActionKind, read_only=True)

    class Meta:
        model = AgendaAction
        fields = ["item", "meeting", "starts_at", "kind"]


class ItemActionSerializer(serializers.Serializer[ItemAction]):
    action = ActionSerializer()
    kind = EnumField(AgendaActionKind, read_only=True)
    history = ActionHistorySerializer(many=True)


class AgendaItemDetailSerializer(serializers.Serializer[Any]):
    """One agenda item in the meeting view: exactly what the case rule shows the viewer."""

    id = serializers.IntegerField(source="item.pk")
    meeting = MeetingSummarySerializer(source="item.meeting")
    position = serializers.IntegerField(source="item.position", min_value=1)
    reason = EnumField(AgendaReason, source="item.reason")
    case = CaseSerializer(source="item.case")
    contributions = ContributionSerializer(many=True)
    minutes = MinutesSerializer(source="item")
    decisions = DecisionSerializer(many=True)
    actions = ItemActionSerializer(many=True)


class AgendaPositionSerializer(serializers.ModelSerializer[AgendaItem]):
    position = serializers.IntegerField(read_only=True, min_value=1)

    class Meta:
        model = AgendaItem
        fields = ["id", "position"]
