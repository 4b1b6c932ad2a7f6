"""F12: a functional administrator cannot raise its own rights through ``/beheer/``.

Only personas and models are imported here, so that this file also runs against the code
before the fix (where it fails: the administrator gave itself the coordinator role).
"""

from __future__ import annotations

import pytest

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType
from veilig.testing.administrators import post_user_change, staff_administrator
from veilig.testing.personas import organisation, verified_client


@pytest.mark.django_db
class TestOwnAccount:
    def test_cannot_give_itself_coordinator(self) -> None:
        grace = staff_administrator("grace")
        client = verified_client(grace)

        response = post_user_change(client, grace, roles=["admin", "coordinator"])

        assert response.status_code in (200, 302)
        assert set(User.objects.get(pk=grace.pk).roles.values_list("role", flat=True)) == {"admin"}

    def test_cannot_remove_its_own_roles(self) -> None:
        grace = staff_administrator("grace")
        client = verified_client(grace)

        post_user_change(client, grace, roles=["admin"], **{"roles-0-DELETE": "on"})

        assert User.objects.get(pk=grace.pk).roles.filter(role="admin").exists()

    def test_cannot_change_its_own_organisation_or_flags(self) -> None:
        grace = staff_administrator("grace")
        police = organisation("politie", PartnerType.POLICE)
        client = verified_client(grace)

        post_user_change(client, grace, roles=["admin"], organisation=police.pk, is_superuser="on")

        grace.refresh_from_db()
        assert grace.organisation is not None and grace.organisation.code == "gemeente"
        assert grace.is_staff and not grace.is_superuser

    def test_cannot_make_another_user_superuser_or_give_permissions(self) -> None:
        grace = staff_administrator("grace")
        other = staff_administrator("heidi")
        before = set(other.user_permissions.values_list("pk", flat=True))
        client = verified_client(grace)

        post_user_change(client, other, roles=["admin"], is_superuser="on", user_permissions=[])

        other.refresh_from_db()
        assert not other.is_superuser
        assert set(other.user_permissions.values_list("pk", flat=True)) == before
