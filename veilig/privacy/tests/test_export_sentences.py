"""An export row reads as a sentence on the privacy pages, built from its codes."""

from __future__ import annotations

import pytest
from django.utils import translation

from veilig.privacy.events import what_happened


@pytest.mark.parametrize(
    ("object_type", "sentence"),
    [
        ("case", "list of cases exported"),
        ("signal", "list of signals exported"),
        ("early_signal", "list of early signals exported"),
        ("event_import", "report of an import exported"),
    ],
)
def test_an_export_row_says_what_was_exported(object_type: str, sentence: str) -> None:
    with translation.override("en"):
        text = what_happened(
            action="export",
            object_type=object_type,
            object_id="",
            detail="format:csv;rows:2;ids:3,4",
            case_references={},
        )
    assert text == sentence
