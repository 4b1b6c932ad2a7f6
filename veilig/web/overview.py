"""The home page ("what needs my attention"): one section per role the user holds.

Each section shows live counts for what is built (counts only: no names, so no audit row) and
says honestly what will appear once the remaining modules exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from veilig.access.policy import cases_visible_to
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.cases.models import BreakGlass
from veilig.cases.selectors import overdue_actions
from veilig.cases.vocabulary import Status


@dataclass(frozen=True)
class AttentionItem:
    label: str | Promise
    url: str
    count: int | None = None  # None: a link without a number


@dataclass(frozen=True)
class RoleSection:
    role: Role
    title: str | Promise
    will_show: tuple[str | Promise, ...]  # what will appear here, once its module exists
    module: str | Promise  # the module that will fill the section
    live: Callable[[User], list[AttentionItem]] | None = None  # what is built already


def _casework_items(user: User) -> list[AttentionItem]:
    visible = cases_visible_to(user)
    items = [
        AttentionItem(
            _("cases with an action past its deadline"),
            reverse("cases:list") + "?overdue=on",
            visible.filter(Exists(overdue_actions().filter(case=OuterRef("pk")))).count(),
        )
    ]
    if user.has_role(Role.COORDINATOR):
        for status in (Status.REGISTERED, Status.TRIAGE):
            items.insert(
                0,
                AttentionItem(
                    format_lazy("{}: {}", _("cases with status"), status.label),
                    reverse("cases:list") + f"?status={status.value}",
                    visible.filter(status=status).count(),
                ),
            )
    return items


def _privacy_items(user: User) -> list[AttentionItem]:
    waiting = BreakGlass.objects.filter(reviewed_at__isnull=True).count()
    return [
        AttentionItem(
            _("break-the-glass accesses waiting for your review"),
            reverse("privacy:break_glass"),
            waiting,
        ),
        AttentionItem(_("verify the access log"), reverse("privacy:chain")),
    ]


ROLE_SECTIONS: dict[Role, RoleSection] = {
    Role.COORDINATOR: RoleSection(
        Role.COORDINATOR,
        _("Process director"),
        (_("this week's case consultations and their agendas"),),
        _("case consultations"),
        _casework_items,
    ),
    Role.PARTNER: RoleSection(
        Role.PARTNER,
        _("Chain partner professional"),
        (_("consultations you are invited to"),),
        _("case consultations"),
        _casework_items,
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
        (_("retention reports: records past their retention period"),),
        _("retention"),
        _privacy_items,
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
