"""Who may open the theme dashboards, and whether their small cells are suppressed.

- an analyst sees the figures unsuppressed (analysts work on pseudonymised records anyway);
- a policy officer sees them with small cells suppressed (``veilig.intel.disclosure``);
- everyone else gets 404 (coordinators, partners, team members, privacy officers and
  administrators): the dashboards are the intelligence work of the municipality.

A user with both roles sees the analyst's view. Every dashboard view and export writes one
audit row (object type ``dashboard``, the theme as its id, the view's parameters in the
detail: area codes, a period and the format — no personal data), refusals too, so that the
privacy officer can see who looked at which figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from veilig.access.base import Row, acting_user, decide, refuse
from veilig.access.needs import Purpose
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction

OBJECT_TYPE = "dashboard"


@dataclass(frozen=True)
class DashboardGrant:
    user: User
    role: str
    suppressed: bool


def dashboard_grant_for(user: User) -> DashboardGrant | None:
    """What ``user`` may see of the dashboards, without writing a row (navigation, home)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_role(Role.ANALYST):
        return DashboardGrant(user, Role.ANALYST.value, suppressed=False)
    if user.has_role(Role.POLICY):
        return DashboardGrant(user, Role.POLICY.value, suppressed=True)
    return None


def access_dashboard(
    context: AuditContext, *, theme: str, known: bool, detail: str, export: bool = False
) -> DashboardGrant:
    """The grant of the context's user for the dashboard of ``theme`` (a known theme code),
    after its audit row; NotFound after a denied row otherwise."""
    action = AuditAction.EXPORT if export else AuditAction.READ
    grant = dashboard_grant_for(acting_user(context))
    if grant is None or not known:
        refuse(
            context=context.acting(role="", purpose=Purpose.DASHBOARDS),
            row=Row(
                action, OBJECT_TYPE, theme if known else "", detail=detail if known else "unknown"
            ),
        )
    return decide(
        context=context.acting(role=grant.role, purpose=Purpose.DASHBOARDS),
        found=grant,
        granted=True,
        row=Row(action, OBJECT_TYPE, theme, detail=detail),
    )
