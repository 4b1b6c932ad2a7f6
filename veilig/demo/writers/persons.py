"""Writes the persons of the casework stage with their residences and relations. Private to
``writers``.

Each person is built by the registry's own builder (``registry.services.person_build``: names
trimmed, BSN checked, encrypted and digested, pseudonym of the UUID), with the generator's
seeded UUID, and the persons are inserted together (``bulk_create``: a few hundred rows).
"""

from __future__ import annotations

from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.casework import CaseworkPlan
from veilig.registry.models import Address, Person, PersonAddress, Relation
from veilig.registry.services import person_build

POSTCODES_PER_QUERY = 500


def persons_write(plan: CaseworkPlan, addresses: AddressPlan) -> list[int]:
    """Insert the planned persons, residences and relations; the persons' ids in plan order."""
    people = [
        person_build(
            uuid=spec.uuid,
            first_name=spec.first_name,
            prefix=spec.prefix,
            last_name=spec.last_name,
            date_of_birth=spec.date_of_birth,
            bsn=spec.bsn or None,
        )
        for spec in plan.persons
    ]
    ids = [person.pk for person in Person.objects.bulk_create(people)]
    address_ids = address_ids_of(
        addresses, sorted({r.address for p in plan.persons for r in p.residences})
    )
    PersonAddress.objects.bulk_create(
        PersonAddress(person_id=ids[index], address_id=address_ids[r.address], since=r.since,
                      until=r.until)
        for index, spec in enumerate(plan.persons)
        for r in spec.residences
    )  # fmt: skip
    Relation.objects.bulk_create(
        Relation(person_id=ids[r.person], other_id=ids[r.other], kind=r.kind,
                 description=r.description)
        for r in plan.relations
    )  # fmt: skip
    return ids


def address_ids_of(addresses: AddressPlan, indexes: list[int]) -> dict[int, int]:
    """The database ids of the planned addresses (by plan index), found by their unique key."""
    keys = {
        (addresses.postcode[i], addresses.house_number[i], addresses.house_letter[i],
         addresses.addition[i]): i
        for i in indexes
    }  # fmt: skip
    postcodes = sorted({key[0] for key in keys})
    found: dict[int, int] = {}
    for start in range(0, len(postcodes), POSTCODES_PER_QUERY):
        chunk = postcodes[start : start + POSTCODES_PER_QUERY]
        rows = Address.objects.filter(postcode__in=chunk).values_list(
            "pk", "postcode", "house_number", "house_letter", "house_number_addition"
        )
        for pk, postcode, number, letter, addition in rows:
            if (index := keys.get((postcode, number, letter, addition))) is not None:
                found[index] = pk
    return found
