"""Personas shared by every test.

- alice, coordinator (procesregisseur) at the municipality: sees all cases of the house; must NOT
  see configuration screens.
- bob, partner professional at the police: sees only what his organisation takes part in; must NOT
  see management pages or other organisations' content.
- hank, partner professional at GGZ: sees only the cases GGZ takes part in; must NOT see the
  police's items outside the participants scope, nor police-only cases.
- carol, team member (wijkagent) at the police: her team's area; must NOT see case content.
- dave, analyst at the municipality: pseudonymised data and aggregates; must NOT see names.
- erin, policy officer: suppressed aggregates; must NOT see event-level data.
- frank, privacy officer: the access log; must NOT see case content.
- grace, functional administrator: configuration; must NOT see case content.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.testing.personas import partner_at_ggz, persona, verified_client


@pytest.fixture
def alice(db: None) -> User:
    return persona(
        "alice",
        org_code="gemeente",
        partner_type=PartnerType.MUNICIPALITY,
        roles=[Role.COORDINATOR],
    )


@pytest.fixture
def bob(db: None) -> User:
    return persona("bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER])


@pytest.fixture
def hank(db: None) -> User:
    return partner_at_ggz()


@pytest.fixture
def carol(db: None) -> User:
    return persona(
        "carol", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.TEAM_MEMBER]
    )


@pytest.fixture
def dave(db: None) -> User:
    return persona(
        "dave", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.ANALYST]
    )


@pytest.fixture
def erin(db: None) -> User:
    return persona(
        "erin", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.POLICY]
    )


@pytest.fixture
def frank(db: None) -> User:
    return persona(
        "frank",
        org_code="gemeente",
        partner_type=PartnerType.MUNICIPALITY,
        roles=[Role.PRIVACY_OFFICER],
    )


@pytest.fixture
def grace(db: None) -> User:
    return persona(
        "grace", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[Role.ADMIN]
    )


@pytest.fixture
def alice_client(alice: User) -> Client:
    return verified_client(alice)


@pytest.fixture
def bob_client(bob: User) -> Client:
    return verified_client(bob)


@pytest.fixture
def grace_client(grace: User) -> Client:
    return verified_client(grace)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests check behaviour, not hashing cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _anchor_file_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Each test has its own (empty) anchor file, never the one under var/."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> Iterator[None]:
    """Tests assert English message ids; Dutch (the default of the product) is tested on its own
    in veilig/tests/test_translations.py, which asks for it explicitly."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_aggregate_engine() -> Iterator[None]:
    """The dashboards' engine lives per process; each test's database starts anew (and SQLite
    reuses ids after a rollback), so every test starts and ends without one."""
    from veilig.intel.aggregates import engine_reset

    engine_reset()
    yield
    engine_reset()
