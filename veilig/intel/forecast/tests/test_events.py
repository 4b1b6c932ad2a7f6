"""Time parsing, CSV reading and the aoristic model."""

from datetime import datetime

import numpy as np
import pytest

from veilig.intel.forecast.events import (
    EventDataError,
    aoristic_pieces,
    make_events,
    parse_time,
    read_events_csv,
)


def days(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> float:
    return (datetime(y, mo, d, h, mi, s) - datetime(1970, 1, 1)).total_seconds() / 86400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-03-01", days(2016, 3, 1)),
        ("2016-03-01 14:30:00", days(2016, 3, 1, 14, 30)),
        ("2016-03-01T14:30", days(2016, 3, 1, 14, 30)),
        ("2016-03-01T14:30:00+01:00", days(2016, 3, 1, 13, 30)),
        ("01-03-2016 14:30", days(2016, 3, 1, 14, 30)),
        ("1-3-2016", days(2016, 3, 1)),
        ("01/03/2016 14:30:15", days(2016, 3, 1, 14, 30, 15)),
        ("2016/03/01", days(2016, 3, 1)),
        ("03/01/2016 02:30:00 PM", days(2016, 3, 1, 14, 30)),
        ("03/01/2016 12:00:00 AM", days(2016, 3, 1)),
    ],
)
def test_parse_time_formats(text, expected):
    assert parse_time(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "gisteren", "32-01-2016", "2016-13-01", "31-02-2016 10:00"])
def test_parse_time_rejects(text):
    assert parse_time(text) is None


def test_aoristic_window_is_capped_around_the_midpoint():
    ev = make_events([0.0, 0.0], [0.0, 0.0], [10.0, 10.0], [12.0, 40.0], max_window_days=14)
    assert ev.t_ref.tolist() == [11.0, 25.0]
    assert ev.t_from.tolist() == [10.0, 18.0]
    assert ev.t_to.tolist() == [12.0, 32.0]
    assert ev.t_known.tolist() == [12.0, 40.0]  # usable for training only after the real end


def test_end_before_begin_becomes_a_point_event():
    ev = make_events([0.0], [0.0], [10.0], [9.0])
    assert ev.t_from[0] == ev.t_to[0] == ev.t_ref[0] == ev.t_known[0] == 10.0


def test_pieces_spread_weight_uniformly_over_days():
    ev = make_events([0.0, 0.0], [0.0, 0.0], [10.5, 20.25], [12.5, 20.25])
    p = aoristic_pieces(ev)
    first = p.event == 0
    assert p.weight[first].tolist() == pytest.approx([0.25, 0.5, 0.25])
    assert p.time[first].tolist() == pytest.approx([10.75, 11.5, 12.25])
    assert p.weight[~first].tolist() == [1.0]
    assert p.time[~first].tolist() == [20.25]
    assert np.bincount(p.event, weights=p.weight).tolist() == pytest.approx([1.0, 1.0])


def test_read_csv_drops_and_counts_bad_rows(tmp_path):
    f = tmp_path / "e.csv"
    f.write_text(
        "x;y;begin;end;soort\n"
        "100,5;200;01-03-2016 10:00;01-03-2016 12:00;A72\n"
        "100;200;geen datum;;A72\n"
        "abc;200;2016-03-01;;A72\n"
        "300;400;2016-03-02;;B10\n"
        "300;400;2016-03-03;onzin;A72\n",
        encoding="utf-8",
    )
    ev, rep = read_events_csv(
        f, x_col="x", y_col="y", time_col="begin", time_end_col="end", filters=[("soort", "A72")]
    )
    assert len(ev) == 2
    assert rep.rows == 5 and rep.bad_time == 1 and rep.bad_coords == 1 and rep.filtered_out == 1
    assert rep.bad_end_time == 1
    assert ev.x[0] == 100.5
    assert ev.t_ref[0] == pytest.approx(days(2016, 3, 1, 11))


def test_read_csv_missing_column_names_it(tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("X,Y,date\n1,2,2016-01-01\n", encoding="utf-8")
    with pytest.raises(EventDataError, match="datum"):
        read_events_csv(f, x_col="X", y_col="Y", time_col="datum")
