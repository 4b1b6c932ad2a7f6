"""Reading area files (the CBS wijk- en buurtkaart) and stadsdeel groupings.

Nothing in this package writes to the database: :mod:`veilig.geo.services` does.
"""

from veilig.geo.importing.errors import AreaImportError
from veilig.geo.importing.grouping import StadsdeelGroup, read_grouping
from veilig.geo.importing.reader import AreaRecord, read_area_file, year_from_file_name

__all__ = [
    "AreaImportError",
    "AreaRecord",
    "StadsdeelGroup",
    "read_area_file",
    "read_grouping",
    "year_from_file_name",
]
