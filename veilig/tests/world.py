"""A small, synthetic casework world for the API tests and the schemathesis run.

Everything is written through the services (or the casework test helpers), as in real use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.cases.models import Action, Case, Contribution, Document
from veilig.cases.services import action_add, document_upload, plan_set
from veilig.cases.vocabulary import DataCategory, Scope, Theme
from veilig.geo.models import Area, AreaLevel
from veilig.testing.casework import case_for, contribution, ggz, synthetic_person
from veilig.testing.personas import partner_at_ggz

# A valid (11-check) synthetic BSN; it belongs to nobody.
BSN = "111222333"


def hank() -> User:
    return partner_at_ggz()


def use_temporary_document_storage(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Uploaded test files go to a temporary directory, not to var/documents."""
    monkeypatch.setattr(settings, "DOCUMENTS_ROOT", root)


@dataclass
class World:
    shared: Case  # registered by bob (police), GGZ invited; alice coordinates
    police_only: Case  # registered by bob, no other participants
    ggz_only: Case  # registered by hank; the police does not take part
    radicalisation: Case  # only for members of the radicalisation table (nobody here)
    stadsdeel: Area
    contributions: dict[str, Contribution] = field(default_factory=dict)
    overdue_action: Action | None = None
    shared_document: Document | None = None
    source_document: Document | None = None

    @property
    def cases(self) -> list[Case]:
        return [self.shared, self.police_only, self.ggz_only, self.radicalisation]


def build_world(*, alice: User, bob: User, hank: User) -> World:
    stadsdeel = Area.objects.create(
        code="SD099901", name="Centrum", level=AreaLevel.STADSDEEL, boundary_year=2024
    )
    shared = case_for(
        bob, participants=[ggz()], subject=synthetic_person(first_name="Jansje", bsn=BSN)
    )
    shared.stadsdeel = stadsdeel
    shared.save(update_fields=["stadsdeel"])
    world = World(
        shared=shared,
        police_only=case_for(bob, theme=Theme.NUISANCE),
        ggz_only=case_for(hank, theme=Theme.CONFUSED_PERSONS),
        radicalisation=case_for(alice, theme=Theme.RADICALISATION),
        stadsdeel=stadsdeel,
    )
    for author, scope in [
        (bob, Scope.PARTICIPANTS),
        (bob, Scope.COORDINATION),
        (bob, Scope.SOURCE),
        (hank, Scope.SOURCE),
        (alice, Scope.SOURCE),
    ]:
        assert author.organisation is not None
        key = f"{author.organisation.code}:{scope}"
        world.contributions[key] = contribution(shared, author, scope=scope)
    plan_set(
        context=AuditContext.for_command(alice),
        case_id=shared.pk,
        goals="Stabiele woonsituatie en dagbesteding.",
    )
    assert bob.organisation is not None
    world.overdue_action = action_add(
        context=AuditContext.for_command(alice),
        case_id=shared.pk,
        description="Huisbezoek afleggen",
        owner_organisation=bob.organisation,
        deadline=timezone.localdate() - dt.timedelta(days=3),
    )
    world.shared_document = document_upload(
        context=AuditContext.for_command(bob),
        case_id=shared.pk,
        upload=SimpleUploadedFile("verslag.txt", b"Synthetisch verslag.", "text/plain"),
        data_category=DataCategory.POLICE,
        scope=Scope.PARTICIPANTS,
    )
    world.source_document = document_upload(
        context=AuditContext.for_command(bob),
        case_id=shared.pk,
        upload=SimpleUploadedFile("intern.txt", b"Alleen politie.", "text/plain"),
        data_category=DataCategory.POLICE,
        scope=Scope.SOURCE,
    )
    return world
