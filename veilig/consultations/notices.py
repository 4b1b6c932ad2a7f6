"""Who is told what happened in the consultations (issue #14, part 5), and the telling: a
notification in the inbox and, by each user's choice, an e-mail at once or in the daily digest.
Both carry a link only: no name, no case reference, no case content."""

from __future__ import annotations

from veilig.accounts.models import User
from veilig.cases.notifying import case_link, visible_recipients
from veilig.consultations.models import TriageDecision
from veilig.notifications.models import Notification
from veilig.notifications.services import notify
from veilig.notifications.vocabulary import NotificationKind


def triage_outcome_notice(decision: TriageDecision) -> list[User]:
    """The users to tell the outcome of a triage decision: the partner who registered the case,
    if they may still open it (a notice only links to the case, so whoever may not open it is
    not told). The notifications app sends them a ``TRIAGE_OUTCOME`` notice with the case's link
    and nothing of its content."""
    registrant = decision.case.registered_by
    if not registrant.is_active:
        return []
    return visible_recipients(case=decision.case, users=[registrant])


def triage_outcome_notify(*, decision: TriageDecision, actor: User | None) -> list[Notification]:
    """Tell the registering partner that their registration was triaged (not the outcome itself:
    the case page says it to whoever may open it)."""
    recipients = [
        user for user in triage_outcome_notice(decision) if actor is None or user.pk != actor.pk
    ]
    return notify(
        recipients=recipients,
        kind=NotificationKind.TRIAGE_OUTCOME,
        link=case_link(decision.case),
        dedupe_key=f"triage_outcome:{decision.pk}",
    )
