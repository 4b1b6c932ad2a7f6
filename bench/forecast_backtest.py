"""Benchmark: the forecast backtest on the real shared data (Chicago burglary, Groningen bicycles).

    uv run python bench/forecast_backtest.py [--data ../shared/data] [--keep DIR]

Runs ``veilig-forecast backtest`` (the console script's code, in a subprocess so the timing is
that of the real command) on both datasets with the settings of issue 4, prints the PAI table,
the bootstrap intervals and runtimes, the Groningen full-run time beside its target (<= 60 s),
and whether ``best`` beats ``naive`` on pooled PAI at 3 % by at least 10 %.
Datasets that are absent are skipped with a message. Nothing is tuned here.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import shapely

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
METHODS = "naive,kde,prospective,etas,best"
GRONINGEN_TARGET_S = 60.0
XLSX_NAME = "Diefstal fiets Groningen stad vanaf 2013.xlsx"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EXCEL_EPOCH = datetime(1899, 12, 30)


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + (ord(ch.upper()) - 64)
        else:
            break
    return n - 1


def read_xlsx_first_sheet(path: Path) -> list[list[str]]:
    """Rows of the first worksheet as strings (a small reader on the standard library)."""
    with zipfile.ZipFile(path) as zf:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in zf.namelist():
            with zf.open("xl/sharedStrings.xml") as fh:
                for _, el in ET.iterparse(fh):  # noqa: S314
                    if el.tag == NS + "si":
                        shared.append("".join(t.text or "" for t in el.iter(NS + "t")))
                        el.clear()
        rows: list[list[str]] = []
        with zf.open("xl/worksheets/sheet1.xml") as fh:
            for _, el in ET.iterparse(fh):  # noqa: S314
                if el.tag != NS + "row":
                    continue
                row: list[str] = []
                for c in el.iter(NS + "c"):
                    idx = _col_index(c.get("r", ""))
                    v = c.find(NS + "v")
                    text = v.text if v is not None and v.text is not None else ""
                    if c.get("t") == "s" and text:
                        text = shared[int(text)]
                    elif c.get("t") == "inlineStr":
                        text = "".join(t.text or "" for t in c.iter(NS + "t"))
                    while len(row) < idx:
                        row.append("")
                    row.append(text)
                rows.append(row)
                el.clear()
    return rows


def excel_to_iso(value: str) -> str:
    try:
        serial = float(value)
    except ValueError:
        return value  # already text; the CLI parses it or drops the row
    dt = EXCEL_EPOCH + timedelta(days=serial)
    dt = (dt + timedelta(seconds=30)).replace(second=0, microsecond=0)  # round to the minute
    return dt.strftime("%Y-%m-%d %H:%M:%S")


def groningen_csv(xlsx: Path, out: Path) -> int:
    rows = read_xlsx_first_sheet(xlsx)
    header = rows[0]
    need = ["Begin-pleegdatum/tijd", "Eind-pleegdatum/tijd", "X", "Y"]
    idx = [header.index(n) for n in need]
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["begin", "end", "x", "y"])
        for r in rows[1:]:
            r = r + [""] * (len(header) - len(r))
            b, e, x, y = (r[i] for i in idx)
            w.writerow([excel_to_iso(b), excel_to_iso(e) if e else "", x, y])
    return len(rows) - 1


def groningen_boundary(zip_path: Path, out: Path) -> int:
    """Union of the CBS 2017 buurten, reprojected from WGS84 to RD New, as GeoJSON."""
    from veilig.geo.rd import wgs84_to_rd

    _meta, _fids, geoms, _fields = pyogrio.raw.read(f"/vsizip/{zip_path}/buurt2017.shp")
    shapes = shapely.from_wkb(geoms)

    def to_rd(coords: np.ndarray) -> np.ndarray:
        x, y = wgs84_to_rd(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    rd = [shapely.make_valid(shapely.transform(g, to_rd)) for g in shapes]
    union = shapely.union_all(rd)
    out.write_text(
        json.dumps(
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(union)}
        )
    )
    return len(rd)


def run_cli(args: list[str], json_out: Path) -> tuple[dict[str, Any], float, str]:
    cmd = [
        sys.executable,
        "-m",
        "veilig.intel.forecast.cli",
        "backtest",
        *args,
        "--json",
        str(json_out),
        "--html",
        str(json_out.with_suffix(".html")),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"backtest failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(json_out.read_text()), seconds, proc.stderr


def print_table(title: str, res: dict[str, Any], seconds: float) -> None:
    print(
        f"\n== {title}: {res['cells']} cells, {res['windows']} windows, "
        f"{res['events_test']} test events =="
    )
    print(
        f"{'method':12s} {'PAI@1%':>7s} {'PAI@3%':>7s} {'PAI@5%':>7s} {'PAI@10%':>8s} "
        f"{'PAI@20%':>8s}  {'95% CI PAI@3%':>15s} {'PEI*@3%':>8s} {'seconds':>8s}"
    )
    for name, m in res["methods"].items():
        p = m["pai"]
        lo, hi = m["ci95_pai_3"]
        print(
            f"{name:12s} {p['1']:7.2f} {p['3']:7.2f} {p['5']:7.2f} {p['10']:8.2f} "
            f"{p['20']:8.2f}  [{lo:5.2f}, {hi:5.2f}] {m['pei']['3']:8.2f} {m['seconds']:8.1f}"
        )
    print(f"full command: {seconds:.1f} s")
    ms = res["methods"]
    if "best" in ms and "naive" in ms:
        b, n = ms["best"]["pai"]["3"], ms["naive"]["pai"]["3"]
        gain = (b / n - 1) * 100 if n else float("nan")
        verdict = "YES" if b >= 1.1 * n else "NO"
        print(
            f"best beats naive PAI@3% by >= 10%: {verdict} ({b:.2f} vs {n:.2f}, {gain:+.1f}%; "
            f"best CI [{ms['best']['ci95_pai_3'][0]:.2f}, {ms['best']['ci95_pai_3'][1]:.2f}])"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--keep", type=Path, help="write JSON/HTML results into this folder")
    ap.add_argument("--methods", default=METHODS)
    ns = ap.parse_args()
    out_dir = ns.keep or Path(tempfile.mkdtemp(prefix="veilig-forecast-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    chicago = ns.data / "chicago" / "chicago_be_2016.csv"
    if chicago.is_file():
        res, sec, _ = run_cli(
            [
                "--events",
                str(chicago),
                "--x-col",
                "X",
                "--y-col",
                "Y",
                "--time-col",
                "date",
                "--cell",
                "150",
                "--horizon",
                "1",
                "--lookback",
                "365",
                "--start",
                "2016-07-01",
                "--end",
                "2016-12-31",
                "--methods",
                ns.methods,
            ],
            out_dir / "chicago.json",
        )
        print_table("Chicago residential burglary 2016 (150 m, 1 day)", res, sec)
    else:
        print(f"skip Chicago: {chicago} not found")

    xlsx = ns.data / "groningen" / XLSX_NAME
    buurt = ns.data / "groningen" / "buurt2017.zip"
    if xlsx.is_file() and buurt.is_file():
        with tempfile.TemporaryDirectory(prefix="veilig-gron-") as tmp:
            t0 = time.perf_counter()
            csv_path, geo_path = Path(tmp) / "groningen.csv", Path(tmp) / "buurten_rd.geojson"
            n_rows = groningen_csv(xlsx, csv_path)
            n_buurt = groningen_boundary(buurt, geo_path)
            print(
                f"\nGroningen: {n_rows} rows converted, boundary = union of {n_buurt} buurten "
                f"({time.perf_counter() - t0:.1f} s preparation, not part of the run time)"
            )
            res, sec, _ = run_cli(
                [
                    "--events",
                    str(csv_path),
                    "--x-col",
                    "x",
                    "--y-col",
                    "y",
                    "--time-col",
                    "begin",
                    "--time-end-col",
                    "end",
                    "--boundary",
                    str(geo_path),
                    "--cell",
                    "125",
                    "--horizon",
                    "14",
                    "--lookback",
                    "365",
                    "--start",
                    "2016-01-01",
                    "--end",
                    "2017-09-20",
                    "--methods",
                    ns.methods,
                ],
                out_dir / "groningen.json",
            )
            print_table("Groningen bicycle theft (125 m, 14 days)", res, sec)
            ok = "OK" if sec <= GRONINGEN_TARGET_S else "TOO SLOW"
            print(
                f"Groningen full backtest, all methods: {sec:.1f} s (target <= "
                f"{GRONINGEN_TARGET_S:.0f} s) {ok}"
            )
    else:
        print(f"skip Groningen: {xlsx} or {buurt} not found")
    print(f"\nresults in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
