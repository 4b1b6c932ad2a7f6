"""``veilig-forecast``: the rolling-origin backtest from the command line (no Django needed).

    veilig-forecast backtest --events FILE.csv --x-col X --y-col Y --time-col T
        [--time-end-col T2] [--filter COLUMN=VALUE] [--boundary FILE.geojson]
        --cell 125 --horizon 14 --lookback 365 --start YYYY-MM-DD --end YYYY-MM-DD
        --methods naive,kde,prospective,etas,best --json OUT.json [--html OUT.html]

Bad arguments, missing files and missing columns end with a message and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from veilig.intel.forecast.area import BoundaryError, convex_hull, frame_for_polygon, read_boundary
from veilig.intel.forecast.backtest import run_backtest
from veilig.intel.forecast.events import (
    DEFAULT_MAX_WINDOW_DAYS,
    EventDataError,
    parse_date,
    read_events_csv,
)
from veilig.intel.forecast.methods import Method
from veilig.intel.forecast.registry import METHOD_NAMES, MethodSpecError, methods_from_spec

EXIT_USAGE = 2


class UsageError(Exception):
    pass


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            v = kind(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
        if not (math.isfinite(v) and v > 0):
            raise argparse.ArgumentTypeError(f"must be a positive number: {text!r}")
        return float(v)

    return parse


def _date(text: str) -> float:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _filter(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    col, val = text.split("=", 1)
    if not col.strip():
        raise argparse.ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    return col.strip(), val.strip()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veilig-forecast", description="Hotspot forecasts on a square grid and their backtest."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    bt = sub.add_parser(
        "backtest",
        help="rolling-origin backtest of forecast methods on an events CSV",
        description="Rolling-origin backtest (DESIGN.md, forecast evaluation protocol).",
    )
    bt.add_argument("--events", required=True, type=Path, help="CSV with a header row")
    bt.add_argument("--x-col", required=True, help="column with x in a projected metric CRS")
    bt.add_argument("--y-col", required=True, help="column with y in the same CRS")
    bt.add_argument("--time-col", required=True, help="date/time (begin of the window)")
    bt.add_argument("--time-end-col", help="end date/time of the window (aoristic events)")
    bt.add_argument(
        "--filter",
        action="append",
        type=_filter,
        default=[],
        metavar="COLUMN=VALUE",
        help="keep only rows whose COLUMN equals VALUE (repeatable; all must hold)",
    )
    bt.add_argument("--boundary", type=Path, help="GeoJSON polygon(s) in the same CRS")
    bt.add_argument("--cell", required=True, type=_positive(float), help="cell size in metres")
    bt.add_argument("--horizon", required=True, type=_positive(int), help="days per forecast")
    bt.add_argument("--lookback", required=True, type=_positive(int), help="training days")
    bt.add_argument("--start", required=True, type=_date, help="first test day YYYY-MM-DD")
    bt.add_argument("--end", required=True, type=_date, help="last test day YYYY-MM-DD (incl.)")
    bt.add_argument("--methods", required=True, help="comma-separated: " + ",".join(METHOD_NAMES))
    bt.add_argument("--json", required=True, type=Path, help="write the results here")
    bt.add_argument("--html", type=Path, help="also write a self-contained HTML report")
    bt.add_argument(
        "--kde-bandwidth",
        type=_positive(float),
        default=200.0,
        help="KDE bandwidth in metres (default 200)",
    )
    bt.add_argument(
        "--max-window-days",
        type=_positive(float),
        default=DEFAULT_MAX_WINDOW_DAYS,
        help="cap of an aoristic window in days (default 14)",
    )
    bt.add_argument("--seed", type=int, default=0, help="seed of tie-breaks and bootstrap")
    bt.add_argument("--bootstrap", type=int, default=2000, help="bootstrap resamples (2000)")
    bt.add_argument("--quiet", action="store_true", help="print only the summary")
    return parser


def _methods(spec: str, kde_bandwidth: float, seed: int) -> list[Method]:
    try:
        return methods_from_spec(spec, kde_bandwidth=kde_bandwidth, seed=seed)
    except MethodSpecError as exc:
        raise UsageError(str(exc)) from exc


def backtest_command(args: argparse.Namespace) -> int:
    t_start = time.perf_counter()

    def log(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr)

    methods = _methods(args.methods, args.kde_bandwidth, args.seed)
    if args.end < args.start:
        raise UsageError("--end lies before --start")
    if args.bootstrap < 1:
        raise UsageError("--bootstrap must be at least 1")
    try:
        events, rep = read_events_csv(
            args.events,
            x_col=args.x_col,
            y_col=args.y_col,
            time_col=args.time_col,
            time_end_col=args.time_end_col,
            filters=args.filter,
            max_window_days=args.max_window_days,
        )
    except EventDataError as exc:
        raise UsageError(str(exc)) from exc
    print(
        f"events: {rep.rows} rows, {rep.kept} used, {rep.dropped} dropped "
        f"({rep.bad_time} unreadable time, {rep.bad_coords} unreadable coordinates)"
        + (f", {rep.filtered_out} filtered out" if args.filter else "")
        + (f", {rep.bad_end_time} unreadable end times (begin used)" if rep.bad_end_time else "")
        + (f", {rep.swapped} end before begin (begin used)" if rep.swapped else ""),
        file=sys.stderr,
    )
    for example in rep.examples:
        log(f"  dropped {example}")
    if rep.kept < 3:
        raise UsageError("fewer than 3 usable events: nothing to forecast")
    try:
        area = read_boundary(args.boundary) if args.boundary else convex_hull(events.x, events.y)
        frame = frame_for_polygon(area, args.cell)
    except BoundaryError as exc:
        raise UsageError(str(exc)) from exc
    inside = int((frame.cell_index(events.x, events.y) >= 0).sum())
    log(
        f"grid: {frame.n_cells} cells of {args.cell:g} m in the area "
        f"({'boundary' if args.boundary else 'convex hull'}); {inside} events inside"
    )
    if frame.n_cells > 2_000_000:
        raise UsageError(f"{frame.n_cells} cells: the cell size is too small for this area")
    end_exclusive = args.end + 1.0
    result = run_backtest(
        events,
        frame,
        methods,
        start=args.start,
        end=end_exclusive,
        horizon=args.horizon,
        lookback=args.lookback,
        seed=args.seed,
        n_boot=args.bootstrap,
        log=log,
    )
    if result.events_test == 0:
        log("warning: no test events in the test period inside the area")
    payload = result.to_json()
    try:
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.json}: {exc}") from exc
    total = time.perf_counter() - t_start
    if args.html:
        from veilig.intel.forecast.report import render_html

        html = render_html(result, settings=vars(args), total_seconds=total, load=rep)
        try:
            args.html.write_text(html, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.html}: {exc}") from exc
    print(format_table(payload), file=sys.stdout)
    print(f"total {total:.1f} s", file=sys.stdout)
    return 0


def format_table(payload: dict[str, object]) -> str:
    methods = payload["methods"]
    assert isinstance(methods, dict)
    head = (
        f"cells {payload['cells']}, windows {payload['windows']}, "
        f"test events {payload['events_test']}\n"
        f"{'method':12s} {'PAI@1%':>7s} {'PAI@3%':>7s} {'PAI@5%':>7s} {'PAI@10%':>7s} "
        f"{'PAI@20%':>7s} {'PEI@3%':>7s}  {'95% CI PAI@3%':>15s} {'seconds':>8s}"
    )
    lines = [head]
    for name, m in methods.items():
        pai, pei, ci = m["pai"], m["pei"], m["ci95_pai_3"]
        lines.append(
            f"{name:12s} {pai['1']:7.2f} {pai['3']:7.2f} {pai['5']:7.2f} {pai['10']:7.2f} "
            f"{pai['20']:7.2f} {pei['3']:7.2f}  [{ci[0]:5.2f}, {ci[1]:5.2f}] {m['seconds']:8.1f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    np.seterr(over="ignore", under="ignore")
    try:
        if args.command == "backtest":
            return backtest_command(args)
    except UsageError as exc:
        print(f"veilig-forecast: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first
    return EXIT_USAGE  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
