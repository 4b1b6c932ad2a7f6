"""Configuration in the Django admin: teams, categories, routing and early-warning rules.

Signals and early signals themselves are not in the admin: functional administrators configure,
they do not read signal content (DESIGN.md).
"""

from __future__ import annotations

from django.contrib import admin

from veilig.signals.models import Category, EarlyWarningRule, RoutingRule, Team, TeamMembership


class TeamMembershipInline(admin.StackedInline[TeamMembership, Team]):
    """Stacked, with a plain select: every field then has its own label (axe)."""

    model = TeamMembership
    extra = 1


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "area"]
    list_select_related = ["area"]
    inlines = [TeamMembershipInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["name", "code", "parent", "restricted", "active", "position"]
    list_select_related = ["parent"]
    list_filter = ["restricted", "active"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = [
        "order",
        "name",
        "active",
        "area",
        "category",
        "time_from",
        "time_until",
        "source",
        "target_team",
        "target_organisation",
        "priority",
        "deadline_hours",
    ]
    list_display_links = ["name"]
    list_editable = ["order", "active"]
    list_select_related = ["area", "category", "target_team", "target_organisation"]
    ordering = ["order", "pk"]


@admin.register(EarlyWarningRule)
class EarlyWarningRuleAdmin(admin.ModelAdmin[EarlyWarningRule]):
    list_display = ["name", "kind", "recipient", "active"]
    list_filter = ["kind", "active"]
