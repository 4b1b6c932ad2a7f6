"""Creating signals: location at ingest, photos without EXIF, the workflow, linking a case."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from veilig.access.errors import NotFound
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.signals.models import Category, Signal
from veilig.signals.services import photo_strip, signal_link_case, signal_transition
from veilig.signals.tests.conftest import NOORD, address, jpeg_with_exif, make_signal
from veilig.signals.vocabulary import SignalStatus
from veilig.testing.casework import case_for

pytestmark = pytest.mark.django_db


def test_category_tree_is_seeded_with_radicalisation_restricted() -> None:
    top = set(Category.objects.filter(parent=None).values_list("code", flat=True))
    assert top == {
        "overlast-jeugd",
        "drugsoverlast",
        "verward-gedrag",
        "woninginbraak",
        "vernieling",
        "overlast-personen",
        "woonoverlast",
        "ondermijning",
        "radicalisering",
        "overig",
    }
    assert set(Category.objects.filter(restricted=True).values_list("code", flat=True)) == {
        "radicalisering"
    }
    child = Category.objects.create(
        code="radicalisering-online",
        name="Online",
        parent=Category.objects.get(code="radicalisering"),
    )
    assert child.restricted is True  # a child of a restricted category is restricted


def test_signal_gets_rd_wgs84_and_area_codes_at_ingest(teams, carol: User) -> None:
    signal = make_signal(carol)
    assert signal.buurt_code == "BU99990101"
    assert signal.wijk_code == "WK999901"
    assert signal.stadsdeel_code == "SD999901"
    assert signal.gemeente_code == "GM9999"
    assert 230_000 < signal.rd_x < 240_000 and 580_000 < signal.rd_y < 590_000
    assert signal.reporting_organisation == carol.organisation
    assert signal.status == SignalStatus.NEW
    # No rule configured: the team of the district, with the default deadline.
    assert signal.team == teams["centrum"]
    assert signal.deadline_at == signal.reported_at + dt.timedelta(hours=72)
    assert (
        AuditEntry.objects.filter(
            object_type="signal", action="create", object_id=str(signal.pk)
        ).count()
        == 1
    )


def test_signal_from_an_address_uses_its_position(teams, carol: User) -> None:
    home = address(point=NOORD)
    signal = make_signal(carol, address=home)
    assert signal.stadsdeel_code == "SD999902"
    assert (signal.lat, signal.lon) == NOORD
    assert list(signal.addresses.all()) == [home]


def test_location_outside_every_buurt_is_refused_and_nothing_is_stored(teams, carol) -> None:
    with pytest.raises(ValidationError, match="outside the area"):
        make_signal(carol, point=(53.3, 6.7))
    assert Signal.objects.count() == 0


def test_future_time_and_empty_description_are_refused(teams, carol) -> None:
    with pytest.raises(ValidationError):
        make_signal(carol, occurred_at=timezone.now() + dt.timedelta(hours=2))
    with pytest.raises(ValidationError):
        make_signal(carol, description="   ")
    assert Signal.objects.count() == 0


def test_analyst_may_not_log_a_signal(teams, dave) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(NotFound):
        make_signal(dave)
    [row] = AuditEntry.objects.order_by("seq")[before:]
    assert (row.action, row.object_type, row.result) == ("create", "signal", "denied")


def test_photo_is_stored_without_exif(teams, carol, photo_root) -> None:
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo does carry EXIF
    upload = SimpleUploadedFile("foto.jpg", original, content_type="image/jpeg")
    signal = make_signal(carol, photos=[upload])
    photo = signal.photos.get()
    stored = photo.file.read()
    assert b"Exif" not in stored and b"TestCamera" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info
        # The orientation tag was applied to the pixels before it was dropped.
        assert image.size == (48, 64)
    assert str(photo_root) in photo.file.path


def test_a_file_that_is_not_a_photo_is_refused(teams, carol, photo_root) -> None:
    with pytest.raises(ValidationError, match="not a photo"):
        photo_strip(io.BytesIO(b"%PDF-1.4 not an image"))
    upload = SimpleUploadedFile("x.jpg", b"nope", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        make_signal(carol, photos=[upload])
    assert Signal.objects.count() == 0


def test_workflow_with_reopening(teams, carol) -> None:
    signal = make_signal(carol)
    for target in (SignalStatus.IN_PROGRESS, SignalStatus.FORWARDED, SignalStatus.CLOSED):
        signal = signal_transition(
            context=AuditContext.for_command(carol), signal_id=signal.pk, to_status=target
        )
    assert signal.status == SignalStatus.CLOSED
    with pytest.raises(ValidationError, match="reopened"):
        signal_transition(
            context=AuditContext.for_command(carol),
            signal_id=signal.pk,
            to_status=SignalStatus.IN_PROGRESS,
        )
    signal = signal_transition(
        context=AuditContext.for_command(carol),
        signal_id=signal.pk,
        to_status=SignalStatus.IN_PROGRESS,
        note="Weer overlast.",
    )
    assert signal.status == SignalStatus.IN_PROGRESS
    assert list(signal.status_changes.values_list("to_status", flat=True)) == [
        "nieuw",
        "in_behandeling",
        "doorgezet",
        "afgehandeld",
        "in_behandeling",
    ]


def test_invalid_transition_gives_a_clear_message_and_changes_nothing(teams, carol) -> None:
    signal = make_signal(carol)
    with pytest.raises(ValidationError) as info:
        signal_transition(
            context=AuditContext.for_command(carol),
            signal_id=signal.pk,
            to_status=SignalStatus.CLOSED,
        )
    assert "cannot move to" in str(info.value)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW
    # One row for the attempt, marked invalid: nothing changed.
    row = AuditEntry.objects.filter(object_type="signal", object_id=str(signal.pk)).last()
    assert row is not None
    assert (row.action, row.result, row.detail) == (
        "update",
        "granted",
        "status:afgehandeld;invalid",
    )


def test_a_status_change_writes_its_row_with_the_change(teams, carol) -> None:
    signal = make_signal(carol)
    before = AuditEntry.objects.count()
    signal_transition(
        context=AuditContext.for_command(carol),
        signal_id=signal.pk,
        to_status=SignalStatus.IN_PROGRESS,
    )
    [row] = AuditEntry.objects.order_by("seq")[before:]
    assert (row.action, row.object_id, row.detail) == (
        "update",
        str(signal.pk),
        "status:in_behandeling",
    )
    assert (row.role, row.purpose) == ("team_member", "signals")


def test_team_member_of_another_district_cannot_change_status(teams, carol) -> None:
    signal = make_signal(None, point=NOORD)
    with pytest.raises(NotFound):
        signal_transition(
            context=AuditContext.for_command(carol),
            signal_id=signal.pk,
            to_status=SignalStatus.IN_PROGRESS,
        )
    assert (
        AuditEntry.objects.filter(
            object_type="signal", object_id=str(signal.pk), result="denied"
        ).count()
        == 1
    )


def test_coordinator_links_a_signal_to_a_case(teams, alice, carol, bob) -> None:
    signal = make_signal(carol)
    case = case_for(alice)
    linked = signal_link_case(
        context=AuditContext.for_command(alice), signal_id=signal.pk, case_reference=case.reference
    )
    assert linked.case == case
    rows = AuditEntry.objects.filter(object_type="signal", object_id=str(signal.pk))
    assert rows.values_list("detail", flat=True).last() == f"case:{case.pk}"
    with pytest.raises(ValidationError, match="No case"):
        signal_link_case(
            context=AuditContext.for_command(alice),
            signal_id=signal.pk,
            case_reference="Jansen",
        )
    # The typed reference is never logged: the row names an unknown case.
    assert rows.values_list("detail", flat=True).last() == "case:unknown;invalid"
    with pytest.raises(NotFound):  # a team member does not link cases
        signal_link_case(
            context=AuditContext.for_command(carol),
            signal_id=signal.pk,
            case_reference=case.reference,
        )
