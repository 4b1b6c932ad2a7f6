"""``manage.py forecast_backtest``: the rolling-origin backtest on the events in the database.

    manage.py forecast_backtest --theme woninginbraak [--cell 125] [--horizon 14]
        [--lookback 365] [--start YYYY-MM-DD] [--end YYYY-MM-DD]
        [--methods naive,kde,prospective,etas,best] [--boundary-area CODE]
        [--json OUT.json] [--html OUT.html]

The same engine and JSON as ``veilig-forecast backtest``; the result is also stored for the
algorithm register. Bad arguments end with a CommandError that says what is wrong.
"""

from __future__ import annotations

import json
import math
from argparse import ArgumentTypeError
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from veilig.intel.forecast.cli import format_table
from veilig.intel.forecast.events import DEFAULT_MAX_WINDOW_DAYS
from veilig.intel.forecast.registry import METHOD_NAMES
from veilig.intel.forecast.report import render_html
from veilig.intel.selectors import theme_date_range
from veilig.intel.services import BacktestInputError, backtest_run_from_db
from veilig.intel.teammap import configured_theme

ALL_METHODS = ",".join(METHOD_NAMES)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise ArgumentTypeError(f"not a number: {text!r}") from exc
    if not (math.isfinite(value) and value > 0):
        raise ArgumentTypeError(f"must be a positive number: {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value <= 0:
        raise ArgumentTypeError(f"must be a positive whole number: {text!r}")
    return value


def _day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError as exc:
        raise ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from exc


class Command(BaseCommand):
    help = (
        "Rolling-origin backtest of the hotspot forecast methods on the events in the database "
        "(DESIGN.md, forecast evaluation protocol); stores the result for the algorithm register."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--theme", help=f"event theme (default: {configured_theme()!r} when present)"
        )
        parser.add_argument("--cell", type=_positive_float, default=125.0, help="metres (125)")
        parser.add_argument("--horizon", type=_positive_int, default=14, help="days (14)")
        parser.add_argument("--lookback", type=_positive_int, default=365, help="days (365)")
        parser.add_argument(
            "--start", type=_day, help="first test day (default: --end minus 182 days)"
        )
        parser.add_argument(
            "--end", type=_day, help="last test day, inclusive (default: the last event's day)"
        )
        parser.add_argument(
            "--methods", default=ALL_METHODS, help=f"comma-separated ({ALL_METHODS})"
        )
        parser.add_argument(
            "--boundary-area",
            metavar="CODE",
            help="area code whose shape masks the grid (default: the gemeente(n) of the latest "
            "boundary year, else the convex hull of the events)",
        )
        parser.add_argument("--json", type=Path, metavar="OUT", help="write the JSON here")
        parser.add_argument("--html", type=Path, metavar="OUT", help="write the HTML report here")
        parser.add_argument("--kde-bandwidth", type=_positive_float, default=200.0)
        parser.add_argument(
            "--max-window-days", type=_positive_float, default=DEFAULT_MAX_WINDOW_DAYS
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--bootstrap", type=_positive_int, default=2000)
        parser.add_argument("--no-store", action="store_true", help="do not keep the result")

    def handle(self, *args: Any, **options: Any) -> None:
        theme = options["theme"] or configured_theme()
        for key in ("json", "html"):
            out: Path | None = options[key]
            if out is not None and not out.parent.is_dir():
                raise CommandError(f"--{key}: the folder {out.parent} does not exist")
        end: date | None = options["end"]
        start: date | None = options["start"]
        if end is None or start is None:
            _first, last = theme_date_range(theme=theme)
            if last is None and end is None:
                raise CommandError(
                    f"no events with theme {theme!r}: give --theme (see the events import) "
                    "or --start and --end"
                )
            end = end or last
            assert end is not None
            start = start or end - timedelta(days=182)
        np.seterr(over="ignore", under="ignore")
        verbosity = int(options.get("verbosity", 1))

        def log(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(message)

        try:
            done = backtest_run_from_db(
                theme=theme,
                start=start,
                end=end,
                cell=options["cell"],
                horizon=options["horizon"],
                lookback=options["lookback"],
                methods=options["methods"],
                boundary_area=options["boundary_area"],
                kde_bandwidth=options["kde_bandwidth"],
                max_window_days=options["max_window_days"],
                seed=options["seed"],
                bootstrap=options["bootstrap"],
                log=log,
                store=not options["no_store"],
            )
        except BacktestInputError as exc:
            raise CommandError(str(exc)) from exc
        payload = done.result.to_json()
        if done.result.events_test == 0:
            log("warning: no test events in the test period inside the area")
        if options["json"] is not None:
            self._write(options["json"], json.dumps(payload, indent=2) + "\n")
        if options["html"] is not None:
            settings = {
                "source": "database (manage.py forecast_backtest)",
                "theme": theme,
                "boundary": done.boundary,
                "cell": options["cell"],
                "horizon": options["horizon"],
                "lookback": options["lookback"],
                "start": start.isoformat(),
                "end": end.isoformat(),
                "methods": options["methods"],
                "kde_bandwidth": options["kde_bandwidth"],
                "max_window_days": options["max_window_days"],
                "seed": options["seed"],
                "bootstrap": options["bootstrap"],
                "events": f"{done.events.count} ({done.events.first} to {done.events.last})",
            }
            html = render_html(done.result, settings=settings, total_seconds=done.seconds)
            self._write(options["html"], html)
        self.stdout.write(format_table(payload))
        stored = f", stored as run {done.run.pk}" if done.run.pk else ""
        self.stdout.write(f"total {done.seconds:.1f} s{stored}")

    @staticmethod
    def _write(path: Path, text: str) -> None:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc
