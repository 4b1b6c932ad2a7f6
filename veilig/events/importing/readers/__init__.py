"""One reader per source format: a row of cells in, a :class:`Record` or :class:`Rejection` out.

Readers are plain data (no database): they validate every field of a row and collect every
problem, so a rejected row lists all its reasons at once. Coordinates are checked against the
source's region here; transforming them and finding the areas is done per batch by the pipeline.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.readers.base import (
    DEFAULT_THEME_MAPS,
    MAX_CATEGORY,
    MAX_CODE,
    MAX_ID,
    MAX_THEME,
    NL_WGS84_BOX,
    RD_BOX,
    UK_WGS84_BOX,
    Reader,
    SourceConfig,
)
from veilig.events.importing.readers.bvh import BvhReader
from veilig.events.importing.readers.generic import (
    COLUMN_TARGETS,
    GenericReader,
    mapping_errors,
    target_labels,
)
from veilig.events.importing.readers.police_uk import PoliceUkReader

__all__ = [
    "COLUMN_TARGETS",
    "DEFAULT_THEME_MAPS",
    "MAX_CATEGORY",
    "MAX_CODE",
    "MAX_ID",
    "MAX_THEME",
    "NL_WGS84_BOX",
    "RD_BOX",
    "READERS",
    "UK_WGS84_BOX",
    "BvhReader",
    "GenericReader",
    "PoliceUkReader",
    "Reader",
    "SourceConfig",
    "mapping_errors",
    "reader_for",
    "target_labels",
]

READERS: dict[str, type[Reader]] = {
    "bvh": BvhReader,
    "generic": GenericReader,
    "police_uk": PoliceUkReader,
}


def reader_for(config: SourceConfig) -> Reader:
    try:
        return READERS[config.format](config)
    except KeyError:
        raise ImportFileError(
            _("Unknown source format %(format)s."), format=config.format
        ) from None
