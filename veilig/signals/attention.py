"""What the home page counts of signals and early signals (counts only, no content).

Callers pass querysets that ``veilig.access.signals`` already narrowed to what the user may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from veilig.signals.models import EarlySignal, Signal, Team
from veilig.signals.selectors import early_signals_for_team
from veilig.signals.vocabulary import (
    EARLY_OPEN_STATUSES,
    OPEN_STATUSES,
    EarlyRecipient,
    SignalStatus,
)

_OPEN = Q(status__in=[s.value for s in OPEN_STATUSES])


def early_signals_open(early: QuerySet[EarlySignal]) -> QuerySet[EarlySignal]:
    """The early signals that still ask for work: THE one place that says which statuses count.

    New and in progress count (``EARLY_OPEN_STATUSES``); closed ones do not.
    """
    return early.filter(status__in=[s.value for s in EARLY_OPEN_STATUSES])


@dataclass(frozen=True)
class TeamAttention:
    """The counts of one team's area, as its team page shows them."""

    team: Team
    new: int  # status new, in the team's district
    routed_open: int  # routed to the team by a rule (or the district default), not closed
    overdue: int  # open, in the district, past the deadline of its routing
    early_open: int  # early signals of the district that are not closed


def team_attention(
    *,
    team: Team,
    signals: QuerySet[Signal],
    early: QuerySet[EarlySignal],
    now: dt.datetime,
) -> TeamAttention:
    """Two queries: the signal counts in one aggregate, the open early signals in another."""
    district = Q(stadsdeel_code=team.area.code)
    counts = signals.filter(district | Q(team_id=team.pk)).aggregate(
        new=Count("pk", filter=district & Q(status=SignalStatus.NEW)),
        routed=Count("pk", filter=Q(team_id=team.pk) & _OPEN),
        overdue=Count("pk", filter=district & _OPEN & Q(deadline_at__lt=now)),
    )
    early_open = early_signals_open(early_signals_for_team(early, team)).count()
    return TeamAttention(
        team=team,
        new=counts["new"],
        routed_open=counts["routed"],
        overdue=counts["overdue"],
        early_open=early_open,
    )


@dataclass(frozen=True)
class DirectorAttention:
    """What the process director is asked to look at among the signals."""

    overdue: int  # open signals past their deadline, anywhere
    early_open: int  # open early signals addressed to the process director


def director_attention(
    *, signals: QuerySet[Signal], early: QuerySet[EarlySignal], now: dt.datetime
) -> DirectorAttention:
    overdue = signals.filter(_OPEN, deadline_at__lt=now).count()
    addressed = early.filter(rule__recipient=EarlyRecipient.COORDINATOR)
    return DirectorAttention(overdue=overdue, early_open=early_signals_open(addressed).count())
