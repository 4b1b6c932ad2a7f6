"""Texts and figures of the algorithm-register page (plain words per method, public results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilig.intel.models import BacktestRun

REGISTER_COVERAGES = ("1", "3", "5", "10")

METHOD_TEXTS: dict[str, str | Promise] = {
    "naive": _(
        "Counts the events in each square of the past year. Squares with the most events come "
        "first. Simple, and hard to beat."
    ),
    "kde": _(
        "Like the count, but each event is spread over the surrounding squares (a bell curve of "
        "200 m), so that a place next to many events also scores."
    ),
    "prospective": _(
        "Prospective hotspotting (Bowers, Johnson and Pease 2004): every event of the last eight "
        "weeks raises the squares within 400 m; nearer and more recent events count more."
    ),
    "etas": _(
        "A self-exciting model (Mohler et al. 2015): each square has a steady background level, "
        "and every event briefly raises the chance of another one in the same square. The model "
        "learns from the data how strong and how short that effect is."
    ),
    "best": _(
        "The long-term level of each square, evened out with its surroundings when there are "
        "few events, plus a short-lived increase after recent events nearby. Its settings are "
        "chosen on the year before the forecast, never on the period it is judged on."
    ),
}


@dataclass(frozen=True)
class MethodRow:
    name: str
    hit_rate: list[float]  # percent, per REGISTER_COVERAGES
    pai: list[float]
    ci: tuple[float, float] | None
    seconds: float


def run_table(run: BacktestRun) -> list[MethodRow]:
    """One row per method of a stored run (figures as in its JSON)."""
    rows: list[MethodRow] = []
    methods: dict[str, Any] = (run.result or {}).get("methods") or {}
    for name, m in methods.items():
        ci = m.get("ci95_pai_3")
        rows.append(
            MethodRow(
                name=name,
                hit_rate=[float(m["hit_rate"][c]) * 100 for c in REGISTER_COVERAGES],
                pai=[float(m["pai"][c]) for c in REGISTER_COVERAGES],
                ci=(float(ci[0]), float(ci[1])) if ci else None,
                seconds=float(m.get("seconds", 0.0)),
            )
        )
    return rows


@dataclass(frozen=True)
class PublicResult:
    dataset: str | Promise
    setting: str | Promise
    source: str
    rows: list[tuple[str, list[float], tuple[float, float]]]  # method, PAI 1/3/5/10 %, CI 3 %


# Measured with bench/forecast_backtest.py on public data (docs/forecasting.md, "Measured
# results"). Shown as "measured on public data", never as figures of this municipality.
PUBLIC_RESULTS: tuple[PublicResult, ...] = (
    PublicResult(
        dataset=_("Groningen bicycle theft (police BVH export), test 2016-01-01 to 2017-09-20"),
        setting=_("125 m cells, 14 days ahead, lookback 365 days, 45 windows, 5,227 test events"),
        source="docs/forecasting.md · bench/forecast_backtest.py",
        rows=[
            ("naive", [42.77, 20.63, 14.67, 8.71], (20.08, 21.20)),
            ("kde", [36.90, 18.95, 13.76, 8.56], (18.30, 19.56)),
            ("prospective", [36.84, 18.81, 13.68, 8.33], (18.24, 19.39)),
            ("etas", [42.47, 20.63, 14.68, 8.71], (20.09, 21.19)),
            ("best", [42.69, 20.84, 14.83, 8.89], (20.25, 21.44)),
        ],
    ),
    PublicResult(
        dataset=_("Chicago residential burglary 2016, test 2016-07-01 to 2016-12-31"),
        setting=_("150 m cells, 1 day ahead, lookback 365 days, 184 windows, 6,626 test events"),
        source="docs/forecasting.md · bench/forecast_backtest.py",
        rows=[
            ("naive", [9.06, 5.99, 4.98, 3.76], (5.67, 6.30)),
            ("kde", [8.10, 5.69, 4.83, 3.81], (5.38, 6.01)),
            ("prospective", [8.50, 5.76, 4.63, 3.64], (5.44, 6.07)),
            ("etas", [9.21, 6.25, 5.12, 3.87], (5.93, 6.59)),
            ("best", [10.15, 6.68, 5.56, 4.16], (6.35, 7.00)),
        ],
    ),
)


@dataclass(frozen=True)
class PlainResult:
    """The latest backtest on this installation's own data, for the public page."""

    run: BacktestRun
    method: str
    share_flagged: float  # percent of the area flagged
    hit_rate: float  # percent of later incidents inside the flagged squares
    naive_hit_rate: float | None  # the same for the simple count, when it was run


def plain_result(*, run: BacktestRun, method: str, coverage: float) -> PlainResult | None:
    """The figures a resident can read: what share of later incidents the flagged squares held."""
    methods: dict[str, Any] = (run.result or {}).get("methods") or {}
    key = f"{coverage * 100:g}"
    chosen = methods.get(method) or methods.get("best")
    if not isinstance(chosen, dict) or key not in chosen.get("hit_rate", {}):
        return None
    naive = methods.get("naive")
    return PlainResult(
        run=run,
        method=method if method in methods else "best",
        share_flagged=coverage * 100,
        hit_rate=float(chosen["hit_rate"][key]) * 100,
        naive_hit_rate=float(naive["hit_rate"][key]) * 100 if isinstance(naive, dict) else None,
    )
