"""The import pipeline: plain-data readers and validation, then batched database writes.

- :mod:`.tables` opens a CSV or spreadsheet as a header and rows (no database).
- :mod:`.readers` turns each row of one format into a :class:`.records.Record` or a
  :class:`.records.Rejection` with its reasons (no database).
- :mod:`.pipeline` adds RD/WGS84, area codes, pseudonyms and a content hash per batch and
  writes the batch (insert new, update changed, skip unchanged) inside one transaction per file.
"""

from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.records import Record, Rejection

__all__ = ["ImportFileError", "Record", "Rejection"]
