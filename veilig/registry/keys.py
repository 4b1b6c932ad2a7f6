"""The pseudonymous keys by which records that name persons and addresses (signals, registry)
meet records that carry only keys (imported events). The registry owns them, like the pseudonyms
(``veilig.registry.crypto``): signals and events both use them and neither imports the other.

A person's key is the registry pseudonym (``Person.pseudonym``), the same keyed hash that
imported events carry in ``Event.person_key``. An address key is a keyed hash (HMAC-SHA256 under
the pseudonym key) of the normalised postcode and house number; the import pipeline must compute
``Event.address_key`` with :func:`address_key_of_parts` for the two to meet.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from veilig.registry.crypto import _pseudonym_key
from veilig.registry.models import Address

# A Dutch postcode address as people type it: "9715 PZ 140", "9715pz 140a", "9711AB 12-bis".
_POSTCODE_ADDRESS = re.compile(
    r"(?P<digits>[1-9][0-9]{3})\s*(?P<letters>[A-Za-z]{2})[\s,]+(?P<number>[0-9]{1,5})"
    # A single letter right after the number is the house letter ("140a", "140 a") ...
    r"(?:\s*(?P<letter>[A-Za-z])(?![A-Za-z0-9]))?"
    # ... anything else after it (up to 4 characters) is the addition ("140-a", "12 bis").
    r"(?:\s*[-/]?\s*(?P<addition>[A-Za-z0-9]{1,4}))?"
)


def address_key_of_parts(
    postcode: str, house_number: int | str, house_letter: str = "", addition: str = ""
) -> str:
    """The key of an address from its parts, e.g. ``("9711 AB", 12, "a")``."""
    normal = "|".join(
        (
            postcode.replace(" ", "").upper(),
            str(house_number).strip(),
            house_letter.strip().upper(),
            addition.strip().upper(),
        )
    )
    return hmac.new(_pseudonym_key(), f"address:{normal}".encode(), hashlib.sha256).hexdigest()[:32]


def address_key(address: Address) -> str:
    return address_key_of_parts(
        address.postcode,
        address.house_number,
        address.house_letter,
        address.house_number_addition,
    )


def address_parts(value: str) -> tuple[str, str, str, str] | None:
    """(postcode, house number, letter, addition) of a postcode address, else None."""
    match = _POSTCODE_ADDRESS.fullmatch(value.strip())
    if match is None:
        return None
    return (
        f"{match['digits']}{match['letters']}".upper(),
        str(int(match["number"])),
        (match["letter"] or "").upper(),
        (match["addition"] or "").upper(),
    )
