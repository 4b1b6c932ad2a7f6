"""Who is told what happened in the consultations (issue #14, part 5).

These functions decide the recipients; sending (e-mail without personal data, the in-app inbox)
belongs to the notifications app, which calls ``notify`` with them.
"""

from __future__ import annotations

from veilig.access.policy import cases_visible_to
from veilig.accounts.models import User
from veilig.consultations.models import TriageDecision


def triage_outcome_notice(decision: TriageDecision) -> list[User]:
    """The users to tell the outcome of a triage decision: the partner who registered the case,
    if they may still open it (a notice only links to the case, so whoever may not open it is
    not told). The notifications app sends them a ``TRIAGE_OUTCOME`` notice with the case's link
    and nothing of its content."""
    registrant = decision.case.registered_by
    if not registrant.is_active:
        return []
    if not cases_visible_to(registrant).filter(pk=decision.case_id).exists():
        return []
    return [registrant]
