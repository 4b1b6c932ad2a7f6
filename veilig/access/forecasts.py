"""Who may open the forecast map of a team, and the algorithm register.

A forecast is an aggregate without personal data (scores and event counts per 125 m cell), so
opening one writes no audit row (DESIGN.md rule 3 covers personal data); this is why these
functions do not end in ``decide``. The map is still a team page and follows the team rules of
``veilig.access.signals``, with one addition:

- a coordinator sees the forecast of every team;
- a team member sees the forecasts of their own teams only;
- an analyst sees the forecast of every team (analysts already work with pseudonymised events
  and judge the forecasts and backtests; the map holds nothing beyond that);
- partners, policy officers (the map shows small counts that their aggregates would suppress),
  privacy officers and administrators do not; they get 404, as does a team member for another
  team, so nothing tells whether a team exists.

The algorithm register (``/algoritmeregister/``) is public: no sign-in, no personal data, so no
access function.
"""

from __future__ import annotations

from django.db.models import QuerySet

from veilig.access.base import acting_user
from veilig.access.errors import NotFound
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.signals.models import Team

ALL_TEAMS_ROLES = frozenset({Role.COORDINATOR.value, Role.ANALYST.value})


def may_see_forecasts(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    codes = user.role_codes()
    return bool(codes & ALL_TEAMS_ROLES) or Role.TEAM_MEMBER.value in codes


def forecast_teams_visible_to(user: User) -> QuerySet[Team]:
    """The teams whose forecast map ``user`` may open."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    codes = user.role_codes()
    teams = Team.objects.select_related("area").order_by("name")
    if codes & ALL_TEAMS_ROLES:
        return teams
    if Role.TEAM_MEMBER.value in codes:
        return teams.filter(memberships__user=user).distinct()
    return Team.objects.none()


def access_forecast_team(context: AuditContext, team_id: int) -> Team:
    """The team whose forecast map the context's user opens.

    Writes no audit row: the map is an aggregate without personal data (see the module). Raises
    ``NotFound`` when the team does not exist or the user may not see its forecast, alike.
    """
    team = forecast_teams_visible_to(acting_user(context)).filter(pk=team_id).first()
    if team is None:
        raise NotFound("team")
    return team
