"""The functional administrator's permissions: the group "Functioneel beheer" (migration 0005)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from veilig.accounts.models import User
from veilig.accounts.permissions import ADMINISTRATION_GROUP, administration_permissions
from veilig.accounts.roles import PartnerType, Role
from veilig.testing.administrators import staff_administrator
from veilig.testing.personas import persona

MIGRATION = import_module("veilig.accounts.migrations.0005_functional_administration_group")

# What the functional administrator manages (issue #13), and nothing else.
EXPECTED = {
    *(f"accounts.{verb}_user" for verb in ("view", "add", "change")),
    *(f"accounts.{verb}_organisation" for verb in ("view", "add", "change")),
    *(f"accounts.{verb}_userrole" for verb in ("view", "add", "change", "delete")),
    "accounts.view_privilegerequest",
    "accounts.change_privilegerequest",
    *(f"cases.{verb}_table" for verb in ("view", "add", "change")),
    *(
        f"signals.{verb}_{model}"
        for verb in ("view", "add", "change", "delete")
        for model in ("category", "routingrule", "team", "teammembership", "earlywarningrule")
    ),
    "geo.view_area",
    "geo.change_area",
    *(f"events.{verb}_eventsource" for verb in ("view", "add", "change", "delete")),
}


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no permission cache


@pytest.mark.django_db
class TestTheGroup:
    def test_the_migration_made_the_group_with_exactly_these_permissions(self) -> None:
        assert MIGRATION.GROUP == ADMINISTRATION_GROUP
        assert Group.objects.filter(name=ADMINISTRATION_GROUP).exists()
        assert administration_permissions() == EXPECTED

    def test_no_case_content_and_no_deletion_of_what_the_log_refers_to(self) -> None:
        permissions = administration_permissions()
        for app in ("cases", "registry", "audit", "privacy", "intel", "auth", "otp_totp"):
            assert not {p for p in permissions if p.startswith(f"{app}.")} - {
                f"cases.{verb}_table" for verb in ("view", "add", "change")
            }, app
        for forbidden in ("accounts.delete_user", "accounts.delete_organisation"):
            assert forbidden not in permissions
        assert "signals.view_signal" not in permissions
        assert "cases.delete_table" not in permissions

    def test_the_migration_can_run_again_and_be_undone(self) -> None:
        from django.apps import apps

        MIGRATION.remove_group(apps, None)
        assert not Group.objects.filter(name=ADMINISTRATION_GROUP).exists()
        MIGRATION.create_group(apps, None)
        MIGRATION.create_group(apps, None)  # idempotent
        assert administration_permissions() == EXPECTED


@pytest.mark.django_db
class TestTheRoleGetsTheGroupsPermissions:
    def test_an_active_staff_administrator_gets_exactly_the_group(self) -> None:
        grace = staff_administrator("grace")
        assert not grace.groups.exists()  # not a member: the role decides
        assert _fresh(grace).get_all_permissions() == EXPECTED

    def test_without_staff_status_or_the_role_or_when_inactive_nothing(self) -> None:
        plain = persona(
            "olga", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.ADMIN]
        )
        assert _fresh(plain).get_all_permissions() == set()  # no staff status
        coordinator = persona(
            "alice",
            org_code="gemeente",
            partner_type=PartnerType.MUNICIPALITY,
            roles=[Role.COORDINATOR],
        )
        coordinator.is_staff = True
        coordinator.save()
        assert _fresh(coordinator).get_all_permissions() == set()
        grace = staff_administrator("grace")
        grace.is_active = False
        grace.save()
        assert _fresh(grace).get_all_permissions() == set()

    def test_a_superuser_changes_the_group_and_with_it_every_administrator(self) -> None:
        grace = staff_administrator("grace")
        group = Group.objects.get(name=ADMINISTRATION_GROUP)
        group.permissions.remove(Permission.objects.get(codename="delete_routingrule"))
        assert "signals.delete_routingrule" not in _fresh(grace).get_all_permissions()
        assert _fresh(grace).has_perm("signals.change_routingrule")

    def test_a_renamed_group_gives_nothing(self) -> None:
        grace = staff_administrator("grace")
        Group.objects.filter(name=ADMINISTRATION_GROUP).update(name="Iets anders")
        assert _fresh(grace).get_all_permissions() == set()

    def test_the_set_is_read_once_per_user_object(self) -> None:
        grace = _fresh(staff_administrator("grace"))
        grace.has_perm("cases.change_table")
        with CaptureQueriesContext(connection) as queries:
            for perm in sorted(EXPECTED):
                assert grace.has_perm(perm)
        assert len(queries) == 0
