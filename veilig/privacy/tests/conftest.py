from __future__ import annotations

import pytest
from django.test import Client

from veilig.accounts.models import User
from veilig.testing.personas import verified_client


@pytest.fixture
def frank_client(frank: User) -> Client:
    """The privacy officer, signed in with the second factor."""
    return verified_client(frank)
