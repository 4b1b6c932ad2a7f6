"""Cases: output, list, search, registration and transitions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from veilig.cases.api.serializers.fields import (
    MAX_ID,
    EnumField,
    IdRelatedField,
)
from veilig.cases.api.serializers.nested import (
    AreaSerializer,
    OrganisationSerializer,
    PersonSummarySerializer,
    TableSerializer,
)
from veilig.cases.models import (
    Case,
)
from veilig.cases.selectors import (
    SORTS,
    stadsdeel_choices,
    table_options,
)
from veilig.cases.vocabulary import (
    Status,
    Theme,
)

# --- Cases ------------------------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer[Case]):
    """The summary of one case."""

    subject = PersonSummarySerializer(source="*", read_only=True)
    registering_organisation = OrganisationSerializer(read_only=True)
    table = TableSerializer(read_only=True, allow_null=True)
    stadsdeel = AreaSerializer(read_only=True, allow_null=True)
    theme = EnumField(Theme, read_only=True)
    status = EnumField(Status, name="CaseStatus", read_only=True)
    theme_label = serializers.CharField(source="get_theme_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "theme",
            "theme_label",
            "status",
            "status_label",
            "subject",
            "registering_organisation",
            "table",
            "stadsdeel",
            "reason",
            "criteria",
            "decision_reason",
            "outcome",
            "registered_at",
            "updated_at",
            "closed_at",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                name: {"type": "boolean"}
                for name in ("multi_domain", "coercion", "surroundings", "area_problem")
            },
            "required": ["multi_domain", "coercion", "surroundings", "area_problem"],
        }
    )
    def get_criteria(self, case: Case) -> dict[str, bool]:
        return {
            "multi_domain": case.crit_multi_domain,
            "coercion": case.crit_coercion,
            "surroundings": case.crit_surroundings,
            "area_problem": case.crit_area_problem,
        }


class CaseListItemSerializer(serializers.ModelSerializer[Case]):
    """One row of the case list; ``next_deadline`` and ``overdue_actions`` are annotations."""

    subject = PersonSummarySerializer(source="*", read_only=True)
    registering_organisation = OrganisationSerializer(read_only=True)
    table = TableSerializer(read_only=True, allow_null=True)
    stadsdeel = AreaSerializer(read_only=True, allow_null=True)
    theme = EnumField(Theme, read_only=True)
    status = EnumField(Status, name="CaseStatus", read_only=True)
    theme_label = serializers.CharField(source="get_theme_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    next_deadline = serializers.DateField(read_only=True, allow_null=True)
    overdue_actions = serializers.IntegerField(source="overdue_count", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "theme",
            "theme_label",
            "status",
            "status_label",
            "subject",
            "registering_organisation",
            "table",
            "stadsdeel",
            "registered_at",
            "next_deadline",
            "overdue_actions",
        ]


class CasePageSerializer(serializers.Serializer[Any]):
    """A page of the case list (limit/offset pagination)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseListItemSerializer(many=True)


class CaseListQuerySerializer(serializers.Serializer[Any]):
    """Filters of ``GET /cases/``. No personal data here: searching is ``POST /cases/search/``."""

    theme = EnumField(Theme, required=False)
    status = EnumField(Status, name="CaseStatus", required=False)
    partner = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("Id of an organisation that takes part in the case."),
    )
    stadsdeel = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=_("Id of a district (area).")
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text=_("Only cases with an overdue open action.")
    )
    ordering = serializers.ChoiceField(choices=list(SORTS), required=False, default="-registered")


class CaseSearchSerializer(serializers.Serializer[Any]):
    query = serializers.CharField(
        max_length=200,
        help_text=_(
            "A BSN (9 digits), a date of birth (dd-mm-yyyy or yyyy-mm-dd), a name or a case "
            "reference. The term itself is never logged."
        ),
    )


class PersonInputSerializer(serializers.Serializer[Any]):
    first_name = serializers.CharField(max_length=100)
    prefix = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    bsn = serializers.CharField(
        max_length=9,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Citizen service number; stored encrypted, never returned."),
    )


class CriteriaSerializer(serializers.Serializer[Any]):
    multi_domain = serializers.BooleanField(default=False)
    coercion = serializers.BooleanField(default=False)
    surroundings = serializers.BooleanField(default=False)
    area_problem = serializers.BooleanField(default=False)


class CaseRegisterSerializer(serializers.Serializer[Any]):
    person = PersonInputSerializer()
    theme = EnumField(Theme)
    reason = serializers.CharField(max_length=10_000)
    criteria = CriteriaSerializer()
    stadsdeel = IdRelatedField(
        queryset=stadsdeel_choices(),
        required=False,
        allow_null=True,
        default=None,
    )


class TransitionSerializer(serializers.Serializer[Any]):
    to_status = EnumField(Status, name="CaseStatus")
    reason = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    table = IdRelatedField(
        queryset=table_options(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The case table that takes the case (needed to accept it)."),
    )
