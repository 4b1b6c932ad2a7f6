"""Persons and addresses of imported rows become keyed pseudonyms before anything is stored.

The key is the platform's pseudonym key (``VEILIG_PSEUDONYM_KEY``, see ``veilig.registry.crypto``);
each kind has its own label, so the same text as a person and as an address gives different
keys. Values are normalised first (case, spaces), so "9715 PZ 140" and "9715pz 140" match.
"""

from __future__ import annotations

import hmac

from veilig.registry.crypto import _pseudonym_key


def _pseudonym(message: str) -> str:
    """Exactly ``veilig.registry.crypto.pseudonym_for(message)`` (a test checks it), through the
    one-shot C implementation of HMAC: an import computes hundreds of thousands of them."""
    return hmac.digest(_pseudonym_key(), message.encode(), "sha256").hex()[:32]


def _normalised(value: str) -> str:
    return " ".join(value.split()).casefold()


def person_key(value: str) -> str:
    """The analytics pseudonym of a person as named in an imported file ('' for empty)."""
    cleaned = _normalised(value)
    return _pseudonym(f"event-person:{cleaned}") if cleaned else ""


def address_key(value: str) -> str:
    """The pseudonym of an address; all spaces are dropped, so postcode spacing does not matter."""
    cleaned = "".join(_normalised(value).split())
    return _pseudonym(f"event-address:{cleaned}") if cleaned else ""
