"""A batch of valid rows as columns: what the readers hand to the pipeline.

Column lists instead of one object per row: the pipeline's work per batch (RD ↔ WGS84, areas,
pseudonyms, times as text, hashes, the rows for the database) is done column by column, in C
where possible (numpy, ``map``, ``zip``). Times are naive UTC microseconds (``times.NO_TIME`` for
none); person and address are still clear text (the pipeline pseudonymises them); attributes
are already JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from itertools import compress
from typing import Any

import numpy as np
import numpy.typing as npt

from veilig.events.importing.records import Record, Rejection
from veilig.events.importing.times import NO_TIME, to_us

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

_encode_str: Callable[[str], str] = json.encoder.encode_basestring


@dataclass
class Batch:
    row: list[int]
    external_id: list[str]
    theme: list[str]
    category: list[str]
    incident_code: list[str]
    begin: I64
    end: I64
    reported: I64
    a: F64  # RD x, or longitude where is_rd is False
    b: F64  # RD y, or latitude
    is_rd: Bool
    person: list[str]
    address: list[str]
    attributes: list[str]  # JSON objects

    def __len__(self) -> int:
        return len(self.row)

    @classmethod
    def empty(cls, n: int = 0) -> Batch:
        """A batch of n placeholder rows (filled in by :meth:`put`)."""
        blank = [""] * n
        return cls(
            row=[0] * n,
            external_id=list(blank),
            theme=list(blank),
            category=list(blank),
            incident_code=list(blank),
            begin=np.full(n, NO_TIME, np.int64),
            end=np.full(n, NO_TIME, np.int64),
            reported=np.full(n, NO_TIME, np.int64),
            a=np.zeros(n, np.float64),
            b=np.zeros(n, np.float64),
            is_rd=np.ones(n, np.bool_),
            person=list(blank),
            address=list(blank),
            attributes=["{}"] * n,
        )

    @classmethod
    def of_records(cls, records: Sequence[Record]) -> Batch:
        batch = cls.empty(len(records))
        for i, record in enumerate(records):
            batch.put(i, record)
        return batch

    def put(self, i: int, r: Record) -> None:
        """Write one record (from a row reader) at position i."""
        self.row[i] = r.row
        self.external_id[i] = r.external_id
        self.theme[i] = r.theme
        self.category[i] = r.category
        self.incident_code[i] = r.incident_code
        self.begin[i] = to_us(r.begin)
        self.end[i] = NO_TIME if r.end is None else to_us(r.end)
        self.reported[i] = NO_TIME if r.reported is None else to_us(r.reported)
        self.a[i], self.b[i] = r.x, r.y
        self.is_rd[i] = r.crs == "rd"
        self.person[i] = r.person
        self.address[i] = r.address
        self.attributes[i] = json_object(r.attributes)

    def take(self, keep: Sequence[bool] | Bool) -> Batch:
        """The rows where ``keep`` is true, in order."""
        mask = np.asarray(keep, dtype=np.bool_)
        flags = mask.tolist()
        values: dict[str, Any] = {}
        for f in fields(self):
            column = getattr(self, f.name)
            values[f.name] = (
                column[mask] if isinstance(column, np.ndarray) else list(compress(column, flags))
            )
        return Batch(**values)


@dataclass
class Chunk:
    """What a reader made of a run of file rows: the valid rows, the rejected ones, and how
    many rows were not blank (blank rows are not records and are not counted)."""

    batch: Batch
    rejections: list[Rejection]
    counted: int


def json_object(values: dict[str, Any]) -> str:
    """Compact JSON of a flat dict (the attributes), several times faster than json.dumps for
    the common case of str/int values; anything else goes through json.dumps."""
    if not values:
        return "{}"
    parts = []
    for key, value in values.items():
        kind = value.__class__
        if kind is str:
            encoded = _encode_str(value)
        elif kind is int:
            encoded = str(value)
        else:
            encoded = json.dumps(value, ensure_ascii=False)
        parts.append(f"{_encode_str(key)}:{encoded}")
    return "{" + ",".join(parts) + "}"


def json_objects(names: Sequence[str], columns: Sequence[Sequence[str]], n: int) -> list[str]:
    """Per row the JSON object of the non-empty text values of ``columns`` (named ``names``):
    the same text as :func:`json_object` of the dict a row reader builds."""
    if not names:
        return ["{}"] * n
    pieces = []
    for name, column in zip(names, columns, strict=True):
        key = _encode_str(name) + ":"
        pieces.append([key + _encode_str(v) if v else "" for v in column])
    if len(pieces) == 1:
        return ["{" + p + "}" if p else "{}" for p in pieces[0]]
    return ["{" + ",".join([p for p in parts if p]) + "}" for parts in zip(*pieces, strict=True)]
