"""Persons, break-the-glass and errors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from veilig.cases.api.serializers.fields import (
    EnumField,
)
from veilig.cases.models import (
    BreakGlass,
    Case,
)
from veilig.cases.vocabulary import (
    Status,
    Theme,
)
from veilig.registry.models import Person

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
    # Blank allowed here: the service judges the reason, so that a refusal is audited too.
    reason = serializers.CharField(
        max_length=10_000,
        allow_blank=True,
        help_text=_(
            "Why you need this access, in your own words: at least 4 different words and "
            "20 characters."
        ),
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
