"""Routing a signal to a team or organisation: the rules, in order, loaded once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from veilig.signals.models import Category, RoutingRule, Signal, Team
from veilig.signals.services.location import DEFAULT_DEADLINE_HOURS, Location
from veilig.signals.vocabulary import (
    Priority,
)

# --- Routing --------------------------------------------------------------------------------


def time_in_window(moment: dt.time, start: dt.time | None, until: dt.time | None) -> bool:
    """True when ``moment`` lies in [start, until); a window with start > until passes midnight."""
    if start is None or until is None:
        return True
    if start == until:
        return True
    if start < until:
        return start <= moment < until
    return moment >= start or moment < until


def rule_matches(
    rule: RoutingRule,
    *,
    lineage: set[int],
    codes: frozenset[str],
    local_time: dt.time,
    source: str,
) -> bool:
    if rule.category_id is not None and rule.category_id not in lineage:
        return False
    if rule.area is not None and rule.area.code not in codes:
        return False
    if rule.source and rule.source != source:
        return False
    return time_in_window(local_time, rule.time_from, rule.time_until)


@dataclass(frozen=True)
class Route:
    """Where a signal goes: the rule that matched (None: the stadsdeel's team), its targets,
    priority and hours until the deadline."""

    rule: RoutingRule | None
    team_id: int | None
    organisation_id: int | None
    priority: int
    hours: int


class SignalRouter:
    """The active rules (in order) and the category tree, loaded once: routes any number of
    signals as ``signal_create`` routes one (the demo routes its history with it)."""

    def __init__(self) -> None:
        self.rules = list(
            RoutingRule.objects.filter(active=True).select_related("area").order_by("order", "pk")
        )
        self._parents = dict(Category.objects.values_list("pk", "parent_id"))
        self._lineages: dict[int, set[int]] = {}
        self._district_teams: dict[str, int | None] = {}

    def lineage(self, category_id: int) -> set[int]:
        """The category and its ancestors (ids)."""
        found = self._lineages.get(category_id)
        if found is None:
            found = self._lineages[category_id] = set()
            node: int | None = category_id
            while node is not None and node not in found:
                found.add(node)
                node = self._parents.get(node)
        return found

    def rule_for(
        self, *, category_id: int, codes: frozenset[str], occurred_at: dt.datetime, source: str
    ) -> RoutingRule | None:
        """The first active rule, in order, that matches; None when none does."""
        lineage = self.lineage(category_id)
        local_time = timezone.localtime(occurred_at).time()
        for rule in self.rules:
            if rule_matches(
                rule, lineage=lineage, codes=codes, local_time=local_time, source=source
            ):
                return rule
        return None

    def route(
        self,
        *,
        category_id: int,
        codes: frozenset[str],
        stadsdeel_code: str,
        occurred_at: dt.datetime,
        source: str,
    ) -> Route:
        rule = self.rule_for(
            category_id=category_id, codes=codes, occurred_at=occurred_at, source=source
        )
        if rule is not None:
            return Route(
                rule, rule.target_team_id, rule.target_organisation_id, rule.priority,
                rule.deadline_hours,
            )  # fmt: skip
        # No rule applies: the team of the district, if there is one.
        if stadsdeel_code not in self._district_teams:
            team = Team.objects.filter(area__code=stadsdeel_code).values_list("pk", flat=True)
            self._district_teams[stadsdeel_code] = team.first()
        return Route(
            None, self._district_teams[stadsdeel_code], None, Priority.NORMAL,
            DEFAULT_DEADLINE_HOURS,
        )  # fmt: skip


def routing_rule_for(
    *, category: Category, location: Location, occurred_at: dt.datetime, source: str
) -> RoutingRule | None:
    """The first active rule, in order, that matches; None when none does."""
    return SignalRouter().rule_for(
        category_id=category.pk, codes=location.codes, occurred_at=occurred_at, source=source
    )


def signal_route_apply(signal: Signal, location: Location) -> None:
    route = SignalRouter().route(
        category_id=signal.category_id,
        codes=location.codes,
        stadsdeel_code=location.stadsdeel_code,
        occurred_at=signal.occurred_at,
        source=signal.source,
    )
    signal.routed_by = route.rule
    signal.routed_rule_name = route.rule.name if route.rule is not None else ""
    signal.team_id = route.team_id
    signal.organisation_id = route.organisation_id
    signal.priority = route.priority
    signal.deadline_at = signal.reported_at + dt.timedelta(hours=route.hours)
