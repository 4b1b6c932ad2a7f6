"""Writing signals: create (with location, routing and photos), status changes, case links.

Services write, selectors read. Every write of a signal leaves one audit row.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from veilig.access.base import acting_user
from veilig.access.cases import access_case
from veilig.access.errors import NotFound
from veilig.access.needs import Need
from veilig.access.policy import cases_visible_to
from veilig.access.signals import (
    access_signal_change,
    access_signal_report,
    persons_codes,
    signals_context,
)
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record
from veilig.cases.models import Case
from veilig.geo.index import area_index
from veilig.geo.models import Area, AreaLevel
from veilig.geo.rd import looks_like_rd, rd_point_to_wgs84, wgs84_point_to_rd
from veilig.registry.models import Address, Person
from veilig.registry.services import person_create
from veilig.signals.models import Category, RoutingRule, Signal, SignalPhoto, StatusChange, Team
from veilig.signals.vocabulary import (
    NEEDS_NOTE,
    TRANSITIONS,
    LocationMethod,
    Priority,
    SignalSource,
    SignalStatus,
)

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


# --- Routing --------------------------------------------------------------------------------


def time_in_window(moment: dt.time, start: dt.time | None, until: dt.time | None) -> bool:
    """True when ``moment`` lies in [start, until); a window with start > until passes midnight."""
    if start is None or until is None:
        return True
    if start == until:
        return True
    if start < until:
        return start <= moment < until
    return moment >= start or moment < until


def rule_matches(
    rule: RoutingRule,
    *,
    lineage: set[int],
    codes: frozenset[str],
    local_time: dt.time,
    source: str,
) -> bool:
    if rule.category_id is not None and rule.category_id not in lineage:
        return False
    if rule.area is not None and rule.area.code not in codes:
        return False
    if rule.source and rule.source != source:
        return False
    return time_in_window(local_time, rule.time_from, rule.time_until)


@dataclass(frozen=True)
class Route:
    """Where a signal goes: the rule that matched (None: the stadsdeel's team), its targets,
    priority and hours until the deadline."""

    rule: RoutingRule | None
    team_id: int | None
    organisation_id: int | None
    priority: int
    hours: int


class SignalRouter:
    """The active rules (in order) and the category tree, loaded once: routes any number of
    signals as ``signal_create`` routes one (the demo routes its history with it)."""

    def __init__(self) -> None:
        self.rules = list(
            RoutingRule.objects.filter(active=True).select_related("area").order_by("order", "pk")
        )
        self._parents = dict(Category.objects.values_list("pk", "parent_id"))
        self._lineages: dict[int, set[int]] = {}
        self._district_teams: dict[str, int | None] = {}

    def lineage(self, category_id: int) -> set[int]:
        """The category and its ancestors (ids)."""
        found = self._lineages.get(category_id)
        if found is None:
            found = self._lineages[category_id] = set()
            node: int | None = category_id
            while node is not None and node not in found:
                found.add(node)
                node = self._parents.get(node)
        return found

    def rule_for(
        self, *, category_id: int, codes: frozenset[str], occurred_at: dt.datetime, source: str
    ) -> RoutingRule | None:
        """The first active rule, in order, that matches; None when none does."""
        lineage = self.lineage(category_id)
        local_time = timezone.localtime(occurred_at).time()
        for rule in self.rules:
            if rule_matches(
                rule, lineage=lineage, codes=codes, local_time=local_time, source=source
            ):
                return rule
        return None

    def route(
        self,
        *,
        category_id: int,
        codes: frozenset[str],
        stadsdeel_code: str,
        occurred_at: dt.datetime,
        source: str,
    ) -> Route:
        rule = self.rule_for(
            category_id=category_id, codes=codes, occurred_at=occurred_at, source=source
        )
        if rule is not None:
            return Route(
                rule, rule.target_team_id, rule.target_organisation_id, rule.priority,
                rule.deadline_hours,
            )  # fmt: skip
        # No rule applies: the team of the district, if there is one.
        if stadsdeel_code not in self._district_teams:
            team = Team.objects.filter(area__code=stadsdeel_code).values_list("pk", flat=True)
            self._district_teams[stadsdeel_code] = team.first()
        return Route(
            None, self._district_teams[stadsdeel_code], None, Priority.NORMAL,
            DEFAULT_DEADLINE_HOURS,
        )  # fmt: skip


def routing_rule_for(
    *, category: Category, location: Location, occurred_at: dt.datetime, source: str
) -> RoutingRule | None:
    """The first active rule, in order, that matches; None when none does."""
    return SignalRouter().rule_for(
        category_id=category.pk, codes=location.codes, occurred_at=occurred_at, source=source
    )


def _apply_routing(signal: Signal, location: Location) -> None:
    route = SignalRouter().route(
        category_id=signal.category_id,
        codes=location.codes,
        stadsdeel_code=location.stadsdeel_code,
        occurred_at=signal.occurred_at,
        source=signal.source,
    )
    signal.routed_by = route.rule
    signal.routed_rule_name = route.rule.name if route.rule is not None else ""
    signal.team_id = route.team_id
    signal.organisation_id = route.organisation_id
    signal.priority = route.priority
    signal.deadline_at = signal.reported_at + dt.timedelta(hours=route.hours)


# --- Create ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedPerson:
    """A person as the reporter typed them; matched or created only once the signal is stored."""

    first_name: str
    last_name: str
    prefix: str = ""
    date_of_birth: dt.date | None = None


def signal_create(
    *,
    context: AuditContext,
    category: Category,
    occurred_at: dt.datetime,
    description: str,
    source: SignalSource | str,
    location_method: LocationMethod | str,
    lat: float | None = None,
    lon: float | None = None,
    address: Address | None = None,
    persons: Iterable[Person] = (),
    named_persons: Sequence[NamedPerson] = (),
    addresses: Iterable[Address] = (),
    photos: Sequence[UploadedFile | io.BytesIO] = (),
) -> Signal:
    """Log a signal reported by the context's user: locate it, route it by the first matching
    rule and store clean photos. One row: the create row, or the denied row of the refusal.

    The access decision comes first; ``named_persons`` are matched or created inside the
    transaction that stores the signal and its create row, after every check: a refused or
    invalid signal leaves no new registry person behind, and every new person is named in the
    signal's row (the first person as its subject, the others in ``persons:<ids>``).
    """
    reporter = access_signal_report(context)  # NotFound after a denied row
    if not category.active:
        raise ValidationError({"category": _("This category is no longer in use.")})
    if source not in SignalSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    if location_method not in LocationMethod.values:
        raise ValidationError({"location_method": _("Unknown way of choosing the location.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what you saw.")})
    now = timezone.now()
    if occurred_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("The time lies in the future.")})
    if len(photos) > PHOTOS_PER_SIGNAL:
        raise ValidationError({"photos": _("At most 5 photos per signal.")})
    location = location_resolve(lat=lat, lon=lon, address=address)
    cleaned_photos = [photo_strip(upload) for upload in photos]

    with transaction.atomic():
        signal = Signal(
            category=category,
            occurred_at=occurred_at,
            source=source,
            description=description.strip(),
            rd_x=location.rd_x,
            rd_y=location.rd_y,
            lat=location.lat,
            lon=location.lon,
            buurt_code=location.buurt_code,
            wijk_code=location.wijk_code,
            stadsdeel_code=location.stadsdeel_code,
            gemeente_code=location.gemeente_code,
            location_method=location_method,
            address=address,
            reported_by=reporter,
            reporting_organisation=reporter.organisation if reporter is not None else None,
        )
        signal.reported_at = now
        _apply_routing(signal, location)
        signal.save()
        person_list = list(persons) + [
            person_for_signal(
                first_name=named.first_name,
                last_name=named.last_name,
                prefix=named.prefix,
                date_of_birth=named.date_of_birth,
            )
            for named in named_persons
        ]
        signal.persons.set(person_list)
        involved = list(addresses) + ([address] if address is not None else [])
        signal.addresses.set({a.pk: a for a in involved}.values())
        for n, (data, width, height) in enumerate(cleaned_photos, start=1):
            photo = SignalPhoto(signal=signal, width=width, height=height)
            photo.file.save(f"signaal-{signal.pk}-{n}.jpg", ContentFile(data), save=False)
            photo.save()
        StatusChange.objects.create(
            signal=signal, from_status="", to_status=SignalStatus.NEW, by=reporter
        )
        subject_id, others = persons_codes([p.pk for p in person_list])
        audit_record(
            context=signals_context(context),
            action=AuditAction.CREATE,
            object_type="signal",
            object_id=signal.pk,
            result=AuditResult.GRANTED,
            subject_person_id=subject_id,
            detail=detail_join(f"routed:{signal.routed_by_id or '-'}", others),
        )
    return signal


# --- Workflow -------------------------------------------------------------------------------


def transition_allowed(current: SignalStatus, target: SignalStatus) -> bool:
    return target in TRANSITIONS[current]


def signal_transition(
    *,
    context: AuditContext,
    signal_id: int,
    to_status: SignalStatus | str,
    note: str = "",
) -> Signal:
    """Move a signal along nieuw → in behandeling → doorgezet → afgehandeld (and reopen)."""
    if to_status not in SignalStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    target = SignalStatus(to_status)
    signal, pending = access_signal_change(
        context, signal_id, need=Need.MANAGE, detail=f"status:{target.value}"
    )
    user = acting_user(context)
    current = SignalStatus(signal.status)
    with pending.recorded():  # the row with the change, or an 'invalid' row for a refused move
        if not transition_allowed(current, target):
            raise ValidationError(
                {
                    "status": _("A signal with status “%(current)s” cannot move to “%(target)s”.")
                    % {"current": current.label, "target": target.label}
                }
            )
        if (current, target) in NEEDS_NOTE and not note.strip():
            raise ValidationError({"note": _("Write why the signal is reopened.")})
        signal.status = target
        signal.save(update_fields=["status"])
        StatusChange.objects.create(
            signal=signal, from_status=current, to_status=target, note=note.strip(), by=user
        )
    return signal


def signal_link_case(*, context: AuditContext, signal_id: int, case_reference: str) -> Signal:
    """Link a signal to a case the coordinator may see: two rows, the signal's and the case's.

    The rows name the case by its id (``case:<id>``, ``case:unknown``), never by the typed text.
    """
    reference = case_reference.strip().upper()
    user = acting_user(context)
    case_id = (
        cases_visible_to(user).filter(reference=reference).values_list("pk", flat=True).first()
    )
    code = f"case:{case_id}" if case_id is not None else "case:unknown"
    signal, pending = access_signal_change(context, signal_id, need=Need.LINK, detail=code)
    try:  # outside the change's transaction: the case's denied row must stay
        case: Case | None = access_case(context, case_id or 0, detail=f"signal:{signal.pk}")
    except NotFound:
        case = None
    with pending.recorded():  # the signal's row with the link, or an 'invalid' row
        if case is None:
            raise ValidationError({"reference": _("No case with this reference was found.")})
        signal.case = case
        signal.save(update_fields=["case"])
    return signal


def person_for_signal(
    *, first_name: str, last_name: str, prefix: str = "", date_of_birth: dt.date | None = None
) -> Person:
    """The registry person a reporter named: an exact match on name and date of birth, or new.

    Nothing about other persons is shown to the reporter: the match is only used to link.
    """
    if date_of_birth is not None:
        existing = Person.objects.filter(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            prefix__iexact=prefix.strip(),
            date_of_birth=date_of_birth,
        ).first()
        if existing is not None:
            return existing
    return person_create(
        first_name=first_name, last_name=last_name, prefix=prefix, date_of_birth=date_of_birth
    )
