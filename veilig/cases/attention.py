"""What the home page counts of casework: by case reference and count, never by name.

A case reference (``ZVH-2026-00017``) names no person, so these lists write no audit row; the
case itself is opened (and logged) when its link is followed. Callers pass ``visible``, the
cases ``veilig.access.policy.cases_visible_to`` gives the user (computed once per page); a
partner's lists hold only those of them their organisation takes part in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from veilig.access.policy import contributions_visible_in
from veilig.accounts.models import User
from veilig.cases.models import Action, Case, CaseVisit, Participant, ParticipantRole
from veilig.cases.selectors import overdue_actions
from veilig.cases.vocabulary import OPEN_STATUSES, ActionStatus, Status

# How far back "invited recently" looks, and how many cases a list on the home page names.
INVITED_DAYS = 14
LIST_LIMIT = 5


@dataclass(frozen=True)
class CaseMark:
    """One line of a home-page list: a case by id and reference, with what happened."""

    case_id: int
    reference: str
    at: dt.datetime | dt.date
    count: int = 0
    flag: bool = False  # invited: not opened yet; an action: past its deadline
    mine: bool = False  # an action: the user is its owner


@dataclass(frozen=True)
class Listed:
    """The first ``LIST_LIMIT`` marks and how many there are in all."""

    marks: list[CaseMark]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.marks)


def _organisation_cases(user: User, visible: QuerySet[Case]) -> QuerySet[Case]:
    """The visible cases the user's organisation takes part in (not those of a grant)."""
    return visible.filter(participants__organisation_id=user.organisation_id or 0)


def _seen_since(user: User, field: str) -> Exists:
    """True when the user opened the row's case at or after the row's ``field``."""
    return Exists(
        CaseVisit.objects.filter(
            user=user, case_id=OuterRef("case_id"), seen_at__gte=OuterRef(field)
        )
    )


def cases_invited(*, user: User, visible: QuerySet[Case], since: dt.datetime) -> Listed:
    """Cases the user's organisation was added to as a participant since ``since``, newest
    first (registering a case oneself is no invitation); flagged when not opened since.

    Three queries: the count, the first few, the user's visits of those few (so that neither
    the visits nor the rows beyond the first few are computed for every invitation).
    """
    invitations = Participant.objects.filter(
        organisation_id=user.organisation_id or 0, invited_at__gte=since
    ).exclude(role=ParticipantRole.REGISTRANT)
    total = invitations.filter(case__in=visible).count()
    rows = list(
        invitations.filter(Exists(visible.filter(pk=OuterRef("case_id"))))
        .order_by("-invited_at", "-pk")
        .values_list("case_id", "case__reference", "invited_at")[:LIST_LIMIT]
    )
    seen = dict(
        CaseVisit.objects.filter(user=user, case_id__in=[row[0] for row in rows]).values_list(
            "case_id", "seen_at"
        )
    )
    marks = [CaseMark(pk, ref, at, flag=pk not in seen or seen[pk] < at) for pk, ref, at in rows]
    return Listed(marks, total)


@dataclass(frozen=True)
class ActionsListed(Listed):
    overdue: int = 0


def actions_for_organisation(
    *, user: User, visible: QuerySet[Case], today: dt.date
) -> ActionsListed:
    """Open actions owned by the user's organisation in visible cases, earliest deadline first
    (so those past their deadline come first). Two queries: the counts, then the first few."""
    actions = Action.objects.filter(
        owner_organisation_id=user.organisation_id or 0, status=ActionStatus.OPEN
    )
    counts = actions.filter(case__in=visible).aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    # Per row, not as a list: SQLite then walks the deadlines and stops after the first few
    # (about 25 against 120 ms for an organisation with 9,000 open actions in 17,000 cases).
    in_visible = Exists(visible.filter(pk=OuterRef("case_id")))
    rows = (
        actions.filter(in_visible)
        .order_by("deadline", "pk")
        .values_list("case_id", "case__reference", "deadline", "owner_user_id")[:LIST_LIMIT]
    )
    marks = [
        CaseMark(pk, ref, deadline, flag=deadline < today, mine=owner == user.pk)
        for pk, ref, deadline, owner in rows
    ]
    return ActionsListed(marks, counts["total"], overdue=counts["overdue"])


@dataclass(frozen=True)
class ContributionsListed(Listed):
    contributions: int = 0


def contributions_new(*, user: User, visible: QuerySet[Case]) -> ContributionsListed:
    """Contributions by others that the user may read in the open cases of their organisation,
    added since the user last opened that case (a case never opened: all of them); per case,
    the case with the latest one first. One query (plus one for the case tables)."""
    cases = _organisation_cases(user, visible).filter(status__in=[s.value for s in OPEN_STATUSES])
    rows = list(
        contributions_visible_in(user, cases)
        .exclude(author_id=user.pk)
        .filter(~_seen_since(user, "created_at"))
        .values("case_id", "case__reference")
        .annotate(n=Count("pk"), latest=Max("created_at"))
        .order_by("-latest", "-case_id")
        .values_list("case_id", "case__reference", "latest", "n")
    )
    marks = [CaseMark(pk, ref, at, count=n) for pk, ref, at, n in rows[:LIST_LIMIT]]
    return ContributionsListed(marks, len(rows), contributions=sum(row[3] for row in rows))


def case_status_counts(*, visible: QuerySet[Case], statuses: tuple[Status, ...]) -> dict[str, int]:
    """How many visible cases have each of ``statuses`` (one query)."""
    rows = (
        visible.filter(status__in=[s.value for s in statuses])
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    found = {str(status): int(n) for status, n in rows}
    return {s.value: found.get(s.value, 0) for s in statuses}


def cases_with_overdue_actions(*, visible: QuerySet[Case]) -> int:
    """Visible cases with at least one open action past its deadline."""
    # From the overdue actions, not from the cases: about half the time on 100,000 cases.
    return overdue_actions().filter(case__in=visible).values("case_id").distinct().count()
