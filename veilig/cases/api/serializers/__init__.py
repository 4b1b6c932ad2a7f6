"""Serializers of the casework API. They only parse input and render output.

Input serializers check shape and types; the business rules (and their messages) live in the
services. Output serializers never render a BSN, only whether one is known.
"""

from veilig.cases.api.serializers.case import (
    CaseListItemSerializer,
    CaseListQuerySerializer,
    CasePageSerializer,
    CaseRegisterSerializer,
    CaseSearchSerializer,
    CaseSerializer,
    CriteriaSerializer,
    PersonInputSerializer,
    TransitionSerializer,
)
from veilig.cases.api.serializers.fields import (
    MAX_ID,
    EnumField,
    EnumFieldExtension,
    IdRelatedField,
)
from veilig.cases.api.serializers.nested import (
    AreaSerializer,
    OrganisationSerializer,
    PersonSummarySerializer,
    TableSerializer,
    UserSummarySerializer,
)
from veilig.cases.api.serializers.persons import (
    VALIDATION_ERROR,
    BreakGlassInputSerializer,
    BreakGlassSerializer,
    ErrorSerializer,
    PersonCaseSerializer,
    PersonSerializer,
)
from veilig.cases.api.serializers.work import (
    ActionInputSerializer,
    ActionSerializer,
    ActionUpdateSerializer,
    CaseDetailSerializer,
    ContributionInputSerializer,
    ContributionSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    ParticipantInviteSerializer,
    ParticipantSerializer,
    PlanInputSerializer,
    PlanSerializer,
    TimelineEntrySerializer,
)

__all__ = [
    "MAX_ID",
    "VALIDATION_ERROR",
    "ActionInputSerializer",
    "ActionSerializer",
    "ActionUpdateSerializer",
    "AreaSerializer",
    "BreakGlassInputSerializer",
    "BreakGlassSerializer",
    "CaseDetailSerializer",
    "CaseListItemSerializer",
    "CaseListQuerySerializer",
    "CasePageSerializer",
    "CaseRegisterSerializer",
    "CaseSearchSerializer",
    "CaseSerializer",
    "ContributionInputSerializer",
    "ContributionSerializer",
    "CriteriaSerializer",
    "DocumentSerializer",
    "DocumentUploadSerializer",
    "EnumField",
    "EnumFieldExtension",
    "ErrorSerializer",
    "IdRelatedField",
    "OrganisationSerializer",
    "ParticipantInviteSerializer",
    "ParticipantSerializer",
    "PersonCaseSerializer",
    "PersonInputSerializer",
    "PersonSerializer",
    "PersonSummarySerializer",
    "PlanInputSerializer",
    "PlanSerializer",
    "TableSerializer",
    "TimelineEntrySerializer",
    "TransitionSerializer",
    "UserSummarySerializer",
]
