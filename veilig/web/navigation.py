"""The navigation: each role sees only its own parts of the platform."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import User
from veilig.accounts.roles import Role

# The inbox's item shows the number of unread notifications beside its label.
INBOX = "notifications:inbox"


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[Role]  # empty: every signed-in user


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("web:home", _("My overview"), frozenset()),
    NavItem(INBOX, _("Notifications"), frozenset()),
    NavItem("cases:list", _("Cases"), frozenset({Role.COORDINATOR, Role.PARTNER})),
    NavItem("triage:queue", _("Triage"), frozenset({Role.COORDINATOR})),
    NavItem("meetings:list", _("Meetings"), frozenset({Role.COORDINATOR, Role.PARTNER})),
    NavItem("followup:overview", _("Follow-up"), frozenset({Role.COORDINATOR})),
    NavItem(
        "signals:list", _("Signals"), frozenset({Role.COORDINATOR, Role.TEAM_MEMBER, Role.PARTNER})
    ),
    NavItem("signals:teams", _("My team"), frozenset({Role.COORDINATOR, Role.TEAM_MEMBER})),
    NavItem(
        "forecasts:teams",
        _("Forecast"),
        frozenset({Role.COORDINATOR, Role.TEAM_MEMBER, Role.ANALYST}),
    ),
    NavItem("dashboards:index", _("Dashboards"), frozenset({Role.ANALYST, Role.POLICY})),
    NavItem("events:import_list", _("Imports"), frozenset({Role.ANALYST})),
    NavItem("geo:explorer", _("Areas"), frozenset()),
    NavItem("privacy:person_search", _("Privacy"), frozenset({Role.PRIVACY_OFFICER})),
    NavItem("algorithms:register", _("Algorithm register"), frozenset()),
    NavItem("tables:list", _("Case tables"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem("admin:index", _("Management"), frozenset({Role.ADMIN})),
    NavItem("web:two_factor_admin", _("Two-factor authentication"), frozenset({Role.ADMIN})),
)


def nav_items_for(*, user: User) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    codes = user.role_codes()
    return [item for item in NAV_ITEMS if not item.roles or codes & {r.value for r in item.roles}]
