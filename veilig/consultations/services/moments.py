"""The first moments kept on a case (``Case.triaged_at``, ``Case.plan_at``), filled from the
records for data written without the services: the demo's bulk writers and the bench. The
services set them as they go (``triage_decide``, ``transition_apply``)."""

from __future__ import annotations

from django.db.models import Min, OuterRef, Subquery

from veilig.cases.models import Case, StatusChange
from veilig.cases.vocabulary import Status
from veilig.consultations.models import TriageDecision
from veilig.consultations.vocabulary import TriageOutcome


def case_first_moments_fill() -> int:
    """Set the first routing triage decision and the first move into "plan of action" on every
    case that lacks them; returns the number of cases changed."""
    first_decision = (
        TriageDecision.objects.filter(case=OuterRef("pk"))
        .exclude(outcome=TriageOutcome.MORE_INFORMATION)
        .order_by()
        .values("case")
        .annotate(first=Min("decided_at"))
        .values("first")
    )
    first_plan = (
        StatusChange.objects.filter(case=OuterRef("pk"), to_status=Status.PLAN)
        .order_by()
        .values("case")
        .annotate(first=Min("at"))
        .values("first")
    )
    triaged = Case.objects.filter(triaged_at__isnull=True).update(
        triaged_at=Subquery(first_decision)
    )
    planned = Case.objects.filter(plan_at__isnull=True).update(plan_at=Subquery(first_plan))
    return max(triaged, planned)
