"""The format of the keys for personal data, checked where the settings are read.

Pure (no Django apps, no settings): ``veilig/settings.py`` imports it to refuse a bad key at
start-up, and the deploy checks (``veilig.registry.checks``) and ``veilig.registry.crypto`` use
the same rules. Both keys are 32 random bytes in urlsafe base64 (44 characters, one ``=``), e.g.
``python -c "import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())"``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
# Exactly the urlsafe alphabet: the standard decoder silently skips other characters.
_KEY_TEXT = re.compile(r"[A-Za-z0-9_-]{43}=?")
HOW_TO_MAKE = (
    "32 random bytes in urlsafe base64, e.g. from "
    '`python -c "import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())"`'
)


def decode_key(name: str, value: str) -> bytes:
    """The 32 bytes of a key given as text; ImproperlyConfigured naming ``name`` otherwise."""
    text = value.strip()
    if not _KEY_TEXT.fullmatch(text):
        raise ImproperlyConfigured(f"{name} must be {HOW_TO_MAKE}.")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != KEY_BYTES:  # pragma: no cover - 43 characters always decode to 32 bytes
        raise ImproperlyConfigured(f"{name} must be {HOW_TO_MAKE}.")
    return raw


def split_keys(value: str) -> list[str]:
    """A list of keys separated by commas or white space (base64 holds neither)."""
    return [part for part in re.split(r"[\s,]+", value) if part]


def looks_random(key: bytes) -> bool:
    """False for bytes that are plainly not random: text (a password in base64) or few values.

    32 random bytes are all printable ASCII with a chance of about 1 in 10^13 and take fewer than
    16 distinct values with a far smaller one; a typed pass phrase does both.
    """
    printable = all(0x20 <= byte < 0x7F for byte in key)
    return not printable and len(set(key)) >= 16


def key_id(key: bytes) -> str:
    """A short, stable name of a key, stored in front of each ciphertext (8 hex digits).

    A keyed hash of a fixed label, so it reveals nothing about the key, and needs no setting:
    the key itself says which ciphertexts it opens.
    """
    return hmac.new(key, b"veilig:key-id", hashlib.sha256).hexdigest()[:8]


def validate_keys(
    *,
    field_key: str,
    old_field_keys: list[str],
    pseudonym_key: str,
    secret_key: str,
    may_derive: bool,
) -> None:
    """Refuse, at start-up, keys that are missing (unless ``may_derive``), malformed or shared."""
    named = {
        "VEILIG_FIELD_ENCRYPTION_KEY": field_key,
        "VEILIG_PSEUDONYM_KEY": pseudonym_key,
    }
    for name, value in named.items():
        if value:
            decode_key(name, value)
        elif not may_derive:
            raise ImproperlyConfigured(
                f"Set {name} outside DEBUG and demo mode: {HOW_TO_MAKE} (docs/security.md)."
            )
    for value in old_field_keys:
        decode_key("VEILIG_FIELD_ENCRYPTION_KEYS_OLD", value)
    problem = shared_key_problem(
        field_key=field_key,
        old_field_keys=old_field_keys,
        pseudonym_key=pseudonym_key,
        secret_key=secret_key,
    )
    if problem:
        raise ImproperlyConfigured(problem)


def shared_key_problem(
    *, field_key: str, old_field_keys: list[str], pseudonym_key: str, secret_key: str
) -> str:
    """Why the keys are not separate, or ''. Compared as bytes: the same key in two spellings
    (with or without the ``=``) is the same key."""

    def raw(value: str) -> bytes:
        text = value.strip()
        if _KEY_TEXT.fullmatch(text):
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return text.encode()

    field, pseudonym = raw(field_key), raw(pseudonym_key)
    if field and field == pseudonym:
        return "VEILIG_FIELD_ENCRYPTION_KEY and VEILIG_PSEUDONYM_KEY must be different keys."
    if pseudonym and pseudonym in {raw(old) for old in old_field_keys}:
        return "VEILIG_PSEUDONYM_KEY must not be one of VEILIG_FIELD_ENCRYPTION_KEYS_OLD."
    secret = secret_key.strip()
    for name, value in (
        ("VEILIG_FIELD_ENCRYPTION_KEY", field_key),
        ("VEILIG_PSEUDONYM_KEY", pseudonym_key),
    ):
        if value and value.strip() == secret:
            return f"{name} must not be the same as SECRET_KEY."
    return ""
