"""The home page ("what needs my attention"): one section per role the user holds.

Until the casework, signals and intelligence modules exist, each section says honestly what
will appear there and shows no numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import User
from veilig.accounts.roles import Role


@dataclass(frozen=True)
class RoleSection:
    role: Role
    title: str | Promise
    will_show: tuple[str | Promise, ...]  # what will appear here, once its module exists
    module: str | Promise  # the module that will fill the section


ROLE_SECTIONS: dict[Role, RoleSection] = {
    Role.COORDINATOR: RoleSection(
        Role.COORDINATOR,
        _("Process director"),
        (
            _("new registrations waiting for triage"),
            _("cases with an action past its deadline or without an owner"),
            _("this week's case consultations and their agendas"),
        ),
        _("casework (Veiligheidshuis)"),
    ),
    Role.PARTNER: RoleSection(
        Role.PARTNER,
        _("Chain partner professional"),
        (
            _("cases your organisation takes part in with new contributions"),
            _("actions assigned to you and their deadlines"),
            _("consultations you are invited to"),
        ),
        _("casework (Veiligheidshuis)"),
    ),
    Role.TEAM_MEMBER: RoleSection(
        Role.TEAM_MEMBER,
        _("Neighbourhood team member"),
        (
            _("new signals in your team's area"),
            _("signals routed to you that wait for a response"),
            _("the hotspot forecast for your area for the coming week"),
        ),
        _("street signals and Veiliger Wijkteams"),
    ),
    Role.ANALYST: RoleSection(
        Role.ANALYST,
        _("Information analyst"),
        (
            _("the state of the latest incident imports and their rejected rows"),
            _("phenomenon analyses and forecasts that were updated"),
        ),
        _("intelligence"),
    ),
    Role.POLICY: RoleSection(
        Role.POLICY,
        _("Policy officer"),
        (
            _("yearly accountability indicators and their progress"),
            _("theme dashboards per area, with small numbers suppressed"),
        ),
        _("intelligence and reporting"),
    ),
    Role.PRIVACY_OFFICER: RoleSection(
        Role.PRIVACY_OFFICER,
        _("Privacy officer"),
        (
            _("break-the-glass accesses that wait for your review"),
            _("the result of the latest audit log verification"),
            _("retention reports: records past their retention period"),
        ),
        _("audit log and access control"),
    ),
    Role.ADMIN: RoleSection(
        Role.ADMIN,
        _("Functional administrator"),
        (
            _("users without an organisation or role"),
            _("consultation tables, categories and routing rules to configure"),
        ),
        _("configuration"),
    ),
}


def role_sections_for(*, user: User) -> list[RoleSection]:
    """The sections for the roles the user holds, in the order of ``Role``."""
    codes = user.role_codes()
    return [section for role, section in ROLE_SECTIONS.items() if role.value in codes]
