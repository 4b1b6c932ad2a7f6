"""The command line end to end on a small generated CSV."""

import json

import numpy as np
import pytest

from veilig.intel.forecast.cli import main

METHODS = "naive,kde,prospective,etas,best"
COVS = ["1", "3", "5", "10", "20"]


@pytest.fixture
def events_csv(tmp_path):
    rng = np.random.default_rng(0)
    lines = ["X,Y,begin,end,soort"]
    start = np.datetime64("2015-01-01T00:00")
    hot = [(1250.0, 1250.0), (3100.0, 2200.0)]
    for i in range(1500):
        if rng.random() < 0.4:
            hx, hy = hot[i % 2]
            x, y = hx + rng.normal(0, 60), hy + rng.normal(0, 60)
        else:
            x, y = rng.uniform(0, 4000), rng.uniform(0, 3000)
        t = start + np.timedelta64(int(rng.uniform(0, 600 * 24 * 60)), "m")
        t2 = t + np.timedelta64(int(rng.choice([0, 90, 600, 3000])), "m")
        dutch = str(t.astype(object).strftime("%d-%m-%Y %H:%M"))
        iso = str(t2.astype(object).strftime("%Y-%m-%d %H:%M:%S"))
        lines.append(f"{x:.1f},{y:.1f},{dutch},{iso},{'A72' if i % 10 else 'B10'}")
    lines.append("12,34,not a date,,A72")
    lines.append(",34,2015-03-01,,A72")
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def base_args(csv, out):
    return [
        "backtest",
        "--events",
        str(csv),
        "--x-col",
        "X",
        "--y-col",
        "Y",
        "--time-col",
        "begin",
        "--time-end-col",
        "end",
        "--filter",
        "soort=A72",
        "--cell",
        "125",
        "--horizon",
        "14",
        "--lookback",
        "365",
        "--start",
        "2016-01-01",
        "--end",
        "2016-06-30",
        "--methods",
        METHODS,
        "--json",
        str(out),
    ]


def test_backtest_writes_json_with_the_exact_keys(events_csv, tmp_path, capsys):
    out, html = tmp_path / "out.json", tmp_path / "out.html"
    assert main([*base_args(events_csv, out), "--html", str(html), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "2 dropped (1 unreadable time, 1 unreadable coordinates)" in err
    data = json.loads(out.read_text())
    assert set(data) == {"cells", "windows", "events_test", "methods"}
    assert data["windows"] == 13  # 182 days / 14
    assert data["cells"] > 0 and data["events_test"] > 0
    assert list(data["methods"]) == METHODS.split(",")
    for m in data["methods"].values():
        assert set(m) == {"hit_rate", "pai", "pei", "ci95_pai_3", "seconds"}
        for key in ("hit_rate", "pai", "pei"):
            assert list(m[key]) == COVS
        assert 0 <= m["hit_rate"]["1"] <= m["hit_rate"]["20"] <= 1
        lo, hi = m["ci95_pai_3"]
        assert lo <= m["pai"]["3"] <= hi
        assert m["seconds"] >= 0
    # the hot spots make every method far better than chance
    assert all(m["pai"]["3"] > 3 for m in data["methods"].values())
    page = html.read_text()
    assert page.startswith("<!doctype html>") and "<svg" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_boundary_restricts_the_cells(events_csv, tmp_path):
    geo = tmp_path / "area.geojson"
    geo.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[0, 0], [2000, 0], [2000, 2000], [0, 2000], [0, 0]]],
                        },
                    }
                ],
            }
        )
    )
    out = tmp_path / "out.json"
    args = [*base_args(events_csv, out), "--boundary", str(geo), "--methods", "naive", "--quiet"]
    assert main(args) == 0
    assert json.loads(out.read_text())["cells"] == 256  # 16 x 16 cells of 125 m


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--x-col", "XX"], "XX"),
        (["--methods", "naive,magic"], "magic"),
        (["--filter", "kleur=rood"], "kleur"),
        (["--boundary", "/nonexistent.geojson"], "boundary file not found"),
        (["--events", "/nonexistent.csv"], "not found"),
        (["--start", "2016-07-01", "--end", "2016-06-01"], "before"),
    ],
)
def test_bad_input_exits_with_code_2(events_csv, tmp_path, capsys, change, message):
    args = base_args(events_csv, tmp_path / "out.json")
    for flag, value in zip(change[::2], change[1::2], strict=True):
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    "change", [["--start", "1-1-2016"], ["--cell", "-5"], ["--horizon", "zero"]]
)
def test_argument_errors_exit_with_code_2(events_csv, tmp_path, change):
    args = base_args(events_csv, tmp_path / "out.json")
    args[args.index(change[0]) + 1] = change[1]
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
