"""Imported addresses and persons get the keys the rest of the platform uses, so events meet
signals and registry persons (that they meet in early warning: signals/tests/test_event_keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from veilig.events.importing import pseudonyms as pseudonyms_module
from veilig.events.importing.pseudonyms import (
    Pseudonyms,
    address_key,
    bsn_of,
    person_key,
)
from veilig.events.models import Event
from veilig.events.services import event_source_create, import_run_create, import_run_execute
from veilig.registry import keys
from veilig.registry.crypto import bsn_digest, pseudonym_for
from veilig.registry.keys import address_parts
from veilig.registry.models import Address
from veilig.registry.services import person_create

from .conftest import write_csv

VALID_BSN = "123456782"  # passes the 11-check (a test number, nobody's)
OTHER_BSN = "123456789"  # fails the 11-check


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("9715 PZ 140", ("9715PZ", "140", "", "")),
        ("9715pz 140-a", ("9715PZ", "140", "", "A")),
        ("9711AB 12 bis", ("9711AB", "12", "", "BIS")),
        ("9711 ab 12a", ("9711AB", "12", "A", "")),
        ("9711AB 12 A", ("9711AB", "12", "A", "")),
        ("9711AB, 012a-2", ("9711AB", "12", "A", "2")),
        ("  9711  AB   12  ", ("9711AB", "12", "", "")),
        ("Grote Markt 1", None),
        ("9711 12", None),
        ("9711AB 12 achter", None),
        ("0711AB 12", None),
    ],
)
def test_postcode_addresses_are_read_into_parts(text: str, parts: object) -> None:
    assert address_parts(text) == parts


def test_a_postcode_address_has_the_key_of_the_registry_address() -> None:
    registry = Address(postcode="9715PZ", house_number=140, house_letter="", street="X")
    assert address_key("9715 PZ 140") == keys.address_key(registry)
    assert address_key("9715pz 140") == keys.address_key_of_parts("9715 PZ", 140)
    assert address_key("9715pz 140-a") == keys.address_key_of_parts("9715PZ", 140, "", "a")
    # Any other text keeps a keyed hash of the text without spaces.
    assert address_key("Grote  Markt 1") == pseudonym_for("event-address:grotemarkt1")
    assert address_key("") == ""


def test_bsns_are_recognised_in_the_usual_ways_of_writing() -> None:
    assert bsn_of(VALID_BSN) == bsn_of(" 1234.56.782 ") == bsn_of("123 456 782") == VALID_BSN
    assert bsn_of(OTHER_BSN) is None
    assert bsn_of("Jan de Vries") is None


def test_registry_persons_are_looked_up_once_per_batch_and_only_for_new_bsns() -> None:
    asked: list[list[str]] = []

    def registry(digests: list[str]) -> dict[str, str]:
        asked.append(digests)
        return {bsn_digest(VALID_BSN): "p" * 32}

    pseudonyms = Pseudonyms(registry=registry)
    first = pseudonyms.persons([VALID_BSN, "Jan", VALID_BSN, "", "1234.56.782", OTHER_BSN])
    assert first == ["p" * 32, person_key("Jan"), "p" * 32, "", "p" * 32, person_key(OTHER_BSN)]
    assert asked == [[bsn_digest(VALID_BSN)]]
    pseudonyms.persons([VALID_BSN, "Piet"])  # known BSN, no BSN: no query
    assert len(asked) == 1


def test_the_remembered_keys_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(pseudonyms_module, "_CACHE_LIMIT", 3)
    pseudonyms = Pseudonyms(registry=lambda digests: {})
    values = ["a", "b", "c", "d", "e"]
    assert pseudonyms.addresses(values) == [address_key(v) for v in values]
    # The cache is full: it starts afresh, with the known and the new values of this batch.
    assert pseudonyms.addresses(["e", "f", ""]) == [address_key("e"), address_key("f"), ""]
    assert pseudonyms.persons(["x"] * 5) == [person_key("x")] * 5


@pytest.mark.django_db
def test_an_imported_bsn_of_a_registry_person_gets_the_persons_pseudonym(tmp_path: Path) -> None:
    person = person_create(first_name="Test", last_name="Persoon", bsn=VALID_BSN)
    source = event_source_create(
        code="boa",
        name="BOA",
        format="generic",
        mapping={
            "external_id": "id",
            "x": "x",
            "y": "y",
            "begin": "begin",
            "person": "p",
            "theme": "t",
        },
    )
    rows: list[list[Any]] = [["id", "x", "y", "begin", "p"]]
    rows += [["1", 155_500, 463_500, "2024-03-05", VALID_BSN]]
    rows += [["2", 155_500, 463_500, "2024-03-05", "Jan de Vries"]]
    run = import_run_create(source=source, file_name="p.csv")
    import_run_execute(run=run, path=write_csv(tmp_path / "p.csv", rows))
    keys_by_id = dict(Event.objects.values_list("external_id", "person_key"))
    assert keys_by_id == {"1": person.pseudonym, "2": person_key("Jan de Vries")}
