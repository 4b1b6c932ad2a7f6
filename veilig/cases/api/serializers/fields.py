"""Fields shared by the casework serializers: ids, enums with their labels."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_choice_description_list
from drf_spectacular.utils import Direction
from rest_framework import serializers

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
