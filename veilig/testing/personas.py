"""The people of the test suite. Each persona comments on what they must NOT see.

Organisations and users are synthetic. Use the fixtures in ``veilig/conftest.py``.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import Organisation, User
from veilig.accounts.roles import PartnerType, Role
from veilig.accounts.services import user_create

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test persona password


def organisation(code: str, partner_type: PartnerType) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        code=code, defaults={"name": code.replace("-", " ").title(), "partner_type": partner_type}
    )
    return org


def persona(username: str, *, org_code: str, partner_type: PartnerType, roles: list[Role]) -> User:
    return user_create(
        username=username,
        password=PASSWORD,
        organisation=organisation(org_code, partner_type),
        roles=roles,
        first_name=username.title(),
    )


def verified_client(user: User) -> Client:
    """A client signed in as ``user`` who has also passed two-factor authentication."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def partner_at_ggz(username: str = "hank") -> User:
    """A partner professional at GGZ: sees only the cases GGZ takes part in."""
    return persona(
        username, org_code="ggz", partner_type=PartnerType.MENTAL_HEALTH, roles=[Role.PARTNER]
    )
