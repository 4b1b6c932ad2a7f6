"""Serializers of the casework API. They only parse input and render output.

Input serializers check shape and types; the business rules (and their messages) live in the
services. Output serializers never render a BSN, only whether one is known.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import Direction, extend_schema_field
from rest_framework import serializers

from veilig.accounts.models import Organisation, User
from veilig.cases.models import (
    Action,
    BreakGlass,
    Case,
    Contribution,
    Document,
    Participant,
    ParticipantRole,
    Plan,
)
from veilig.cases.selectors import SORTS
from veilig.cases.vocabulary import (
    ActionStatus,
    DataCategory,
    LegalBasis,
    Scope,
    Status,
    Theme,
)
from veilig.consultations.models import Table
from veilig.geo.models import Area, AreaLevel
from veilig.registry.models import Person

# Database ids are 64-bit; anything outside is rejected as invalid before it reaches a query.
MAX_ID = 2**63 - 1


class IdRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A primary-key reference that accepts only a positive JSON integer (no booleans)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int) or not 0 < data <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class EnumField(serializers.ChoiceField):
    """A choice field over one of the code lists, published as its own named schema component.

    Naming the component here keeps the schema stable: drf-spectacular would otherwise name
    choice sets after field names, and ``status`` of a case and of an action would collide.
    """

    def __init__(
        self,
        enum: type[models.TextChoices],
        *,
        name: str = "",
        only: tuple[models.TextChoices, ...] = (),
        **kwargs: Any,
    ) -> None:
        self.enum_name = f"{name or enum.__name__}Enum"
        members = only or tuple(enum)
        super().__init__(choices=[(m.value, m.label) for m in members], **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = EnumField
    match_subclasses = True

    def get_name(self) -> str:
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> Any:
        choices = self.target.choices
        return {
            "type": "string",
            "enum": list(choices),
            "description": build_choice_description_list(list(choices.items())),
        }


# --- Small nested objects ---------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "code", "name"]


class AreaSerializer(serializers.ModelSerializer[Area]):
    class Meta:
        model = Area
        fields = ["id", "code", "name"]


class TableSerializer(serializers.ModelSerializer[Table]):
    class Meta:
        model = Table
        fields = ["id", "code", "name"]


class PersonSummarySerializer(serializers.ModelSerializer[Person]):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name", "date_of_birth"]


class UserSummarySerializer(serializers.ModelSerializer[User]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name"]

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.get_username()


# --- Cases ------------------------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer[Case]):
    """The summary of one case."""

    subject = PersonSummarySerializer(read_only=True)
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

    subject = PersonSummarySerializer(read_only=True)
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
        queryset=Area.objects.filter(level=AreaLevel.STADSDEEL),
        required=False,
        allow_null=True,
        default=None,
    )


class TransitionSerializer(serializers.Serializer[Any]):
    to_status = EnumField(Status, name="CaseStatus")
    reason = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    table = IdRelatedField(
        queryset=Table.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The case table that takes the case (needed to accept it)."),
    )


# --- Participants, contributions, plan, actions, documents ------------------------------------


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    organisation = OrganisationSerializer(read_only=True)
    role = EnumField(ParticipantRole, read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "organisation", "role", "invited_at"]


class ParticipantInviteSerializer(serializers.Serializer[Any]):
    organisation = IdRelatedField(queryset=Organisation.objects.all())
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
    owner_organisation = IdRelatedField(queryset=Organisation.objects.all())
    owner_user = IdRelatedField(
        queryset=User.objects.filter(is_active=True),
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


# --- Persons and break-the-glass --------------------------------------------------------------


class PersonCaseSerializer(serializers.ModelSerializer[Case]):
    theme = EnumField(Theme, read_only=True)
    status = EnumField(Status, name="CaseStatus", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "theme", "status"]


class PersonSerializer(serializers.ModelSerializer[Person]):
    full_name = serializers.CharField(read_only=True)
    has_bsn = serializers.SerializerMethodField()
    cases = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "prefix",
            "last_name",
            "full_name",
            "date_of_birth",
            "has_bsn",
            "cases",
        ]

    def get_has_bsn(self, person: Person) -> bool:
        return bool(person.bsn_digest)

    @extend_schema_field(PersonCaseSerializer(many=True))
    def get_cases(self, person: Person) -> list[dict[str, Any]]:
        cases = self.context.get("cases", [])
        return list(PersonCaseSerializer(cases, many=True).data)


class BreakGlassInputSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(max_length=20, help_text=_("The case reference."))
    reason = serializers.CharField(
        max_length=10_000, help_text=_("Why you need this access (at least 20 characters).")
    )


class BreakGlassSerializer(serializers.ModelSerializer[BreakGlass]):
    reference = serializers.CharField(source="case.reference", read_only=True)

    class Meta:
        model = BreakGlass
        fields = ["id", "case", "reference", "reason", "granted_at", "expires_at"]


class ErrorSerializer(serializers.Serializer[Any]):
    """403 and 404 bodies."""

    detail = serializers.CharField()


# A 400 body maps a field name (or ``non_field_errors``) to a list of messages; nested input
# (``person``, ``criteria``) nests the same way.
VALIDATION_ERROR = OpenApiTypes.OBJECT
