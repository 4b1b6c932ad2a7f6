"""Writes the teams, routing rules and signals of the demo city, then runs early warning.

Private to ``writers``. Teams and rules go through the ORM (a few dozen rows). Signals are
routed by the platform's own router (``signals.services.SignalRouter``, which ``signal_create``
uses too: the active rules loaded once, in order, the category lineage, the fallback to the
team of the stadsdeel) — a test checks that ``routing_rule_for`` agrees for every signal.
Signals, their involved persons and addresses and their status history are inserted by the
one bulk writer (``events.bulk``) with their historical times (the services stamp 'now'). The
demo writes no access-log rows for this history.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from veilig.accounts.models import User
from veilig.demo import constants
from veilig.demo.generator.casework import ORG_LOGIN
from veilig.demo.generator.events_plan import StreetPlan
from veilig.demo.generator.signals import SignalPlan
from veilig.demo.generator.signals_workflow import POLICE_MATTERS, root_of
from veilig.demo.selectors.city import demo_organisations, demo_users
from veilig.events.bulk import bulk_writer, rows_insert
from veilig.geo.models import Area
from veilig.signals.models import Category, RoutingRule, Signal, StatusChange, Team, TeamMembership
from veilig.signals.services import Route, SignalRouter

SIGNAL_FIELDS = (
    "category", "occurred_at", "reported_at", "source", "description", "rd_x", "rd_y", "lat",
    "lon", "location_method", "buurt_code", "wijk_code", "stadsdeel_code", "gemeente_code",
    "address", "reported_by", "reporting_organisation", "status", "routed_by",
    "routed_rule_name", "team", "organisation", "priority", "deadline_at", "case",
)  # fmt: skip


def teams_and_rules_write(*, plan: StreetPlan, areas: dict[str, Area]) -> dict[str, Team]:
    """The teams with their members and the routing rules; returns the teams by stadsdeel."""
    users = {user.username: user for user in demo_users()}
    orgs = {org.code: org for org in demo_organisations()}
    teams: dict[str, Team] = {}
    for spec in plan.teams:
        team = Team.objects.create(name=spec.name, area=areas[spec.stadsdeel])
        TeamMembership.objects.bulk_create(
            TeamMembership(team=team, user=users[name], function=function)
            for name, function in spec.members
        )
        teams[spec.stadsdeel] = team
    categories = {c.code: c for c in Category.objects.all()}
    RoutingRule.objects.bulk_create(
        RoutingRule(
            name=r.name, order=r.order, active=r.active,
            area=areas[r.area] if r.area else None,
            category=categories[r.category] if r.category else None,
            time_from=r.time_from, time_until=r.time_until, source=r.source,
            target_team=teams[r.team] if r.team else None,
            target_organisation=orgs[r.organisation] if r.organisation else None,
            priority=r.priority, deadline_hours=r.deadline_hours,
        )
        for r in plan.rules
    )  # fmt: skip
    return teams


def signals_write(
    *,
    plan: SignalPlan,
    buurt_codes: tuple[str, ...],
    wijk_codes: tuple[str, ...],
    stadsdeel_codes: tuple[str, ...],
    address_ids: dict[int, int],
    person_ids: list[int],
    case_ids: list[int],
    teams: dict[str, Team],
) -> int:
    """Insert the signals with their involved persons/addresses and status history."""
    users = {user.username: user for user in demo_users()}
    orgs = {org.code: org for org in demo_organisations()}
    categories = {c.code: c for c in Category.objects.all()}
    stadsdeel = [stadsdeel_codes[b] for b in plan.buurt.tolist()]
    routes = routes_for(
        categories=[categories[c] for c in plan.category],
        codes=[
            frozenset({buurt_codes[b], wijk_codes[b], stadsdeel_codes[b], constants.GEMEENTE_CODE})
            for b in plan.buurt.tolist()
        ],
        occurred=plan.occurred.tolist(),
        sources=plan.workflow.source,
        stadsdeel=stadsdeel,
    )
    writer = bulk_writer(Signal, SIGNAL_FIELDS)
    db_times = writer.time_texts
    deadline = plan.workflow.reported + np.asarray([r.hours for r in routes]) * 3600
    flow = plan.workflow
    rows = zip(
        [categories[c].pk for c in plan.category],
        db_times(plan.occurred), db_times(flow.reported), flow.source, plan.description,
        plan.rd_x.tolist(), plan.rd_y.tolist(), plan.lat.tolist(), plan.lon.tolist(),
        plan.location_method, [buurt_codes[b] for b in plan.buurt.tolist()],
        [wijk_codes[b] for b in plan.buurt.tolist()], stadsdeel,
        [constants.GEMEENTE_CODE] * len(plan),
        [address_ids[a] if a >= 0 else None for a in plan.address.tolist()],
        [users[u].pk if u else None for u in flow.reporter],
        [orgs[o].pk if o else None for o in flow.organisation],
        flow.status,
        [r.rule.pk if r.rule else None for r in routes],
        [r.rule.name if r.rule else "" for r in routes],
        [r.team_id for r in routes], [r.organisation_id for r in routes],
        [r.priority for r in routes],
        db_times(deadline),
        [case_ids[c] if c >= 0 else None for c in flow.case.tolist()],
        strict=True,
    )  # fmt: skip
    writer.insert(rows)
    ids = list(
        Signal.objects.filter(gemeente_code=constants.GEMEENTE_CODE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) != len(plan):  # pragma: no cover - only if demo signals were left behind
        raise RuntimeError("the demo signals could not be told apart from earlier ones")
    _involved_write(plan, ids, address_ids, person_ids)
    _history_write(plan, ids, routes, users, teams)
    return len(ids)


def routes_for(
    *,
    categories: list[Category],
    codes: list[frozenset[str]],
    occurred: list[int],
    sources: list[str],
    stadsdeel: list[str],
) -> list[Route]:
    """The routing of each signal by the platform's own router (``signals.services``)."""
    router = SignalRouter()
    return [
        router.route(
            category_id=category.pk,
            codes=area_codes,
            stadsdeel_code=district,
            occurred_at=dt.datetime.fromtimestamp(moment, dt.UTC),
            source=source,
        )
        for category, area_codes, moment, source, district in zip(
            categories, codes, occurred, sources, stadsdeel, strict=True
        )
    ]


