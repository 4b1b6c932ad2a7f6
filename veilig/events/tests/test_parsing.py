"""Cell parsing and the format readers, as plain data (no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from veilig.events.importing import parsing
from veilig.events.importing import reasons as R
from veilig.events.importing.errors import ImportFileError
from veilig.events.importing.readers import (
    BvhReader,
    GenericReader,
    PoliceUkReader,
    SourceConfig,
)
from veilig.events.importing.records import Record, Rejection

from .conftest import GENERIC_HEADER, GENERIC_MAPPING, IN_BUURT, generic_row

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05 14:30", dt.datetime(2024, 3, 5, 13, 30)),  # CET = UTC+1
        ("2024-07-05T14:30:00", dt.datetime(2024, 7, 5, 12, 30)),  # CEST = UTC+2
        ("2024-07-05T14:30:00+00:00", dt.datetime(2024, 7, 5, 14, 30)),
        ("5-3-2024 14:30", dt.datetime(2024, 3, 5, 13, 30)),
        ("05/03/2024", dt.datetime(2024, 3, 4, 23, 0)),
        (dt.datetime(2017, 9, 20, 17, 30), dt.datetime(2017, 9, 20, 15, 30)),
        (dt.date(2017, 1, 1), dt.datetime(2016, 12, 31, 23, 0)),
        (45356.5, dt.datetime(2024, 3, 5, 11, 0)),  # an Excel serial number
    ],
)
def test_moments_become_naive_utc(value, expected) -> None:
    assert parsing.moment(value, tz=AMS) == expected


def test_a_date_alone_as_end_means_the_end_of_that_day() -> None:
    assert parsing.moment("2024-03-05", tz=AMS, end_of_day=True) == dt.datetime(
        2024, 3, 5, 22, 59, 59
    )
    assert parsing.moment("2024-03-05 10:00", tz=AMS, end_of_day=True) == dt.datetime(2024, 3, 5, 9)


@pytest.mark.parametrize("value", ["gisteren", "2024-13-01", "31-02-2024", "1850-01-01", 3.5])
def test_unreadable_dates_raise(value) -> None:
    with pytest.raises(ValueError):
        parsing.moment(value, tz=AMS)


def test_month_window_of_police_uk() -> None:
    first, last = parsing.month_window("2024-02", tz=ZoneInfo("Europe/London"))
    assert (first, last) == (dt.datetime(2024, 2, 1), dt.datetime(2024, 2, 29, 23, 59, 59))


def test_numbers_accept_a_dutch_decimal_comma() -> None:
    assert parsing.number("233211,5") == 233211.5
    assert parsing.number(" 12.25 ") == 12.25
    assert parsing.number("") is None
    with pytest.raises(ValueError):
        parsing.number("abc")


def _generic(mapping=None) -> GenericReader:
    reader = GenericReader(SourceConfig("generic", mapping or GENERIC_MAPPING, {}))
    reader.bind(GENERIC_HEADER)
    return reader


def _reasons(result: Record | Rejection) -> list[tuple[str, str]]:
    assert isinstance(result, Rejection), result
    return [(p.reason, p.column) for p in result.problems]


def test_generic_row_becomes_a_record() -> None:
    record = _generic().read(2, generic_row("A1"))
    assert isinstance(record, Record)
    assert (record.external_id, record.theme, record.x, record.y) == (
        "A1",
        "woninginbraak",
        *IN_BUURT,
    )
    assert record.begin == dt.datetime(2024, 3, 5, 13, 30)
    assert record.reported == dt.datetime(2024, 3, 6, 8, 15)
    assert (record.person, record.address, record.attributes) == (
        "Jan de Vries",
        "1234 AB 5",
        {"team": "Noord"},
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": ""}, [(R.MISSING_ID, "id")]),
        ({"id": "x" * 65}, [(R.ID_TOO_LONG, "id")]),
        ({"x": "", "y": ""}, [(R.MISSING_COORDINATES, "x/y")]),
        ({"x": "oost"}, [(R.UNPARSEABLE_COORDINATES, "x/y")]),
        ({"x": 50_000, "y": 100_000}, [(R.OUTSIDE_NL, "x/y")]),
        ({"begin": ""}, [(R.MISSING_BEGIN, "begin")]),
        ({"begin": "morgen"}, [(R.UNPARSEABLE_DATE, "begin")]),
        ({"reported": "31-31-2024"}, [(R.UNPARSEABLE_DATE, "reported")]),
        ({"end": "2024-03-05 12:00"}, [(R.BEGIN_AFTER_END, "end")]),
        ({"soort": ""}, [(R.MISSING_THEME, "soort")]),
        ({"soort": "x" * 41}, [(R.VALUE_TOO_LONG, "soort")]),
        ({"id": "", "begin": "morgen"}, [(R.MISSING_ID, "id"), (R.UNPARSEABLE_DATE, "begin")]),
    ],
)
def test_generic_rejections_name_every_reason(changes, expected) -> None:
    assert _reasons(_generic().read(7, generic_row("A1", **changes))) == expected


def test_generic_incident_code_goes_through_the_theme_map() -> None:
    mapping = {k: v for k, v in GENERIC_MAPPING.items() if k != "theme_column"}
    mapping["incident_code"] = "soort"
    reader = GenericReader(SourceConfig("generic", mapping, {"B70": "woninginbraak"}))
    reader.bind(GENERIC_HEADER)
    record = reader.read(2, generic_row("A1", soort="B70"))
    assert isinstance(record, Record) and record.theme == "woninginbraak"
    assert _reasons(reader.read(3, generic_row("A2", soort="Z99"))) == [
        (R.UNKNOWN_INCIDENT_CODE, "soort")
    ]


def test_a_mapping_that_does_not_fit_the_file_is_a_file_error() -> None:
    reader = GenericReader(SourceConfig("generic", {**GENERIC_MAPPING, "x": "oost"}, {}))
    with pytest.raises(ImportFileError, match="oost"):
        reader.bind(GENERIC_HEADER)


def test_bvh_requires_its_columns() -> None:
    with pytest.raises(ImportFileError, match="Incident Identificatie"):
        BvhReader(SourceConfig("bvh")).bind(["X", "Y"])


def test_bvh_unknown_incident_code_is_rejected() -> None:
    reader = BvhReader(SourceConfig("bvh"))
    header = ["Incident Identificatie", "Incidentsoort code", "Begin-pleegdatum/tijd", "X", "Y"]
    reader.bind(header)
    ok = reader.read(2, ["PL1", "A72", dt.datetime(2017, 1, 1, 12), 233000.0, 582000.0])
    assert isinstance(ok, Record) and ok.theme == "fietsdiefstal"
    assert _reasons(
        reader.read(3, ["PL2", "B70", dt.datetime(2017, 1, 1), 233000.0, 582000.0])
    ) == [(R.UNKNOWN_INCIDENT_CODE, "Incidentsoort code")]


POLICE_HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]


def _uk_row(crime_id: str = "", **changes) -> list[str]:
    values = dict(
        zip(
            POLICE_HEADER,
            [
                crime_id,
                "2024-01",
                "Avon Police",
                "Avon Police",
                "-2.5",
                "51.45",
                "On or near High St",
                "E01014485",
                "Bristol 032B",
                "Burglary",
                "Under investigation",
                "",
            ],
            strict=True,
        )
    )
    values.update(changes)
    return [values[h] for h in POLICE_HEADER]


def test_police_uk_ids_for_rows_without_crime_id_are_stable_and_distinct() -> None:
    def ids() -> list[str]:
        reader = PoliceUkReader(SourceConfig("police_uk"))
        reader.bind(POLICE_HEADER)
        results = [
            reader.read(i, row)
            for i, row in enumerate(
                [_uk_row(), _uk_row(), _uk_row(**{"Crime type": "Drugs"})], start=2
            )
        ]
        return [r.external_id for r in results]

    first = ids()
    assert len(set(first)) == 3
    assert ids() == first


def test_police_uk_rejections() -> None:
    reader = PoliceUkReader(SourceConfig("police_uk"))
    reader.bind(POLICE_HEADER)
    assert _reasons(reader.read(2, _uk_row("c1", Longitude="", Latitude=""))) == [
        (R.MISSING_COORDINATES, "Longitude/Latitude")
    ]
    assert _reasons(reader.read(3, _uk_row("c2", Longitude="5.1", Latitude="52.1"))) == [
        (R.OUTSIDE_UK, "Longitude/Latitude")
    ]
    assert _reasons(reader.read(4, _uk_row("c3", Month="januari"))) == [
        (R.UNPARSEABLE_DATE, "Month")
    ]
    record = reader.read(5, _uk_row("c4"))
    assert isinstance(record, Record)
    assert (record.theme, record.category, record.crs) == ("woninginbraak", "Burglary", "wgs84")
    assert record.attributes["LSOA code"] == "E01014485"
