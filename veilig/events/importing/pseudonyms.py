"""Persons and addresses of imported rows become keys before anything is stored.

Keys are keyed hashes under the platform's pseudonym key (``VEILIG_PSEUDONYM_KEY``, see
``veilig.registry.crypto``), chosen so that imported events meet the rest of the platform:

- An address that reads as a Dutch postcode and house number (``9715 PZ 140``, ``9715pz 140-a``,
  ``9711AB 12 bis``) gets ``veilig.registry.keys.address_key_of_parts`` — the key of that address
  in the registry, by which signals are matched too — so events and signals at one address meet
  in the early-warning rules. Any other address text gets a hash of its normalised text (label
  ``event-address:``, without any spaces).
- A person given as a valid BSN of a person in the registry gets that person's pseudonym (the
  key signals and cases carry); any other value a hash of its normalised text (label
  ``event-person:``). A BSN that is not in the registry stays a hash of its text: it never
  reaches the database, and a later re-import links the events once the person is registered.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from veilig.registry.crypto import _pseudonym_key, bsn_digest, bsn_is_valid
from veilig.registry.keys import address_key_of_parts, address_parts

# Keys remembered per import: repeat persons and addresses are common.
_CACHE_LIMIT = 200_000
_LOOKUP_CHUNK = 5_000

RegistryLookup = Callable[[list[str]], dict[str, str]]  # BSN digests -> person pseudonyms


def _pseudonym(message: str) -> str:
    """Exactly ``veilig.registry.crypto.pseudonym_for(message)`` (a test checks it), through the
    one-shot C implementation of HMAC: an import computes hundreds of thousands of them."""
    return hmac.digest(_pseudonym_key(), message.encode(), "sha256").hex()[:32]


def _normalised(value: str) -> str:
    return " ".join(value.split()).casefold()


def person_key(value: str) -> str:
    """The keyed hash of a person as named in an imported file ('' for empty)."""
    cleaned = _normalised(value)
    return _pseudonym(f"event-person:{cleaned}") if cleaned else ""


def address_key(value: str) -> str:
    """The key of an address: the registry's key of a postcode address, else a keyed hash of the
    text without any spaces (so "Grote Markt 1" = "grotemarkt 1")."""
    parts = address_parts(value)
    if parts is not None:
        return address_key_of_parts(*parts)
    cleaned = "".join(_normalised(value).split())
    return _pseudonym(f"event-address:{cleaned}") if cleaned else ""


def bsn_of(value: str) -> str | None:
    """The BSN a person cell holds ("123456782", "1234.56.782", "123 456 782"), if valid."""
    candidate = "".join(value.split()).replace(".", "")
    return candidate if bsn_is_valid(candidate) else None


def registry_pseudonyms(digests: list[str]) -> dict[str, str]:
    """BSN digest -> pseudonym of the registry persons with those BSNs."""
    from veilig.registry.models import Person

    found: dict[str, str] = {}
    for start in range(0, len(digests), _LOOKUP_CHUNK):
        chunk = digests[start : start + _LOOKUP_CHUNK]
        rows = Person.objects.filter(bsn_digest__in=chunk).values_list("bsn_digest", "pseudonym")
        found.update(rows)
    return found


class Pseudonyms:
    """The keys of the persons and addresses of one import, column by column, remembered."""

    def __init__(self, *, registry: RegistryLookup = registry_pseudonyms) -> None:
        self._registry = registry
        self._persons: dict[str, str] = {"": ""}
        self._addresses: dict[str, str] = {"": ""}

    def persons(self, values: list[str]) -> list[str]:
        """One query per batch at most: for the new values that are valid BSNs."""
        return self._keys(values, self._persons, self._learn_persons)

    def addresses(self, values: list[str]) -> list[str]:
        return self._keys(values, self._addresses, self._learn_addresses)

    @staticmethod
    def _keys(
        values: list[str], cache: dict[str, str], learn: Callable[[set[str]], None]
    ) -> list[str]:
        keys = list(map(cache.get, values))
        if None not in keys:
            return keys  # type: ignore[return-value]  # no None in it
        if len(cache) > _CACHE_LIMIT:  # start afresh, with every value of this batch
            cache.clear()
            cache[""] = ""
            missing = set(values)
        else:
            missing = {v for v, k in zip(values, keys, strict=True) if k is None}
        missing.discard("")
        learn(missing)
        return list(map(cache.__getitem__, values))

    def _learn_persons(self, values: set[str]) -> None:
        bsns = {value: bsn for value in values if (bsn := bsn_of(value)) is not None}
        digests = {value: bsn_digest(bsn) for value, bsn in bsns.items()}
        found = self._registry(sorted(set(digests.values()))) if digests else {}
        for value in values:
            pseudonym = found.get(digests[value]) if value in digests else None
            self._persons[value] = pseudonym or person_key(value)

    def _learn_addresses(self, values: set[str]) -> None:
        for value in values:
            self._addresses[value] = address_key(value)
