"""Participants, contributions, plan, actions, documents, timeline and the case page."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from veilig.cases.api.serializers.case import (
    CaseSerializer,
)
from veilig.cases.api.serializers.fields import (
    EnumField,
    IdRelatedField,
)
from veilig.cases.api.serializers.nested import (
    OrganisationSerializer,
    UserSummarySerializer,
)
from veilig.cases.models import (
    Action,
    Contribution,
    Document,
    Participant,
    ParticipantRole,
    Plan,
)
from veilig.cases.selectors import (
    active_user_options,
    partner_options,
)
from veilig.cases.vocabulary import (
    ActionStatus,
    DataCategory,
    LegalBasis,
    Scope,
)

# --- Participants, contributions, plan, actions, documents ------------------------------------


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    organisation = OrganisationSerializer(read_only=True)
    role = EnumField(ParticipantRole, read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "organisation", "role", "invited_at"]


class ParticipantInviteSerializer(serializers.Serializer[Any]):
    organisation = IdRelatedField(queryset=partner_options())
    role = EnumField(
        ParticipantRole,
        name="InviteRole",
        only=(ParticipantRole.PARTICIPANT, ParticipantRole.INFORMANT),
        required=False,
        default=ParticipantRole.PARTICIPANT.value,
    )


class ContributionSerializer(serializers.ModelSerializer[Contribution]):
    organisation = OrganisationSerializer(read_only=True)
    author = UserSummarySerializer(read_only=True)
    data_category = EnumField(DataCategory, read_only=True)
    legal_basis = EnumField(LegalBasis, read_only=True)
    scope = EnumField(Scope, read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "case",
            "organisation",
            "author",
            "text",
            "data_category",
            "legal_basis",
            "scope",
            "created_at",
        ]


class ContributionInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=20_000)
    data_category = EnumField(DataCategory)
    legal_basis = EnumField(LegalBasis)
    scope = EnumField(Scope)


class PlanSerializer(serializers.ModelSerializer[Plan]):
    updated_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = Plan
        fields = ["goals", "updated_by", "updated_at"]


class PlanInputSerializer(serializers.Serializer[Any]):
    goals = serializers.CharField(max_length=20_000)


class ActionSerializer(serializers.ModelSerializer[Action]):
    owner_organisation = OrganisationSerializer(read_only=True)
    owner_user = UserSummarySerializer(read_only=True, allow_null=True)
    status = EnumField(ActionStatus, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "case",
            "description",
            "owner_organisation",
            "owner_user",
            "deadline",
            "status",
            "result",
            "created_at",
            "completed_at",
        ]


class ActionInputSerializer(serializers.Serializer[Any]):
    description = serializers.CharField(max_length=500)
    owner_organisation = IdRelatedField(queryset=partner_options())
    owner_user = IdRelatedField(
        queryset=active_user_options(),
        required=False,
        allow_null=True,
        default=None,
    )
    deadline = serializers.DateField()


class ActionUpdateSerializer(serializers.Serializer[Any]):
    status = EnumField(ActionStatus)
    result = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")


class DocumentSerializer(serializers.ModelSerializer[Document]):
    """Metadata only; the file itself comes from ``GET /documents/{id}/download/``."""

    organisation = OrganisationSerializer(read_only=True)
    data_category = EnumField(DataCategory, read_only=True)
    scope = EnumField(Scope, read_only=True)
    # Explicit, so that the schema does not depend on the database's integer range.
    size = serializers.IntegerField(read_only=True, min_value=0)

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "organisation",
            "original_name",
            "content_type",
            "size",
            "data_category",
            "scope",
            "uploaded_at",
        ]


class DocumentUploadSerializer(serializers.Serializer[Any]):
    upload = serializers.FileField(allow_empty_file=False)
    data_category = EnumField(DataCategory)
    scope = EnumField(Scope)


class TimelineEntrySerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    text = serializers.CharField()
    organisation = serializers.CharField()


class CaseDetailSerializer(serializers.Serializer[Any]):
    """A case as one user may see it: contributions and documents only within their scope."""

    case = CaseSerializer()
    participants = ParticipantSerializer(many=True)
    contributions = ContributionSerializer(many=True)
    plan = PlanSerializer(allow_null=True)
    actions = ActionSerializer(many=True)
    documents = DocumentSerializer(many=True)
    timeline = TimelineEntrySerializer(many=True)
