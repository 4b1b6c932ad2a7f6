"""Where a signal is: resolving the reported location, and stripping photos."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from veilig.geo.index import area_index
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import looks_like_rd, rd_point_to_wgs84, wgs84_point_to_rd
from veilig.registry.models import Address

DEFAULT_DEADLINE_HOURS = 72
PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
PHOTO_MAX_SIDE = 2560
PHOTOS_PER_SIGNAL = 5


# --- Location -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    rd_x: float
    rd_y: float
    lat: float
    lon: float
    buurt_code: str = ""
    wijk_code: str = ""
    stadsdeel_code: str = ""
    gemeente_code: str = ""

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(
            c
            for c in (self.buurt_code, self.wijk_code, self.stadsdeel_code, self.gemeente_code)
            if c
        )


def location_resolve(
    *, lat: float | None = None, lon: float | None = None, address: Address | None = None
) -> Location:
    """RD, WGS84 and the area codes of a point, from an address or from lat/lon (map or GPS).

    A point outside every buurt is refused once areas are loaded.
    """
    if address is not None:
        rd_x, rd_y, lat, lon = address.rd_x, address.rd_y, address.lat, address.lon
    elif lat is not None and lon is not None:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError(_("This location is not a valid position."))
        rd_x, rd_y = wgs84_point_to_rd(lon, lat)
    else:
        raise ValidationError(_("Choose a location: tap the map, search an address or use GPS."))
    if not looks_like_rd(rd_x, rd_y):
        raise ValidationError(_("This location lies outside the Netherlands."))
    index = area_index(level=AreaLevel.BUURT)
    if not len(index):
        return Location(rd_x=rd_x, rd_y=rd_y, lat=lat, lon=lon)
    code = index.locate_point_rd(rd_x, rd_y)
    if code is None or index.boundary_year is None:
        raise ValidationError(_("This location lies outside the area of the partnership."))
    codes = {AreaLevel.BUURT.value: code}
    area = (
        Area.objects.select_related("parent", "parent__parent", "parent__parent__parent")
        .filter(level=AreaLevel.BUURT, code=code, boundary_year=index.boundary_year)
        .first()
    )
    node = area.parent if area is not None else None
    while node is not None:
        codes[node.level] = node.code
        node = node.parent
    return Location(
        rd_x=rd_x,
        rd_y=rd_y,
        lat=lat,
        lon=lon,
        buurt_code=code,
        wijk_code=codes.get(AreaLevel.WIJK.value, ""),
        stadsdeel_code=codes.get(AreaLevel.STADSDEEL.value, ""),
        gemeente_code=codes.get(AreaLevel.GEMEENTE.value, ""),
    )


def location_from_rd(rd_x: float, rd_y: float) -> Location:
    lon, lat = rd_point_to_wgs84(rd_x, rd_y)
    return location_resolve(lat=lat, lon=lon)


# --- Photos ---------------------------------------------------------------------------------


def photo_strip(upload: UploadedFile | io.BytesIO) -> tuple[bytes, int, int]:
    """Re-encode an image as a JPEG without any metadata (EXIF with GPS, XMP, ICC, comments).

    The orientation tag is applied to the pixels first so the photo stays upright, then the
    pixels are copied into a new image: nothing of the original's metadata comes along.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > PHOTO_MAX_BYTES:
        raise ValidationError(_("A photo may be at most 15 MB."))
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("This photo has too many pixels."))
            upright = ImageOps.exif_transpose(image) or image
            rgb = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This file is not a photo (JPEG, PNG, WebP or HEIF).")) from exc
    rgb.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), clean.width, clean.height
