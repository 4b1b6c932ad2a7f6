"""Services for accounts: the only place that writes users, roles and 2FA devices."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made anew so an old, leaked secret is never reused."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a new device when the code matches; replaces any earlier confirmed device."""
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True
