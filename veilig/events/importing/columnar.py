"""Reading a run of file rows at once: column by column for the generic format, row by row
otherwise.

The generic reader's rules (``readers.GenericReader.read``) are applied here to whole columns:
ids, numbers, dates (``times``), themes, lengths, the region box. A row that passes every
check in this bulk form is *clean* and is taken as it is. Every other row — a rejection, a blank
row, a cell in an unusual form — is read again by ``GenericReader.read`` itself, so its record or
its reasons (all of them, in their order) are exactly those of the row reader. The bulk checks
are therefore only ever stricter than the row reader, never looser; a test compares both on
messy files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from veilig.events.importing import parsing
from veilig.events.importing import times as T
from veilig.events.importing.batch import Batch, Chunk, json_objects
from veilig.events.importing.readers import (
    MAX_CATEGORY,
    MAX_CODE,
    MAX_ID,
    MAX_THEME,
    NL_WGS84_BOX,
    RD_BOX,
    GenericReader,
    Reader,
)
from veilig.events.importing.records import Record, Rejection

Bool = npt.NDArray[np.bool_]
F64 = npt.NDArray[np.float64]
_THEME_CACHE_LIMIT = 10_000  # themes are few; a column of free text must not eat memory


class ChunkReader:
    """Reads runs of rows of one file with one reader; keeps what is worth keeping between
    runs (the time zone's offsets per day, the themes of the theme cells)."""

    def __init__(self, reader: Reader, *, text_only: bool = False) -> None:
        self.reader = reader
        self.text_only = text_only  # the file's cells are all text (no need to check)
        self.zone = T.LocalZone(reader.tz)
        self.themes: dict[str, str | None] = {}

    def read(self, first_row: int, rows: list[list[Any]]) -> Chunk:
        """The rows ``first_row``, ``first_row + 1``, … of a file as a :class:`Chunk`."""
        if isinstance(self.reader, GenericReader):
            chunk = self._generic(self.reader, first_row, rows)
            if chunk is not None:
                return chunk
        return _row_by_row(self.reader, first_row, rows)

    def _generic(
        self, reader: GenericReader, first_row: int, rows: list[list[Any]]
    ) -> Chunk | None:
        """The bulk form, or None when the cells are not all text (typed spreadsheet cells are
        read row by row)."""
        n, width = len(rows), reader.width
        if not n or not width:
            return None
        if set(map(len, rows)) != {width}:
            # The row reader pads short rows with "" and ignores cells past the header.
            fitted = [(cells + [""] * (width - len(cells)))[:width] for cells in rows]
        else:
            fitted = rows
        columns = list(zip(*fitted, strict=True))
        if not self.text_only and not all(
            _all_text(columns[i]) for i in _used_columns(reader) if i >= 0
        ):
            return None

        def stripped(index: int) -> list[str]:
            return list(map(str.strip, columns[index])) if index >= 0 else [""] * n

        ids = stripped(reader.i_id)
        clean = _lengths_within(ids, 1, MAX_ID)
        a, b, coordinates_ok = _coordinates(reader, columns[reader.i_a], columns[reader.i_b])
        clean &= coordinates_ok
        zone, fmt = self.zone, reader.date_format
        begin, readable = T.moments(columns[reader.i_begin], zone=zone, date_format=fmt)
        clean &= readable & (begin != T.NO_TIME)
        end = reported = np.full(n, T.NO_TIME, np.int64)
        if reader.i_end >= 0:
            end, readable = T.moments(
                columns[reader.i_end], zone=zone, date_format=fmt, end_of_day=True
            )
            clean &= readable & ~((end != T.NO_TIME) & (begin > end))
        if reader.i_reported >= 0:
            reported, readable = T.moments(columns[reader.i_reported], zone=zone, date_format=fmt)
            clean &= readable
        codes = stripped(reader.i_code)
        clean &= _lengths_within(codes, 0, MAX_CODE)
        themes = self._themes(reader, stripped(reader.i_theme), codes)
        clean &= np.fromiter((t is not None for t in themes), np.bool_, n)
        categories = stripped(reader.i_category)
        clean &= _lengths_within(categories, 0, MAX_CATEGORY)
        # A column named twice is one key of the row reader's dict.
        attribute_columns = dict(reader.attribute_columns)
        batch = Batch(
            row=list(range(first_row, first_row + n)),
            external_id=ids,
            theme=themes,  # type: ignore[arg-type]  # None only on rows that are not clean
            category=categories,
            incident_code=codes,
            begin=begin,
            end=end,
            reported=reported,
            a=a,
            b=b,
            is_rd=np.full(n, reader.crs == "rd", np.bool_),
            person=stripped(reader.i_person),
            address=stripped(reader.i_address),
            attributes=json_objects(
                list(attribute_columns), [stripped(i) for i in attribute_columns.values()], n
            ),
        )
        return _settle(reader, batch, clean, rows)

    def _themes(
        self, reader: GenericReader, values: list[str], codes: list[str]
    ) -> list[str | None]:
        """The theme of each row as ``GenericReader._theme`` gives it; None where that names a
        problem. Cached per distinct theme cell, or code when the cell is empty: a file has few."""
        # "\x1f" cannot start a stripped cell: it keeps codes apart from theme cells.
        keys = [v or "\x1f" + c for v, c in zip(values, codes, strict=True)]
        cache = self.themes
        found = list(map(cache.get, keys))
        if None in found:
            for i, key in enumerate(keys):
                if found[i] is None:
                    if key in cache:
                        found[i] = cache[key]  # a theme, or None for a problem
                        continue
                    theme = found[i] = _theme(reader, values[i], codes[i])
                    if len(cache) < _THEME_CACHE_LIMIT:
                        cache[key] = theme
        return found


def is_blank(cells: Sequence[Any]) -> bool:
    """A row without any value (not a record, not counted)."""
    if not cells:
        return True
    first = cells[0]
    if first is not None and first != "":
        return False
    return all(c is None or c == "" for c in cells)


def _row_by_row(reader: Reader, first_row: int, rows: list[list[Any]]) -> Chunk:
    records: list[Record] = []
    rejections: list[Rejection] = []
    counted = 0
    for row, cells in enumerate(rows, start=first_row):
        if is_blank(cells):
            continue
        counted += 1
        result = reader.read(row, cells)
        if isinstance(result, Rejection):
            rejections.append(result)
        else:
            records.append(result)
    return Chunk(Batch.of_records(records), rejections, counted)


def _settle(reader: GenericReader, batch: Batch, clean: Bool, rows: list[list[Any]]) -> Chunk:
    """Rows that are not clean are read by the row reader (their record or their reasons)."""
    keep = clean.copy()
    rejections: list[Rejection] = []
    counted = len(rows)
    for i in np.flatnonzero(~clean).tolist():
        cells = rows[i]
        if is_blank(cells):
            counted -= 1
            continue
        result = reader.read(batch.row[i], cells)
        if isinstance(result, Rejection):
            rejections.append(result)
        else:
            batch.put(i, result)
            keep[i] = True
    return Chunk(batch if keep.all() else batch.take(keep), rejections, counted)


def _used_columns(reader: GenericReader) -> list[int]:
    return [
        reader.i_id,
        reader.i_begin,
        reader.i_end,
        reader.i_reported,
        reader.i_a,
        reader.i_b,
        reader.i_code,
        reader.i_theme,
        reader.i_category,
        reader.i_person,
        reader.i_address,
        *(index for _name, index in reader.attribute_columns),
    ]


def _all_text(column: Sequence[Any]) -> bool:
    return set(map(type, column)) <= {str}


def _lengths_within(values: list[str], low: int, high: int) -> Bool:
    lengths = np.fromiter(map(len, values), np.int64, len(values))
    return (lengths >= low) & (lengths <= high)


def _numbers(column: Sequence[str]) -> tuple[F64, Bool]:
    """Floats as ``parsing.number`` reads text (float() first); NaN where it would not give a
    finite number (empty, unreadable, infinite)."""
    try:
        values = np.array(list(map(float, column)), dtype=np.float64)
    except ValueError:
        values = np.empty(len(column), np.float64)
        for i, cell in enumerate(column):
            try:
                number = parsing.number(cell)
            except ValueError:
                number = None
            values[i] = np.nan if number is None else number
    return values, np.isfinite(values)


def _coordinates(
    reader: GenericReader, first: Sequence[str], second: Sequence[str]
) -> tuple[F64, F64, Bool]:
    a, a_ok = _numbers(first)
    b, b_ok = _numbers(second)
    box = RD_BOX if reader.crs == "rd" else NL_WGS84_BOX
    with np.errstate(invalid="ignore"):
        inside = (a >= box[0]) & (a <= box[2]) & (b >= box[1]) & (b <= box[3])
    return a, b, a_ok & b_ok & ~((a == 0) & (b == 0)) & inside


def _theme(reader: GenericReader, value: str, code: str) -> str | None:
    if value:
        theme = reader.theme_map.get(value) or reader._slug(value)
        return theme if theme and len(theme) <= MAX_THEME else None
    if code and code in reader.theme_map:
        return reader.theme_map[code]
    return reader.fixed_theme or None
