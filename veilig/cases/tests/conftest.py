"""Fixtures of the case UI and service tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.testing.personas import persona


@pytest.fixture
def ivy(db: None) -> User:
    """ivy, partner at a housing corporation: takes part in nothing; must see no case at all."""
    return persona(
        "ivy",
        org_code="woningcorporatie",
        partner_type=PartnerType.HOUSING,
        roles=[Role.PARTNER],
    )


@pytest.fixture
def document_root(tmp_path: Path, settings: Any) -> Path:
    """Uploaded test documents go to a temporary directory, not to var/."""
    settings.DOCUMENTS_ROOT = tmp_path
    return tmp_path
