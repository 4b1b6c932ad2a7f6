"""The home page ("what needs my attention"): one section per role the user holds.

Each section shows live counts and links for what exists, and says in one line what is not
built yet. Counts, dates and case references only: no names, so no audit row (docs/ui.md,
"The home page"). Every figure comes from a selector over what ``veilig.access`` lets the
user see.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.web.overview.casework import coordinator_blocks, partner_blocks
from veilig.web.overview.intelligence import analyst_blocks, policy_blocks
from veilig.web.overview.model import AttentionItem, Block, Entry, HomeInput, RoleSection
from veilig.web.overview.street import team_member_blocks
from veilig.web.overview.supervision import admin_blocks, privacy_blocks

__all__ = [
    "ROLE_SECTIONS",
    "AttentionItem",
    "Block",
    "Entry",
    "HomeInput",
    "RoleSection",
    "role_sections_for",
]

ROLE_SECTIONS: dict[Role, RoleSection] = {
    Role.COORDINATOR: RoleSection(Role.COORDINATOR, _("Process director"), coordinator_blocks),
    Role.PARTNER: RoleSection(Role.PARTNER, _("Chain partner professional"), partner_blocks),
    Role.TEAM_MEMBER: RoleSection(
        Role.TEAM_MEMBER, _("Neighbourhood team member"), team_member_blocks
    ),
    Role.ANALYST: RoleSection(Role.ANALYST, _("Information analyst"), analyst_blocks),
    Role.POLICY: RoleSection(Role.POLICY, _("Policy officer"), policy_blocks),
    Role.PRIVACY_OFFICER: RoleSection(Role.PRIVACY_OFFICER, _("Privacy officer"), privacy_blocks),
    Role.ADMIN: RoleSection(Role.ADMIN, _("Functional administrator"), admin_blocks),
}


def role_sections_for(*, user: User) -> list[RoleSection]:
    """The sections for the roles the user holds, in the order of ``Role``."""
    codes = user.role_codes()
    return [section for role, section in ROLE_SECTIONS.items() if role.value in codes]
