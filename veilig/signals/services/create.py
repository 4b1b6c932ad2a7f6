"""Reporting a signal: location, routing, named persons and photos in one write."""

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

from veilig.access.signals import (
    access_signal_report,
    persons_codes,
    signals_context,
)
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record
from veilig.registry.models import Address, Person
from veilig.registry.selectors import person_same_as
from veilig.registry.services import person_create
from veilig.signals.models import Category, Signal, SignalPhoto, StatusChange
from veilig.signals.services.location import PHOTOS_PER_SIGNAL, location_resolve, photo_strip
from veilig.signals.services.routing import signal_route_apply
from veilig.signals.vocabulary import (
    LocationMethod,
    SignalSource,
    SignalStatus,
)

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
        signal_route_apply(signal, location)
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


def person_for_signal(
    *, first_name: str, last_name: str, prefix: str = "", date_of_birth: dt.date | None = None
) -> Person:
    """The registry person a reporter named: the same name and date of birth as registration
    matches them (``registry.selectors.person_same_as``), or new.

    Nothing about other persons is shown to the reporter: the match is only used to link.
    """
    match = person_same_as(
        first_name=first_name, prefix=prefix, last_name=last_name, date_of_birth=date_of_birth
    )
    if match is not None:
        return match.person
    return person_create(
        first_name=first_name, last_name=last_name, prefix=prefix, date_of_birth=date_of_birth
    )
