"""The import pipeline: plain-data readers and validation, then batched database writes.

- :mod:`.tables` opens a CSV or spreadsheet as a header and rows (no database).
- :mod:`.readers` turns each row of one format into a :class:`.records.Record` or a
  :class:`.records.Rejection` with its reasons (no database).
- :mod:`.columnar` reads runs of rows at once: the generic format column by column (with
  :mod:`.times` for dates), any row it cannot take as it is through the row reader; the result
  is a :class:`.batch.Batch` of columns.
- :mod:`.prepare` adds RD/WGS84, area codes, pseudonyms (:mod:`.pseudonyms`) and a content hash
  per batch; :mod:`.pipeline` writes the batches (insert new, update changed, skip unchanged)
  through :mod:`.writers` on a second thread (:mod:`.stage`), inside one transaction per file.
"""

from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.records import Record, Rejection

__all__ = ["ImportFileError", "Record", "Rejection"]
