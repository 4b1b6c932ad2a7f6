"""Services for persons: the only place that writes them (and their BSN)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from veilig.registry.crypto import bsn_digest, bsn_is_valid, encrypt, pseudonym_for
from veilig.registry.models import Person


def person_create(
    *,
    first_name: str,
    last_name: str,
    prefix: str = "",
    date_of_birth: dt.date | None = None,
    bsn: str | None = None,
) -> Person:
    person = Person(
        first_name=first_name.strip(),
        prefix=prefix.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
    )
    if bsn:
        bsn = bsn.strip()
        if not bsn_is_valid(bsn):
            raise ValidationError(
                {"bsn": _("This is not a valid BSN (9 digits that pass the 11-check).")}
            )
        person.bsn_encrypted = encrypt(bsn)
        person.bsn_digest = bsn_digest(bsn)
    person.pseudonym = pseudonym_for(str(person.uuid))
    person.full_clean()
    person.save()
    return person