def _involved_write(
    plan: SignalPlan, ids: list[int], address_ids: dict[int, int], person_ids: list[int]
) -> None:
    persons = Signal.persons.through
    rows_insert(
        persons,
        ("signal", "person"),
        ((pk, person_ids[p]) for pk, involved in zip(ids, plan.persons, strict=True)
         for p in involved),
    )  # fmt: skip
    addresses = Signal.addresses.through
    rows_insert(
        addresses,
        ("signal", "address"),
        ((pk, address_ids[a]) for pk, a in zip(ids, plan.address.tolist(), strict=True) if a >= 0),
    )


def _history_write(
    plan: SignalPlan,
    ids: list[int],
    routes: list[Route],
    users: dict[str, User],
    teams: dict[str, Team],
) -> None:
    """Status changes: the reporter creates; the routed team's member or partner handles."""
    members = {
        team.pk: list(team.memberships.order_by("pk").values_list("user_id", flat=True))
        for team in teams.values()
    }
    org_login = {users[login].organisation_id: users[login].pk for login in ORG_LOGIN.values()}
    rows = []
    for index, (pk, steps, route) in enumerate(zip(ids, plan.workflow.steps, routes, strict=True)):
        reporter = plan.workflow.reporter[index]
        reporter_id = users[reporter].pk if reporter else None
        handler = _handler(route, plan.category[index], reporter_id, members, org_login)
        previous = ""
        for status, at, note in steps:
            rows.append((pk, previous, status, note, reporter_id if not previous else handler, at))
            previous = status
    writer = bulk_writer(StatusChange, ("signal", "from_status", "to_status", "note", "by", "at"))
    times = writer.time_texts(np.asarray([row[5] for row in rows], dtype=np.int64))
    writer.insert((*row[:5], at) for row, at in zip(rows, times, strict=True))


def _handler(
    route: Route,
    category: str,
    reporter_id: int | None,
    members: dict[int, list[int]],
    org_login: dict[int | None, int],
) -> int | None:
    if route.team_id is not None:
        team = members.get(route.team_id, [])
        if reporter_id in team:
            return reporter_id
        return team[0 if root_of(category) in POLICE_MATTERS else -1] if team else None
    if route.organisation_id is not None:
        return org_login.get(route.organisation_id)
    return None
