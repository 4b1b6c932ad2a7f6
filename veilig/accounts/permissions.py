"""The functional administrator's permissions in ``/beheer/``, derived from its role.

Roles are rows, not groups (docs/accounts.md): an active staff user with the ``admin`` role may
manage the configuration below, and nothing else. The list is code, so an administrator cannot
widen it; groups and per-user permissions stay for superusers to hand out, and only a superuser
may edit them (``veilig.accounts.administration``). What the models' admins then allow (no
editing of one's own rights, four-eyes grants) is decided by the services they call.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from veilig.accounts.models import User
from veilig.accounts.roles import Role

_ALL = ("view", "add", "change", "delete")

ADMIN_PERMISSIONS: frozenset[str] = frozenset(
    {
        # Users are deactivated, never deleted (the access log refers to them).
        *(f"accounts.{verb}_user" for verb in ("view", "add", "change")),
        *(f"accounts.{verb}_organisation" for verb in ("view", "add", "change")),
        *(f"accounts.{verb}_userrole" for verb in _ALL),
        # Deciding a request is the "change" permission (the admin actions ask for it).
        "accounts.view_privilegerequest",
        "accounts.change_privilegerequest",
        *(f"consultations.{verb}_table" for verb in ("view", "add", "change")),
        *(f"signals.{verb}_{model}" for verb in _ALL for model in ("team", "teammembership")),
        *(f"signals.{verb}_{model}" for verb in _ALL for model in ("category", "routingrule")),
        *(f"signals.{verb}_earlywarningrule" for verb in _ALL),
        "geo.view_area",
        "geo.change_area",
        *(f"events.{verb}_eventsource" for verb in _ALL),
    }
)


def _is_functional_administrator(user_obj: AbstractBaseUser | AnonymousUser) -> bool:
    return (
        isinstance(user_obj, User)
        and user_obj.is_active
        and user_obj.is_staff
        and user_obj.has_role(Role.ADMIN)
    )


class AdministratorRoleBackend(BaseBackend):
    """Grants ``ADMIN_PERMISSIONS`` to functional administrators; authenticates nobody."""

    def get_all_permissions(
        self, user_obj: AbstractBaseUser | AnonymousUser, obj: Model | None = None
    ) -> set[str]:
        if obj is not None or not _is_functional_administrator(user_obj):
            return set()
        return set(ADMIN_PERMISSIONS)

    def has_module_perms(self, user_obj: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        prefix = f"{app_label}."
        return any(perm.startswith(prefix) for perm in self.get_all_permissions(user_obj))
