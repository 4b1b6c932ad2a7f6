"""``manage.py forecast_backtest`` end to end on generated events in the database."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from veilig.intel.models import BacktestRun
from veilig.intel.tests.conftest import synthetic_events

pytestmark = pytest.mark.django_db
END = dt.date(2024, 6, 30)
COVERAGE_KEYS = {"1", "3", "5", "10", "20"}


def run(*args: str) -> str:
    out = StringIO()
    call_command("forecast_backtest", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def events(city: Any) -> None:
    synthetic_events(n=700, days=730, end=END)


def test_end_to_end_writes_json_html_and_stores_the_run(events: None, tmp_path: Path) -> None:
    out_json, out_html = tmp_path / "bt.json", tmp_path / "bt.html"
    printed = run(
        "--theme", "woninginbraak",
        "--start", "2024-03-01", "--end", "2024-06-30",
        "--methods", "naive,kde,prospective,etas,best",
        "--bootstrap", "200",
        "--json", str(out_json), "--html", str(out_html),
    )  # fmt: skip
    data = json.loads(out_json.read_text())
    assert set(data) == {"cells", "windows", "events_test", "methods"}
    assert list(data["methods"]) == ["naive", "kde", "prospective", "etas", "best"]
    # Default area: the gemeente of the latest boundary year (two districts of 256 cells).
    assert data["cells"] == 512
    assert data["windows"] == 9  # 122 days from 1 March in steps of 14 days
    assert data["events_test"] > 50
    for m in data["methods"].values():
        assert set(m) == {"hit_rate", "pai", "pei", "ci95_pai_3", "seconds"}
        assert set(m["hit_rate"]) == set(m["pai"]) == set(m["pei"]) == COVERAGE_KEYS
        assert 0 <= m["hit_rate"]["3"] <= m["hit_rate"]["10"] <= 1
        lo, hi = m["ci95_pai_3"]
        assert lo <= m["pai"]["3"] <= hi
    # Three stable hotspots: every method is far better than chance.
    assert data["methods"]["naive"]["pai"]["3"] > 5
    html = out_html.read_text()
    assert "<svg" in html and "Trefkans tegen dekking" in html and "woninginbraak" in html
    assert "PAI@3%" in printed
    stored = BacktestRun.objects.get()
    assert stored.result == data
    assert (stored.theme, stored.start, stored.end) == ("woninginbraak", dt.date(2024, 3, 1), END)
    assert stored.events_used == 700 and stored.cells == 512
    assert stored.boundary.startswith("GM9998 Proefstad")
    assert "h_long" in stored.details["params"]["best"]


def test_boundary_area_and_defaults(events: None, tmp_path: Path) -> None:
    out_json = tmp_path / "a.json"
    run("--boundary-area", "SD999801", "--methods", "naive", "--bootstrap", "50",
        "--json", str(out_json))  # fmt: skip
    data = json.loads(out_json.read_text())
    assert data["cells"] == 256
    run_ = BacktestRun.objects.get()
    # Defaults: the last event's day and half a year before it.
    assert run_.end <= END and (run_.end - run_.start).days == 182
    assert run_.boundary.startswith("SD999801 Centrum")


def test_convex_hull_without_areas(db: None, tmp_path: Path) -> None:
    synthetic_events(n=200, days=400, end=END)
    out_json = tmp_path / "c.json"
    run("--methods", "naive", "--start", "2024-06-01", "--end", "2024-06-30", "--bootstrap", "20",
        "--json", str(out_json), "--no-store")  # fmt: skip
    assert json.loads(out_json.read_text())["cells"] > 100
    assert BacktestRun.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--theme", "ufo"], "no events with theme 'ufo'"),
        (
            ["--theme", "ufo", "--start", "2024-01-01", "--end", "2024-02-01"],
            "themes in the database: woninginbraak (700)",
        ),
        (["--methods", "naive,crystal"], "unknown method(s): crystal"),
        (["--methods", "naive,naive"], "names a method twice"),
        (["--start", "2024-05-01", "--end", "2024-04-01"], "--end lies before --start"),
        (["--boundary-area", "XX0000"], "no area with code 'XX0000'"),
        (["--cell", "-5"], "must be a positive number"),
        (["--horizon", "zero"], "not a whole number"),
        (["--start", "1-3-2024"], "not a date in the form YYYY-MM-DD"),
        (["--json", "/nonexistent/folder/out.json"], "does not exist"),
    ],
)
def test_bad_arguments_stop_with_a_clear_message(
    events: None, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as info:
        run(*args)
    assert message in str(info.value)
    assert BacktestRun.objects.count() == 0


def test_area_without_shape_is_refused(events: None, city: Any) -> None:
    city["SD999801"].geometry = None
    city["SD999801"].save()
    city["BU99980101"].geometry = None
    city["BU99980101"].save()
    with pytest.raises(CommandError, match="has no geometry"):
        run("--boundary-area", "SD999801")
