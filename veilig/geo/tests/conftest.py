"""Fixtures for the geo tests: the real CBS files (when present) and a clean index cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from veilig.geo.index import area_index_invalidate


def shared_data_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data"


@pytest.fixture
def groningen() -> Path:
    """The folder with the real CBS 2017 maps of Groningen; skips when it is absent."""
    folder = shared_data_dir() / "groningen"
    if not (folder / "buurt2017.zip").is_file() or not (folder / "wijk2017.zip").is_file():
        pytest.skip(f"real CBS data absent: {folder} has no buurt2017.zip and wijk2017.zip")
    return folder


@pytest.fixture(autouse=True)
def _fresh_area_index() -> Iterator[None]:
    """Every test starts and ends without cached indexes (the database is rolled back)."""
    area_index_invalidate()
    yield
    area_index_invalidate()
