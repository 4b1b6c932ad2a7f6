"""Small nested objects: organisation, area, table, person and user summaries."""

from __future__ import annotations

from rest_framework import serializers

from veilig.accounts.models import Organisation, User
from veilig.cases.models import Case, Table
from veilig.geo.models import Area

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


class PersonSummarySerializer(serializers.Serializer[Case]):
    """A case's person as registered with that case (``source="*"``: it reads the case), never
    the registry's record behind it (docs/casework.md, "One person, once")."""

    id = serializers.IntegerField(source="subject_id", read_only=True)
    full_name = serializers.CharField(source="subject_full_name", read_only=True)
    date_of_birth = serializers.DateField(
        source="subject_date_of_birth", read_only=True, allow_null=True
    )


class UserSummarySerializer(serializers.ModelSerializer[User]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name"]

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.get_username()
