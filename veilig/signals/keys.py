"""Keys that let signals (which name persons and addresses) meet events (which carry only keys).

A person's key is the registry pseudonym (``Person.pseudonym``), the same keyed hash that
imported events carry in ``Event.person_key``. An address key is a keyed hash (HMAC-SHA256 under
the pseudonym key) of the normalised postcode and house number; the import pipeline must compute
``Event.address_key`` with :func:`address_key_of_parts` for the two to meet.
"""

from __future__ import annotations

import hashlib
import hmac

from veilig.registry.crypto import _pseudonym_key
from veilig.registry.models import Address


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
