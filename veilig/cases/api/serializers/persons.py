"""Persons, break-the-glass and errors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from veilig.cases.api.serializers.fields import (
    EnumField,
)
from veilig.cases.models import (
    BreakGlass,
    Case,
)
from veilig.cases.selectors import PersonView
from veilig.cases.vocabulary import (
    Status,
    Theme,
)

# --- Persons and break-the-glass --------------------------------------------------------------


class PersonCaseSerializer(serializers.ModelSerializer[Case]):
    theme = EnumField(Theme, read_only=True)
    status = EnumField(Status, name="CaseStatus", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "theme", "status"]


class PersonSerializer(serializers.Serializer[PersonView]):
    """A person as you may see them: a process director who may see every case of the person
    gets the registry's record; anyone else gets the person as registered with the newest case
    they may see."""

    id = serializers.IntegerField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    prefix = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    has_bsn = serializers.BooleanField(read_only=True)
    cases = PersonCaseSerializer(many=True, read_only=True)


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
