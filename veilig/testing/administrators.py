"""Functional administrators for tests of ``/beheer/`` and helpers to post its forms.

``staff_administrator`` gets its permissions the way a real one does: from its role, through
the administration group of migration ``accounts.0005`` (``veilig.accounts.permissions``).
Explicit permissions here once hid that case tables could not be opened at all.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.testing.personas import persona


def staff_administrator(username: str) -> User:
    user = persona(
        username, org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.ADMIN]
    )
    user.is_staff = True
    user.save()
    return user


def user_change_data(user: User, *, roles: list[str], **overrides: Any) -> dict[str, Any]:
    """The POST of the user change form in ``/beheer/``: fields as they are, plus ``roles``
    as the rows of the roles inline (existing rows first, in the order given). An override of
    None leaves that field out (an unticked box)."""
    existing = list(user.roles.order_by("pk"))
    joined = user.date_joined
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation_id or "",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "roles-TOTAL_FORMS": str(len(roles)),
        "roles-INITIAL_FORMS": str(len(existing)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(user, flag):
            data[flag] = "on"
    for index, role in enumerate(roles):
        data[f"roles-{index}-user"] = user.pk
        data[f"roles-{index}-role"] = role
        data[f"roles-{index}-id"] = existing[index].pk if index < len(existing) else ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def user_change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def post_user_change(client: Client, user: User, *, roles: list[str], **overrides: Any) -> Any:
    return client.post(user_change_url(user), user_change_data(user, roles=roles, **overrides))
