"""Services for accounts: users and roles. The second factor is in ``two_factor``."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from veilig.accounts.models import Organisation, User, UserRole
from veilig.accounts.roles import Role


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    organisation: Organisation | None,
    roles: Iterable[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    user = User(
        username=username,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    UserRole.objects.bulk_create(UserRole(user=user, role=role) for role in set(roles))
    return user
