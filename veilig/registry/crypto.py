"""Personal identifiers at rest: BSN encryption, BSN search digests and analytics pseudonyms.

- The BSN is stored encrypted (AES-256-GCM, random nonce), so a database dump does not reveal it.
  A ciphertext is ``<key id>:<urlsafe base64 of nonce + sealed>``; the key id (8 hex digits,
  ``keyformat.key_id``) names the key that sealed it, so that a new key can take over while
  ciphertexts under earlier keys (``FIELD_ENCRYPTION_KEYS_OLD``) still open. Ciphertexts from
  before key ids (no ``:``) are tried under every configured key.
- Searching by BSN uses a keyed digest (HMAC-SHA256) of the number under the current encryption
  key, never the number itself; re-encryption (``bsn_reencrypt``) recomputes it with a new key.
- Analysts see a pseudonym: an HMAC of the person's UUID under a separate key.

The keys are checked at start-up (``veilig.settings``, ``keyformat.validate_keys``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from veilig.registry.keyformat import decode_key, key_id

_NONCE_BYTES = 12
_AAD = b"veilig"
_KEY_SETTINGS = {"SECRET_KEY", "FIELD_ENCRYPTION_KEY", "FIELD_ENCRYPTION_KEYS_OLD", "PSEUDONYM_KEY"}


class UnknownKeyError(Exception):
    """A ciphertext sealed under a key that is not configured (any more)."""


@dataclass(frozen=True)
class _Keyring:
    current_id: str
    keys: dict[str, bytes]  # key id -> key; the current key first

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def _derived(label: str) -> bytes:
    """A key derived from SECRET_KEY; only used in demo/debug, where no key is configured."""
    return hashlib.sha256(f"veilig:{label}:{settings.SECRET_KEY}".encode()).digest()


@cache
def _keyring() -> _Keyring:
    configured: str = settings.FIELD_ENCRYPTION_KEY
    if configured:
        current = decode_key("VEILIG_FIELD_ENCRYPTION_KEY", configured)
    else:
        current = _derived("field-encryption")
    keys = {key_id(current): current}
    for old in settings.FIELD_ENCRYPTION_KEYS_OLD:
        raw = decode_key("VEILIG_FIELD_ENCRYPTION_KEYS_OLD", old)
        keys.setdefault(key_id(raw), raw)
    return _Keyring(current_id=key_id(current), keys=keys)


def _encryption_key() -> bytes:
    return _keyring().current


@cache
def _pseudonym_key() -> bytes:
    # The key's text is the HMAC key, as it always was: pseudonyms stay what they are.
    configured: str = settings.PSEUDONYM_KEY
    return configured.encode() if configured else _derived("pseudonym")


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    """Tests that override a key get the new one."""
    if setting in _KEY_SETTINGS:
        _keyring.cache_clear()
        _pseudonym_key.cache_clear()


def current_key_id() -> str:
    return _keyring().current_id


def bsn_is_valid(value: str) -> bool:
    """The BSN 11-check: 9 digits, sum of digit × (9..2, then −1) divisible by 11, not 0."""
    if len(value) != 9 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and total != 0


def encrypt(plain: str) -> str:
    ring = _keyring()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(ring.current).encrypt(nonce, plain.encode("utf-8"), _AAD)
    return f"{ring.current_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def decrypt(token: str) -> str:
    ring = _keyring()
    named, _, body = token.rpartition(":")
    raw = base64.urlsafe_b64decode(body.encode("ascii"))
    if named:
        if named not in ring.keys:
            raise UnknownKeyError(
                f"Sealed under key {named}: add that key to VEILIG_FIELD_ENCRYPTION_KEYS_OLD."
            )
        candidates = [ring.keys[named]]
    else:  # from before key ids
        candidates = list(ring.keys.values())
    for key in candidates:
        try:
            plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _AAD)
        except InvalidTag:
            continue
        return plain.decode("utf-8")
    raise UnknownKeyError("Sealed under none of the configured keys.")


def is_current(token: str) -> bool:
    """Whether a ciphertext is sealed under the current key (else re-encryption moves it)."""
    return token.startswith(f"{current_key_id()}:")


def bsn_digest(bsn: str) -> str:
    return hmac.new(_encryption_key(), f"bsn:{bsn}".encode(), hashlib.sha256).hexdigest()


def pseudonym_for(person_uuid: str) -> str:
    return hmac.new(_pseudonym_key(), person_uuid.encode(), hashlib.sha256).hexdigest()[:32]
