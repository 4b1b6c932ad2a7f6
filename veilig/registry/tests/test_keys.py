"""F8: the keys for personal data are required, separate and well-formed outside DEBUG and demo
mode; check --deploy reports bad keys; a new encryption key can take over (key ids, rotation)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from veilig.accounts.tests.test_settings import PRODUCTION, _manage
from veilig.audit.models import AuditEntry
from veilig.registry.checks import check_personal_data_keys
from veilig.registry.crypto import (
    UnknownKeyError,
    bsn_digest,
    current_key_id,
    decrypt,
    encrypt,
    is_current,
    pseudonym_for,
)
from veilig.registry.keyformat import decode_key, key_id, looks_random, validate_keys
from veilig.registry.selectors import person_lookup, persons_sealed_under_old_keys
from veilig.registry.services import person_bsn_reencrypt, person_create

KEY_A = "pqh6HVyuVYF6NjQqc7VlabIPjrp-N1riipVCrnTwP4E="
KEY_B = "AHiUAfDgTkFNPokpwqZdUy1fGATTZjkDfSrdgsHh0eE="
TEXT_KEY = base64.urlsafe_b64encode(b"a-password-of-thirty-two-bytes!!").decode()
BSN = "123456782"


def _legacy_encrypt(plain: str, key_text: str) -> str:
    """A ciphertext as the code before key ids wrote it (no ``<key id>:`` in front)."""
    nonce = os.urandom(12)
    sealed = AESGCM(base64.urlsafe_b64decode(key_text)).encrypt(nonce, plain.encode(), b"veilig")
    return base64.urlsafe_b64encode(nonce + sealed).decode()


# --- The format -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "short",
        "production-like-pseudonym-key",
        KEY_A.replace("-", "+"),  # standard, not urlsafe, base64
        base64.urlsafe_b64encode(bytes(range(33))).decode(),  # 33 bytes, one too many
        KEY_A[:-2] + "!=",
    ],
    ids=["short", "text", "standard-base64", "33-bytes", "bad-character"],
)
def test_a_malformed_key_is_refused_naming_the_variable(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="VEILIG_PSEUDONYM_KEY"):
        decode_key("VEILIG_PSEUDONYM_KEY", value)


def test_a_key_with_or_without_padding_is_the_same_key() -> None:
    assert (
        decode_key("X", KEY_A)
        == decode_key("X", KEY_A.rstrip("="))
        == base64.urlsafe_b64decode(KEY_A)
    )


def test_random_bytes_look_random_text_and_zeros_do_not() -> None:
    assert looks_random(decode_key("X", KEY_A))
    assert not looks_random(decode_key("X", TEXT_KEY))
    assert not looks_random(bytes(32))


@pytest.mark.parametrize(
    ("field", "pseudonym", "secret", "named"),
    [
        ("", KEY_B, "s", "VEILIG_FIELD_ENCRYPTION_KEY"),
        (KEY_A, "", "s", "VEILIG_PSEUDONYM_KEY"),
        (KEY_A, KEY_A, "s", "must be different"),
        (KEY_A, KEY_A.rstrip("="), "s", "must be different"),
        (KEY_A, KEY_B, KEY_B, "SECRET_KEY"),
    ],
)
def test_missing_or_shared_keys_are_refused(
    field: str, pseudonym: str, secret: str, named: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=named):
        validate_keys(
            field_key=field,
            old_field_keys=[],
            pseudonym_key=pseudonym,
            secret_key=secret,
            may_derive=False,
        )


def test_old_keys_are_checked_too() -> None:
    common = {"field_key": KEY_A, "secret_key": "s", "may_derive": False}
    with pytest.raises(ImproperlyConfigured, match="VEILIG_FIELD_ENCRYPTION_KEYS_OLD"):
        validate_keys(**common, old_field_keys=["nonsense"], pseudonym_key=KEY_B)  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfigured, match="KEYS_OLD"):
        validate_keys(**common, old_field_keys=[KEY_B], pseudonym_key=KEY_B)  # type: ignore[arg-type]


def test_debug_and_demo_may_leave_the_keys_empty() -> None:
    validate_keys(
        field_key="", old_field_keys=[], pseudonym_key="", secret_key="s", may_derive=True
    )


# --- Start-up and check --deploy (subprocesses with production-like settings) -----------------


@pytest.mark.parametrize("name", ["VEILIG_FIELD_ENCRYPTION_KEY", "VEILIG_PSEUDONYM_KEY"])
def test_production_refuses_to_start_with_an_empty_key(name: str) -> None:
    result = _manage({**PRODUCTION, name: ""}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set {name}" in result.stderr


def test_production_refuses_identical_keys() -> None:
    same = PRODUCTION["VEILIG_FIELD_ENCRYPTION_KEY"]
    result = _manage({**PRODUCTION, "VEILIG_PSEUDONYM_KEY": same}, "check")
    assert result.returncode != 0
    assert "must be different keys" in result.stderr


def test_production_refuses_a_pseudonym_key_of_the_wrong_format() -> None:
    result = _manage(
        {**PRODUCTION, "VEILIG_PSEUDONYM_KEY": "production-like-pseudonym-key"}, "check"
    )
    assert result.returncode != 0
    assert "VEILIG_PSEUDONYM_KEY must be 32 random bytes" in result.stderr


def test_check_deploy_reports_derived_keys_in_debug() -> None:
    env = {
        **PRODUCTION,
        "DEBUG": "true",
        "VEILIG_FIELD_ENCRYPTION_KEY": "",
        "VEILIG_PSEUDONYM_KEY": "",
    }
    result = _manage(env, "check", "--deploy")
    assert result.returncode != 0
    assert "(veilig.E001) VEILIG_FIELD_ENCRYPTION_KEY is not set" in result.stderr
    assert "(veilig.E002) VEILIG_PSEUDONYM_KEY is not set" in result.stderr


def test_demo_starts_without_keys() -> None:
    result = _manage({"VEILIG_DEMO": "true"}, "check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# --- The deploy check in-process --------------------------------------------------------------


def _check_ids() -> list[str]:
    return [message.id or "" for message in check_personal_data_keys()]


def test_deploy_check_is_silent_for_the_test_keys() -> None:
    assert _check_ids() == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"FIELD_ENCRYPTION_KEY": ""}, ["veilig.E001"]),
        ({"PSEUDONYM_KEY": ""}, ["veilig.E002"]),
        ({"PSEUDONYM_KEY": "not-a-key"}, ["veilig.E003"]),
        ({"FIELD_ENCRYPTION_KEYS_OLD": ["not-a-key"]}, ["veilig.E003"]),
        ({"FIELD_ENCRYPTION_KEY": KEY_A, "PSEUDONYM_KEY": KEY_A}, ["veilig.E004"]),
        ({"FIELD_ENCRYPTION_KEY": KEY_A, "SECRET_KEY": KEY_A}, ["veilig.E004"]),
        ({"FIELD_ENCRYPTION_KEY": TEXT_KEY}, ["veilig.W001"]),
    ],
)
def test_deploy_check_names_each_problem(overrides: dict[str, object], expected: list[str]) -> None:
    with override_settings(**overrides):
        assert _check_ids() == expected


# --- Key ids and rotation ---------------------------------------------------------------------


@override_settings(FIELD_ENCRYPTION_KEY=KEY_A, FIELD_ENCRYPTION_KEYS_OLD=[])
def test_a_ciphertext_names_its_key() -> None:
    token = encrypt(BSN)
    assert token.startswith(f"{key_id(decode_key('X', KEY_A))}:")
    assert current_key_id() == token.split(":")[0]
    assert is_current(token)
    assert decrypt(token) == BSN


@override_settings(FIELD_ENCRYPTION_KEY=KEY_A, FIELD_ENCRYPTION_KEYS_OLD=[])
def test_a_ciphertext_from_before_key_ids_still_opens() -> None:
    legacy = _legacy_encrypt(BSN, KEY_A)
    assert ":" not in legacy
    assert not is_current(legacy)
    assert decrypt(legacy) == BSN


def test_after_a_key_change_old_ciphertexts_open_with_the_old_key_listed() -> None:
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_A, FIELD_ENCRYPTION_KEYS_OLD=[]):
        token = encrypt(BSN)
    legacy = _legacy_encrypt(BSN, KEY_A)
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[KEY_A]):
        assert decrypt(token) == decrypt(legacy) == BSN
        assert not is_current(token)
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[]):
        with pytest.raises(UnknownKeyError, match="VEILIG_FIELD_ENCRYPTION_KEYS_OLD"):
            decrypt(token)
        with pytest.raises(UnknownKeyError):
            decrypt(legacy)


@pytest.mark.django_db
def test_reencryption_moves_every_bsn_to_the_new_key_and_its_digest() -> None:
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_A, FIELD_ENCRYPTION_KEYS_OLD=[]):
        moved_person = person_create(first_name="Test", last_name="Persoon", bsn=BSN)
        without_bsn = person_create(first_name="Geen", last_name="Bsn")
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[KEY_A]):
        assert list(persons_sealed_under_old_keys()) == [moved_person]
        assert person_lookup(bsn=BSN) == []  # the digest is still under the old key
        with pytest.raises(CommandError, match="1 BSN is still sealed"):
            call_command("bsn_reencrypt", "--check")
        assert person_bsn_reencrypt(batch_size=1) == 1
        call_command("bsn_reencrypt", "--check")
        assert person_bsn_reencrypt() == 0
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[]):
        moved_person.refresh_from_db()
        assert is_current(moved_person.bsn_encrypted)
        assert decrypt(moved_person.bsn_encrypted) == BSN
        assert moved_person.bsn_digest == bsn_digest(BSN)
        assert person_lookup(bsn=BSN) == [moved_person]
    without_bsn.refresh_from_db()
    assert without_bsn.bsn_encrypted == without_bsn.bsn_digest == ""
    rows = list(AuditEntry.objects.filter(object_type="person", action="update"))
    assert [(r.detail, r.channel, r.actor_id) for r in rows] == [("bsn_reencrypt:1", "cli", None)]


@pytest.mark.django_db
def test_reencryption_stops_on_an_unknown_key_and_logs_what_it_moved() -> None:
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_A, FIELD_ENCRYPTION_KEYS_OLD=[]):
        person_create(first_name="Onder", last_name="A", bsn=BSN)
    with override_settings(FIELD_ENCRYPTION_KEY=TEXT_KEY, FIELD_ENCRYPTION_KEYS_OLD=[]):
        person_create(first_name="Onder", last_name="Tekst", bsn="111222333")
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[KEY_A]):
        with pytest.raises(UnknownKeyError):
            person_bsn_reencrypt(batch_size=1)
        assert persons_sealed_under_old_keys().count() == 1  # the first batch stays moved
        with pytest.raises(CommandError, match="not configured"):
            call_command("bsn_reencrypt")
    assert AuditEntry.objects.get(action="update").detail == "bsn_reencrypt:1"


def test_pseudonyms_keep_the_key_text_as_their_hmac_key() -> None:
    """Pseudonyms must not change with this release: the HMAC key is the key's text, as before."""
    with override_settings(PSEUDONYM_KEY=KEY_B):
        expected = hmac.new(KEY_B.encode(), b"some-uuid", hashlib.sha256).hexdigest()[:32]
        assert pseudonym_for("some-uuid") == expected
