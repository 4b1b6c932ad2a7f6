"""The functional administrator's permissions in ``/beheer/``: those of one Django group.

Roles are rows, not groups (docs/accounts.md): an active staff user with the ``admin`` role gets
exactly the permissions of the group ``ADMINISTRATION_GROUP``, made by migration
``accounts.0005_functional_administration_group``, without being a member of it. Only a superuser
may change that group or hand out groups and per-user permissions
(``veilig.accounts.administration``), so an administrator cannot widen its own rights. What the
models' admins then allow (no editing of one's own rights, four-eyes grants) is decided by the
services they call.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Model

from veilig.accounts.models import User
from veilig.accounts.roles import Role

# Renaming the group in /beheer/ takes every administrator's rights away (and shows at once).
ADMINISTRATION_GROUP = "Functioneel beheer"
_CACHE_ATTRIBUTE = "_veilig_administration_perm_cache"


def administration_permissions() -> set[str]:
    """``app_label.codename`` of every permission of the administration group."""
    rows = Permission.objects.filter(group__name=ADMINISTRATION_GROUP).values_list(
        "content_type__app_label", "codename"
    )
    return {f"{label}.{codename}" for label, codename in rows}


def _is_functional_administrator(user_obj: AbstractBaseUser | AnonymousUser) -> bool:
    return (
        isinstance(user_obj, User)
        and user_obj.is_active
        and user_obj.is_staff
        and user_obj.has_role(Role.ADMIN)
    )


class AdministratorRoleBackend(BaseBackend):
    """Grants the administration group's permissions to functional administrators.

    Authenticates nobody. The set is read once per user object (one query per request), like
    Django's own permission cache.
    """

    def get_all_permissions(
        self, user_obj: AbstractBaseUser | AnonymousUser, obj: Model | None = None
    ) -> set[str]:
        if obj is not None or not _is_functional_administrator(user_obj):
            return set()
        cached: set[str] | None = getattr(user_obj, _CACHE_ATTRIBUTE, None)
        if cached is None:
            cached = administration_permissions()
            setattr(user_obj, _CACHE_ATTRIBUTE, cached)
        return set(cached)

    def has_module_perms(self, user_obj: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        prefix = f"{app_label}."
        return any(perm.startswith(prefix) for perm in self.get_all_permissions(user_obj))
