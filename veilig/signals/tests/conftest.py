"""Fixtures of the signal tests: a tiny city, two teams, categories, photos in a temp dir."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from PIL import Image

from veilig.access.signals import system_context
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.geo.index import area_index_invalidate
from veilig.geo.models import Area
from veilig.registry.models import Address
from veilig.signals.models import Category, Signal, Team, TeamMembership
from veilig.signals.services import signal_create
from veilig.signals.vocabulary import TeamFunction
from veilig.web.tests.areas import build_small_city

# A point inside buurt BU99990101 (Grote Markt, stadsdeel SD999901 Centrum) ...
CENTRUM = (53.217, 6.562)
# ... and one inside BU99990301 (Havenkwartier, stadsdeel SD999902 Noord).
NOORD = (53.227, 6.562)


@pytest.fixture
def city(db: None) -> Iterator[dict[str, Area]]:
    area_index_invalidate()
    yield build_small_city()
    area_index_invalidate()


@pytest.fixture
def teams(city: dict[str, Area], carol: User) -> dict[str, Team]:
    centrum = Team.objects.create(name="Wijkteam Centrum", area=city["SD999901"])
    noord = Team.objects.create(name="Wijkteam Noord", area=city["SD999902"])
    TeamMembership.objects.create(team=centrum, user=carol, function=TeamFunction.COMMUNITY_OFFICER)
    return {"centrum": centrum, "noord": noord}


@pytest.fixture
def photo_root(tmp_path: Path, settings: Any) -> Path:
    """Uploaded test photos go to a temporary directory, not to var/."""
    settings.DOCUMENTS_ROOT = tmp_path
    return tmp_path / "signals"


def category(code: str) -> Category:
    return Category.objects.get(code=code)


def jpeg_with_exif(size: tuple[int, int] = (64, 48)) -> bytes:
    """A small JPEG with EXIF: camera make, a GPS position and an orientation tag."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90°
    gps = {1: "N", 2: (53.0, 13.0, 1.0), 3: "E", 4: (6.0, 33.0, 43.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def address(
    street: str = "Grote Markt",
    number: int = 1,
    point: tuple[float, float] = CENTRUM,
    postcode: str = "9711AA",
) -> Address:
    from veilig.geo.rd import wgs84_point_to_rd

    x, y = wgs84_point_to_rd(point[1], point[0])
    return Address.objects.create(
        street=street,
        house_number=number,
        postcode=postcode,
        city="Voorbeeldstad",
        rd_x=x,
        rd_y=y,
        lat=point[0],
        lon=point[1],
    )


def make_signal(
    reporter: User | None = None,
    *,
    code: str = "overlast-jeugd",
    point: tuple[float, float] = CENTRUM,
    **extra: Any,
) -> Signal:
    data: dict[str, Any] = {
        "context": system_context() if reporter is None else AuditContext.for_command(reporter),
        "category": category(code),
        "occurred_at": timezone.now() - dt.timedelta(hours=1),
        "description": "Synthetische melding voor een test.",
        "source": "wijkteam",
        "location_method": "kaart",
        "lat": point[0],
        "lon": point[1],
    }
    data.update(extra)
    if data.get("address") is not None:
        data["lat"] = data["lon"] = None
        data["location_method"] = "adres"
    return signal_create(**data)


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Service messages are checked in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield
