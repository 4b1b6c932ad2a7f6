"""Reads of the registry that are not access-checked reads of one person (those are in access/)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from veilig.registry.crypto import bsn_digest, current_key_id
from veilig.registry.models import Person


def persons_sealed_under_old_keys() -> QuerySet[Person]:
    """Persons whose BSN is sealed under an earlier key (or from before key ids)."""
    return Person.objects.exclude(bsn_encrypted="").exclude(
        bsn_encrypted__startswith=f"{current_key_id()}:"
    )


def person_lookup(
    *,
    name: str = "",
    date_of_birth: dt.date | None = None,
    bsn: str = "",
    limit: int = 50,
) -> list[Person]:
    """Persons matching every given criterion (name words, date of birth, BSN by its digest).

    Returns an empty list when no criterion is given; the BSN is never compared in clear. Used
    by the privacy officer's search, through its choke point (``veilig.access.privacy``).
    """
    condition = Q()
    for word in name.split():
        condition &= (
            Q(first_name__icontains=word) | Q(prefix__icontains=word) | Q(last_name__icontains=word)
        )
    if date_of_birth is not None:
        condition &= Q(date_of_birth=date_of_birth)
    if bsn.strip():
        condition &= Q(bsn_digest=bsn_digest(bsn.strip()))
    if not condition:
        return []
    return list(Person.objects.filter(condition).order_by("last_name", "first_name", "pk")[:limit])
