"""Personal identifiers at rest: BSN encryption, BSN search digests and analytics pseudonyms.

- The BSN is stored encrypted (AES-256-GCM, random nonce), so a database dump does not reveal it.
- Searching by BSN uses a keyed digest (HMAC-SHA256) of the number, never the number itself.
- Analysts see a pseudonym: an HMAC of the person's UUID under a separate key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_NONCE_BYTES = 12


def _derived(label: str) -> bytes:
    """A key derived from SECRET_KEY; only used in demo/debug, where no key is configured."""
    return hashlib.sha256(f"veilig:{label}:{settings.SECRET_KEY}".encode()).digest()


@cache
def _encryption_key() -> bytes:
    configured: str = settings.FIELD_ENCRYPTION_KEY
    if not configured:
        return _derived("field-encryption")
    try:
        key = base64.urlsafe_b64decode(configured)
    except ValueError as exc:
        raise ImproperlyConfigured("VEILIG_FIELD_ENCRYPTION_KEY is not base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("VEILIG_FIELD_ENCRYPTION_KEY must be 32 bytes (base64).")
    return key


@cache
def _pseudonym_key() -> bytes:
    configured: str = settings.PSEUDONYM_KEY
    return configured.encode() if configured else _derived("pseudonym")


def bsn_is_valid(value: str) -> bool:
    """The BSN 11-check: 9 digits, sum of digit × (9..2, then −1) divisible by 11, not 0."""
    if len(value) != 9 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and total != 0


def encrypt(plain: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, plain.encode("utf-8"), b"veilig")
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    raw = base64.urlsafe_b64decode(token.encode("ascii"))
    plain = AESGCM(_encryption_key()).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], b"veilig")
    return plain.decode("utf-8")


def bsn_digest(bsn: str) -> str:
    return hmac.new(_encryption_key(), f"bsn:{bsn}".encode(), hashlib.sha256).hexdigest()


def pseudonym_for(person_uuid: str) -> str:
    return hmac.new(_pseudonym_key(), person_uuid.encode(), hashlib.sha256).hexdigest()[:32]
