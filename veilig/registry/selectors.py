"""Reads of the registry that are not access-checked reads of one person (those are in access/)."""

from __future__ import annotations

from django.db.models import QuerySet

from veilig.registry.crypto import current_key_id
from veilig.registry.models import Person


def persons_sealed_under_old_keys() -> QuerySet[Person]:
    """Persons whose BSN is sealed under an earlier key (or from before key ids)."""
    return Person.objects.exclude(bsn_encrypted="").exclude(
        bsn_encrypted__startswith=f"{current_key_id()}:"
    )
