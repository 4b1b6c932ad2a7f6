"""Fixtures of the consultation tests."""

from __future__ import annotations

import pytest

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.testing.personas import persona


@pytest.fixture
def ivy(db: None) -> User:
    """ivy, partner at a housing corporation: in no table and no case."""
    return persona(
        "ivy", org_code="woningcorporatie", partner_type=PartnerType.HOUSING, roles=[Role.PARTNER]
    )
