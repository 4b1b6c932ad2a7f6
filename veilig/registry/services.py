"""Services for persons: the only place that writes them (and their BSN)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.audit.services import audit_record
from veilig.registry.crypto import bsn_digest, bsn_is_valid, decrypt, encrypt, pseudonym_for
from veilig.registry.locks import identity_lock
from veilig.registry.models import MergeStatus, Person, PersonAddress, PersonMerge, Relation
from veilig.registry.names import name_key
from veilig.registry.selectors import (
    PersonMatch,
    person_same_as,
    persons_sealed_under_old_keys,
)


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
    person.name_key = name_key(
        first_name=person.first_name, prefix=person.prefix, last_name=person.last_name
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


@dataclass(frozen=True)
class RegisteredPerson:
    person: Person
    by: Literal["new", "bsn", "name"]  # a new record, or found by BSN / by name and birth date


def person_for_registration(
    *,
    first_name: str,
    last_name: str,
    prefix: str = "",
    date_of_birth: dt.date | None = None,
    bsn: str = "",
) -> RegisteredPerson:
    """The person a registration is about: the one these details are (``person_same_as``), or
    a new one. Call it inside the registration's transaction.

    The details are checked the same way whether the person exists or not (the registrant must
    not be able to tell). A name-and-birth-date match without a BSN gets the BSN given. One
    identity is registered by one transaction at a time (``identity_lock``), so that two
    registrations of the same new person at once make one person; the unique BSN digest is the
    last line, should another writer have stored the BSN in between.
    """
    details = person_build(
        first_name=first_name,
        prefix=prefix,
        last_name=last_name,
        date_of_birth=date_of_birth,
        bsn=bsn or None,
    )
    details.full_clean(validate_unique=False, validate_constraints=False)
    identity_lock(details.bsn_digest, f"{details.name_key}|{date_of_birth}")

    def find() -> PersonMatch | None:
        return person_same_as(
            first_name=details.first_name,
            prefix=details.prefix,
            last_name=details.last_name,
            date_of_birth=date_of_birth,
            bsn=(bsn or "").strip(),
        )

    match = find()
    if match is None:
        try:
            with transaction.atomic():
                details.save()
        except IntegrityError:
            match = find()
            if match is None:
                raise
        else:
            return RegisteredPerson(details, "new")
    if details.bsn_digest and not match.person.bsn_digest:
        match.person.bsn_encrypted = details.bsn_encrypted
        match.person.bsn_digest = details.bsn_digest
        match.person.save(update_fields=["bsn_encrypted", "bsn_digest"])
    return RegisteredPerson(match.person, match.by)


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


# --- Merging two records of one person (the cases move in ``cases.services.merge``) ----------


def person_merge_problem(*, survivor: Person, absorbed: Person) -> str:
    """Why these two records cannot be merged now ('' when they can). Locks both rows."""
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, absorbed.pk])
    }
    if len(locked) != 2 or any(p.merged_into_id is not None for p in locked.values()):
        return _("One of these persons has already been merged into another.")
    pending = PersonMerge.objects.filter(status=MergeStatus.PENDING).filter(
        Q(survivor__in=locked) | Q(absorbed__in=locked)
    )
    if pending.exists():
        return _(
            "One of these persons is part of a merge that is not yet confirmed. "
            "Confirm or undo that merge first."
        )
    if locked[survivor.pk].bsn_digest and locked[absorbed.pk].bsn_digest:
        return _(
            "These persons have different BSNs, so they are two people. Check the BSN "
            "with the registering partner first."
        )
    return ""


def _relations_to_move(survivor: Person, absorbed: Person) -> tuple[list[int], list[int]]:
    """The absorbed record's relations that the survivor does not have yet (either way round);
    a relation between the two records themselves stays behind."""
    known = set(Relation.objects.filter(person=survivor).values_list("other_id", "kind"))
    known |= set(Relation.objects.filter(other=survivor).values_list("person_id", "kind"))
    outgoing = [
        pk
        for pk, other, kind in Relation.objects.filter(person=absorbed).values_list(
            "pk", "other_id", "kind"
        )
        if other != survivor.pk and (other, kind) not in known
    ]
    incoming = [
        pk
        for pk, person, kind in Relation.objects.filter(other=absorbed).values_list(
            "pk", "person_id", "kind"
        )
        if person != survivor.pk and (person, kind) not in known
    ]
    return outgoing, incoming


def person_merge_apply(
    *, survivor: Person, absorbed: Person, case_ids: list[int], merged_by_id: int
) -> PersonMerge:
    """Move the absorbed record's addresses, relations and (when the survivor has none) BSN
    and date of birth to the survivor; record exactly what moved. Call it in a transaction,
    after ``person_merge_problem``."""
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    absorbed = Person.objects.select_for_update().get(pk=absorbed.pk)
    addresses = list(PersonAddress.objects.filter(person=absorbed).values_list("pk", flat=True))
    PersonAddress.objects.filter(pk__in=addresses).update(person=survivor)
    outgoing, incoming = _relations_to_move(survivor, absorbed)
    Relation.objects.filter(pk__in=outgoing).update(person=survivor)
    Relation.objects.filter(pk__in=incoming).update(other=survivor)
    move_bsn = bool(absorbed.bsn_digest) and not survivor.bsn_digest
    if move_bsn:  # the BSN stays unique: off the absorbed record first
        survivor.bsn_encrypted, survivor.bsn_digest = absorbed.bsn_encrypted, absorbed.bsn_digest
        absorbed.bsn_encrypted = absorbed.bsn_digest = ""
    move_birth = survivor.date_of_birth is None and absorbed.date_of_birth is not None
    if move_birth:
        survivor.date_of_birth = absorbed.date_of_birth
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["bsn_encrypted", "bsn_digest", "merged_into"])
    survivor.save(update_fields=["bsn_encrypted", "bsn_digest", "date_of_birth"])
    moved = {
        "cases": case_ids,
        "addresses": addresses,
        "relations_out": outgoing,
        "relations_in": incoming,
        "bsn": move_bsn,
        "date_of_birth": move_birth,
    }
    return PersonMerge.objects.create(
        survivor=survivor, absorbed=absorbed, moved=moved, merged_by_id=merged_by_id
    )


def person_merge_revert(*, merge: PersonMerge, decided_by_id: int) -> None:
    """Undo a pending merge's moves in the registry, exactly those (the cases move back in
    ``cases.services.merge``). Call it in a transaction, with the merge row locked."""
    survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
    absorbed = Person.objects.select_for_update().get(pk=merge.absorbed_id)
    moved = merge.moved
    PersonAddress.objects.filter(pk__in=moved["addresses"], person=survivor).update(person=absorbed)
    Relation.objects.filter(pk__in=moved["relations_out"], person=survivor).update(person=absorbed)
    Relation.objects.filter(pk__in=moved["relations_in"], other=survivor).update(other=absorbed)
    if moved["bsn"]:
        absorbed.bsn_encrypted, absorbed.bsn_digest = survivor.bsn_encrypted, survivor.bsn_digest
        survivor.bsn_encrypted = survivor.bsn_digest = ""
    if moved["date_of_birth"]:
        survivor.date_of_birth = None
    survivor.save(update_fields=["bsn_encrypted", "bsn_digest", "date_of_birth"])
    absorbed.merged_into = None
    absorbed.save(update_fields=["bsn_encrypted", "bsn_digest", "merged_into"])
    _decide(merge, MergeStatus.UNDONE, decided_by_id)


def person_merge_finalise(*, merge: PersonMerge, decided_by_id: int) -> None:
    """Make a pending merge final: nothing moves; it can no longer be undone."""
    _decide(merge, MergeStatus.CONFIRMED, decided_by_id)


def _decide(merge: PersonMerge, status: MergeStatus, decided_by_id: int) -> None:
    merge.status = status
    merge.decided_by_id = decided_by_id
    merge.decided_at = timezone.now()
    merge.save(update_fields=["status", "decided_by", "decided_at"])
