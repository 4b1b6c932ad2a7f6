"""The bulk (column by column) reading of generic files agrees with the row reader exactly:
the same records, the same rejections with all their reasons in order, the same counts."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pytest

from veilig.events.importing import columnar, times
from veilig.events.importing.batch import Batch
from veilig.events.importing.columnar import ChunkReader
from veilig.events.importing.readers import GenericReader, SourceConfig, reader_for

HEADER = ["id", "x", "y", "begin", "end", "reported", "soort", "code", "cat", "persoon", "adres"]
HEADER += ["team", "extra"]
MAPPING: dict[str, Any] = {
    "external_id": "id",
    "x": "x",
    "y": "y",
    "begin": "begin",
    "end": "end",
    "reported": "reported",
    "theme_column": "soort",
    "incident_code": "code",
    "category": "cat",
    "person": "persoon",
    "address": "adres",
    "attributes": ["team", "extra", "team"],
}
THEME_MAP = {"Inbraak": "woninginbraak", "A72": "fietsdiefstal", "X1": ""}


def _reader(mapping: dict[str, Any] | None = None) -> GenericReader:
    reader = reader_for(
        SourceConfig(format="generic", mapping=mapping or MAPPING, theme_map=THEME_MAP)
    )
    reader.bind(HEADER)
    assert isinstance(reader, GenericReader)
    return reader


def _date(rng: random.Random, moment: dt.datetime) -> str:
    """Mostly clean ISO text; now and then every other form the readers know or reject."""
    if rng.random() < 0.1:  # the DST change days, including the gap and the repeated hour
        moment = rng.choice([dt.datetime(2024, 3, 31), dt.datetime(2024, 10, 27)])
        moment += dt.timedelta(minutes=rng.randrange(24 * 60))
    if rng.random() < 0.93:
        return moment.isoformat(sep=rng.choice(" T"))[: rng.choice([10, 16, 19, 19])]
    return rng.choice(
        [
            "",
            "  ",
            "5-3-2024 14:30",
            "05/03/2024",
            "2024-03-05T14:30:00+01:00",
            "2024-03-05 14:30:00.250",
            "2024-02-30",
            "2024-13-01 10:00",
            "1899-12-31",
            "9999-12-31 23:30",
            " 2024-03-05",
            "20240305",
            "2024-03-05 24:00",
            "morgen",
        ]
    )


def _number(rng: random.Random, low: float, high: float) -> str:
    roll = rng.random()
    if roll < 0.97:
        return f"{rng.uniform(low, high):.{rng.choice([0, 1, 3])}f}"
    return rng.choice(["", "0", "abc", "155500,5", " 155500 ", "nan", "inf", "1e9", "1_5"])


def _row(rng: random.Random, i: int) -> list[str]:
    roll = rng.random()
    if roll < 0.01:
        return []
    if roll < 0.02:
        return [""] * len(HEADER)
    external_id = rng.choice([f"E{i}"] * 30 + [f" E{i} ", "", "x" * 65, f"E{i // 2}"])
    begin = dt.datetime(2013, 1, 1) + dt.timedelta(seconds=rng.randrange(6 * 365 * 86_400))
    end = begin + dt.timedelta(seconds=rng.randrange(-3_600, 5 * 86_400))
    row = [
        external_id,
        _number(rng, 150_000, 160_000),
        _number(rng, 455_000, 465_000),
        _date(rng, begin),
        _date(rng, end),
        _date(rng, end + dt.timedelta(days=1)),
        rng.choice(["Inbraak"] * 5 + ["Fietsdiefstal", "", "Overlast-Jeugd", "é" * 41, " Geweld "]),
        rng.choice(["", "", "", "", "A72", "X1", "B12", "C" * 17]),
        rng.choice(["", "melding", "melding", "m" * 101]),
        rng.choice(["", "Jan de Vries", "123456789", " 123456782 "]),
        rng.choice(["", "9715 PZ 140", "9715pz 140-a", "Grote Markt 1"]),
        rng.choice(["", "Noord", ' "Zuid"\t\\ ']),
        rng.choice(["", "1", "€"]),
    ]
    if rng.random() < 0.03:
        row = row[: rng.randrange(len(row))]
    if rng.random() < 0.03:
        row = [*row, "overbodig"]
    return row


def _same(bulk: Batch, rows: Batch) -> None:
    for name in bulk.__dataclass_fields__:
        got, want = getattr(bulk, name), getattr(rows, name)
        if isinstance(want, np.ndarray):
            np.testing.assert_array_equal(got, want, err_msg=name)
        else:
            assert got == want, name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bulk_reading_agrees_with_the_row_reader(seed: int) -> None:
    rng = random.Random(seed)
    rows = [_row(rng, i) for i in range(3_000)]
    reader = _reader()
    bulk = ChunkReader(reader).read(2, rows)
    one_by_one = columnar._row_by_row(_reader(), 2, rows)
    _same(bulk.batch, one_by_one.batch)
    assert [r.as_json() for r in bulk.rejections] == [r.as_json() for r in one_by_one.rejections]
    assert bulk.counted == one_by_one.counted
    assert len(bulk.rejections) > 300 and len(bulk.batch) > 1_000  # the file is messy enough


def test_clean_rows_do_not_go_through_the_row_reader(monkeypatch) -> None:
    rng = random.Random(7)
    rows = []
    for i in range(2_000):
        moment = dt.datetime(2020, 1, 1) + dt.timedelta(minutes=rng.randrange(2_000_000))
        begin = moment.isoformat(" ")
        rows.append(
            [f"E{i}", "155000.5", "463000", begin, begin, "", "Inbraak", "", "", "", "", "", ""]
        )
    rows[10][3:5] = ["5-3-2024 14:30", "6-3-2024"]  # read per cell, still clean
    rows[11][1] = "abc"  # rejected: only this row goes to the row reader
    reader = _reader()
    calls: list[int] = []
    original = GenericReader.read

    def counted(self: GenericReader, row: int, cells: list[Any]) -> object:
        calls.append(row)
        return original(self, row, cells)

    monkeypatch.setattr(GenericReader, "read", counted)
    chunk = ChunkReader(reader).read(2, rows)
    assert calls == [13]
    assert len(chunk.batch) == 1_999 and len(chunk.rejections) == 1
    assert chunk.batch.begin[10] == times.to_us(dt.datetime(2024, 3, 5, 13, 30))


def test_typed_spreadsheet_cells_are_read_row_by_row() -> None:
    rows = [["E1", 155000.0, 463000.0, dt.datetime(2024, 3, 5, 14, 30), "", "", "Inbraak"]]
    rows[0] += [""] * (len(HEADER) - len(rows[0]))
    chunk = ChunkReader(_reader()).read(2, rows)
    assert chunk.batch.external_id == ["E1"]
    assert chunk.batch.begin.tolist() == [times.to_us(dt.datetime(2024, 3, 5, 13, 30))]


def test_a_date_format_and_wgs84_coordinates() -> None:
    mapping = {
        **MAPPING,
        "crs": "wgs84",
        "lon": "x",
        "lat": "y",
        "date_format": "%d.%m.%Y %H:%M",
        "timezone": "Europe/London",
    }
    del mapping["x"], mapping["y"]
    rows = [
        ["A", "6.56", "53.21", "05.03.2024 14:30", "", "", "Inbraak"] + [""] * 6,
        ["B", "6.56", "53.21", "2024-03-05 14:30", "", "", "Inbraak"] + [""] * 6,
        ["C", "1.0", "53.21", "05.07.2024 14:30", "", "", "Inbraak"] + [""] * 6,
    ]
    bulk = ChunkReader(_reader(mapping)).read(2, rows)
    one_by_one = columnar._row_by_row(_reader(mapping), 2, rows)
    _same(bulk.batch, one_by_one.batch)
    assert [r.as_json() for r in bulk.rejections] == [r.as_json() for r in one_by_one.rejections]
    assert bulk.batch.external_id == ["A"] and not bulk.batch.is_rd.any()
    assert bulk.batch.begin.tolist() == [times.to_us(dt.datetime(2024, 3, 5, 14, 30))]
