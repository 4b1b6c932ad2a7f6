"""Services for persons: the only place that writes them (and their BSN)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.audit.services import audit_record
from veilig.registry.crypto import bsn_digest, bsn_is_valid, decrypt, encrypt, pseudonym_for
from veilig.registry.models import Person
from veilig.registry.selectors import persons_sealed_under_old_keys


def person_build(
    *,
    first_name: str,
    last_name: str,
    prefix: str = "",
    date_of_birth: dt.date | None = None,
    bsn: str | None = None,
    uuid: str | None = None,
) -> Person:
    """An unsaved person as the registry stores one: names trimmed, the BSN checked, encrypted
    and digested, the pseudonym derived from the UUID (a new one unless given). For
    ``person_create`` and for writers that insert many persons at once (the demo)."""
    person = Person(
        first_name=first_name.strip(),
        prefix=prefix.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
    )
    if uuid is not None:
        person.uuid = uuid
    if bsn:
        bsn = bsn.strip()
        if not bsn_is_valid(bsn):
            raise ValidationError(
                {"bsn": _("This is not a valid BSN (9 digits that pass the 11-check).")}
            )
        person.bsn_encrypted = encrypt(bsn)
        person.bsn_digest = bsn_digest(bsn)
    person.pseudonym = pseudonym_for(str(person.uuid))
    return person


def person_create(
    *,
    first_name: str,
    last_name: str,
    prefix: str = "",
    date_of_birth: dt.date | None = None,
    bsn: str | None = None,
) -> Person:
    person = person_build(
        first_name=first_name,
        last_name=last_name,
        prefix=prefix,
        date_of_birth=date_of_birth,
        bsn=bsn,
    )
    person.full_clean()
    person.save()
    return person


def person_bsn_reencrypt(*, batch_size: int = 500) -> int:
    """Seal every stored BSN under the current encryption key and recompute its search digest.

    The step after a new ``VEILIG_FIELD_ENCRYPTION_KEY`` (with the earlier key in
    ``VEILIG_FIELD_ENCRYPTION_KEYS_OLD``): afterwards the old key opens nothing and can go. The
    digest changes with the key, so BSN search finds a person only once it has been moved; run it
    with the deployment, before the application serves requests (docs/security.md). Each batch is
    one transaction; a run that stops half-way can simply be run again. Returns how many moved,
    and writes one audit row for the run (none when nothing moved).
    """
    moved = last_pk = 0
    try:
        while batch := _reencrypt_batch(after_pk=last_pk, size=batch_size):
            moved += len(batch)
            last_pk = batch[-1].pk
    finally:  # also when a BSN under an unknown key stops the run: earlier batches are moved
        if moved:
            audit_record(
                context=AuditContext(actor=None, purpose="key_rotation", channel="cli"),
                action=AuditAction.UPDATE,
                object_type="person",
                detail=f"bsn_reencrypt:{moved}",
            )
    return moved


@transaction.atomic
def _reencrypt_batch(*, after_pk: int, size: int) -> list[Person]:
    batch = list(
        persons_sealed_under_old_keys()
        .filter(pk__gt=after_pk)
        .select_for_update()
        .order_by("pk")[:size]
    )
    for person in batch:
        bsn = decrypt(person.bsn_encrypted)
        person.bsn_encrypted = encrypt(bsn)
        person.bsn_digest = bsn_digest(bsn)
    Person.objects.bulk_update(batch, ["bsn_encrypted", "bsn_digest"])
    return batch
