"""Triage (weegploeg): the queue, one decision per case, informing the subject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from veilig.cases.api.serializers import (
    MAX_ID,
    CaseSerializer,
    EnumField,
    TableSerializer,
    UserSummarySerializer,
)
from veilig.cases.models import Case
from veilig.consultations.models import SubjectInforming, TriageDecision
from veilig.consultations.services import triage_session_of
from veilig.consultations.services.triage import outcomes_for
from veilig.consultations.vocabulary import TriageOutcome


class TriageCaseSerializer(CaseSerializer):
    """A case in the triage queue: its summary, its session and the outcomes that apply."""

    session = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    earlier_cases = serializers.IntegerField(
        read_only=True,
        min_value=0,
        help_text=_("Earlier cases of the same person that you may see."),
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "session", "outcomes", "earlier_cases"]

    @extend_schema_field(serializers.DateField())
    def get_session(self, case: Case) -> dt.date:
        return triage_session_of(case.registered_at)

    @extend_schema_field(serializers.ListField(child=EnumField(TriageOutcome)))
    def get_outcomes(self, case: Case) -> list[str]:
        return [outcome.value for outcome in outcomes_for(case)]


class TriagePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TriageCaseSerializer(many=True)


class TriageDecisionInputSerializer(serializers.Serializer[Any]):
    outcome = EnumField(TriageOutcome)
    reason = serializers.CharField(max_length=10_000)
    table = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The case table that takes the case (needed to accept it)."),
    )


class TriageDecisionSerializer(serializers.ModelSerializer[TriageDecision]):
    outcome = EnumField(TriageOutcome, read_only=True)
    table = TableSerializer(read_only=True, allow_null=True)
    decided_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = TriageDecision
        fields = ["id", "case", "outcome", "table", "reason", "decided_by", "decided_at", "session"]


class SubjectInformingInputSerializer(serializers.Serializer[Any]):
    informed_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The date the subject was informed; leave out to postpone."),
    )
    postponed_reason = serializers.CharField(
        max_length=10_000, required=False, allow_blank=True, default=""
    )
    review_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("When the postponement is reviewed (after today)."),
    )


class SubjectInformingSerializer(serializers.ModelSerializer[SubjectInforming]):
    postponed = serializers.BooleanField(read_only=True)
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = SubjectInforming
        fields = [
            "case",
            "informed_on",
            "postponed",
            "postponed_reason",
            "review_on",
            "recorded_by",
            "recorded_at",
        ]
