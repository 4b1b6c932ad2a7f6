"""Small nested objects: organisation, area, table, person and user summaries."""

from __future__ import annotations

from rest_framework import serializers

from veilig.accounts.models import Organisation, User
from veilig.cases.models import Table
from veilig.geo.models import Area
from veilig.registry.models import Person

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
