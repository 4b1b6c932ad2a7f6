"""The chart builders, summaries and exports on synthetic figures (no database)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import vl_convert
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from shapely.geometry import shape

from veilig.intel.charts import style
from veilig.intel.charts.areas import choropleth_chart, top_areas_chart, top_rows
from veilig.intel.charts.data import (
    AreaChange,
    AreaFeature,
    Baseline,
    Comparison,
    HeatCell,
    Period,
    Trend,
)
from veilig.intel.charts.heatmap import heatmap_chart, heatmap_rows
from veilig.intel.charts.render import ChartFontsMissing, chart_pdf, chart_png, chart_svg
from veilig.intel.charts.summary import trend_summary, whole_percent
from veilig.intel.charts.tables import choropleth_table, heatmap_table, top_table, trend_table
from veilig.intel.charts.trend import small_multiples_chart, trend_chart, trend_rows

# Earlier years' counts that must never reach a spec (only their mean and band do).
SECRET_EARLIER = (1013, 1021, 1034)


@pytest.fixture(autouse=True)
def _validated_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages skip Altair's schema check for speed; the builders' tests keep it on."""
    monkeypatch.setattr(style, "VALIDATE", True)


def _trend(area: str = "Noord") -> Trend:
    periods = []
    for month, value in enumerate([12, 15, None, 20, 0, 9], start=1):
        periods.append(
            Period(
                start=dt.date(2026, month, 1),
                value=value,
                suppressed=value is None,
                earlier=SECRET_EARLIER if month == 1 else (10, 12, 14),
            )
        )
    return Trend(granularity="month", periods=tuple(periods), area=area)


def _square(x: float, y: float) -> dict[str, Any]:
    # Counter-clockwise, as RFC 7946 winds an outer ring.
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _datasets(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline rows, whether Altair named the data set or left it in place."""
    if "datasets" in spec:
        return [row for rows in spec["datasets"].values() for row in rows]
    values: list[dict[str, Any]] = spec["data"]["values"]
    return values


def _assert_inline(spec: dict[str, Any]) -> None:
    text = json.dumps(spec)
    assert '"url"' not in text
    assert "title" not in spec  # the page's heading names the chart
    assert spec["config"]["font"] == "Noto Sans"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    vl_convert.vegalite_to_vega(spec)  # compiles


# --- data -----------------------------------------------------------------------------------


def test_baseline_is_mean_plus_minus_two_sd_clipped_at_zero() -> None:
    baseline = Baseline.of([10, 12, 14])
    assert baseline is not None
    assert baseline.mean == 12
    assert baseline.low == pytest.approx(8.0)
    assert baseline.high == pytest.approx(16.0)
    assert baseline.years == 3
    clipped = Baseline.of([0, 1, 8])
    assert clipped is not None and clipped.low == 0.0
    assert Baseline.of([]) is None
    single = Baseline.of([7])
    assert single is not None and single.high is None and single.outside(100) is None


def test_a_suppressed_figure_carries_no_value() -> None:
    with pytest.raises(ValueError):
        Period(start=dt.date(2026, 1, 1), value=3, suppressed=True)
    with pytest.raises(ValueError):
        AreaChange(code="a", name="A", current=3, previous=None, suppressed=True)
    with pytest.raises(ValueError):
        HeatCell(weekday=7, hour=0, value=1)


# --- trend ----------------------------------------------------------------------------------


def test_trend_spec_is_inline_and_never_plots_a_suppressed_value() -> None:
    with translation.override("nl"):
        spec = trend_chart(_trend())
    _assert_inline(spec)
    rows = _datasets(spec)
    march = next(row for row in rows if row["start"] == "2026-03-01")
    assert march["value"] is None and march["suppressed"] is True
    assert march["shown"] == "onderdrukt (< 5)"
    assert march["period"] == "mrt 2026"
    for count in SECRET_EARLIER:
        assert str(count) not in json.dumps(spec)
    january = next(row for row in rows if row["start"] == "2026-01-01")
    assert january["mean"] == pytest.approx(1022.7)


def test_trend_rows_of_weeks_name_the_iso_week() -> None:
    trend = Trend(granularity="week", periods=(Period(start=dt.date(2026, 3, 2), value=7),))
    with translation.override("nl"):
        assert trend_rows(trend)[0]["period"] == "week 10, 2026"


def test_small_multiples_facet_per_area_in_the_given_order() -> None:
    with translation.override("nl"):
        spec = small_multiples_chart([_trend("Zuid"), _trend("Noord")])
    _assert_inline(spec)
    assert spec["facet"]["field"] == "area"
    assert spec["facet"]["sort"] == ["Zuid", "Noord"]
    assert {row["area"] for row in _datasets(spec)} == {"Zuid", "Noord"}


# --- areas and heat map ---------------------------------------------------------------------


def test_choropleth_marks_suppressed_areas_and_winds_rings_for_d3() -> None:
    areas = [
        AreaFeature(code="BU1", name="Oud", geometry=_square(6.5, 53.2), value=12.5),
        AreaFeature(
            code="BU2", name="Nieuw", geometry=_square(6.51, 53.2), value=None, suppressed=True
        ),
        AreaFeature(code="BU3", name="Leeg", geometry=_square(6.52, 53.2), value=None),
    ]
    with translation.override("nl"):
        spec = choropleth_chart(areas, value_title="per 1.000 inwoners", decimals=1)
    _assert_inline(spec)
    features = {row["properties"]["code"]: row for row in _datasets(spec)}
    assert features["BU1"]["properties"]["shown"] == "12,5"
    assert features["BU2"]["properties"]["value"] is None
    assert features["BU2"]["properties"]["status"] == "onderdrukt (< 5)"
    assert features["BU3"]["properties"]["status"] == "geen gegevens"
    assert not shape(features["BU1"]["geometry"]).exterior.is_ccw


def test_top_areas_sorts_by_change_and_keeps_suppressed_rows_without_a_bar() -> None:
    areas = [
        AreaChange(code="n", name="Noord", current=20, previous=25),
        AreaChange(code="o", name="Oost", current=None, previous=None, suppressed=True),
        AreaChange(code="c", name="Centrum", current=40, previous=30),
        AreaChange(code="w", name="West", current=8, previous=0),
    ]
    with translation.override("nl"):
        rows = top_rows(areas)
        spec = top_areas_chart(areas)
    _assert_inline(spec)
    assert [row["name"] for row in rows] == ["Centrum", "Noord", "West", "Oost"]
    assert rows[0]["change"] == pytest.approx(0.33)
    assert rows[1]["direction"] == "daling"
    assert rows[2]["change"] is None and rows[2]["note"] == "nieuw (een jaar eerder geen)"
    assert rows[3]["change"] is None and rows[3]["note"] == "onderdrukt (< 5)"


def test_heatmap_has_dutch_weekdays_and_marks_suppressed_cells() -> None:
    cells = [HeatCell(weekday=d, hour=h, value=(d + h) % 9) for d in range(7) for h in range(24)]
    cells[30] = HeatCell(weekday=1, hour=6, value=None, suppressed=True)
    with translation.override("nl"):
        rows = heatmap_rows(cells)
        spec = heatmap_chart(cells)
    _assert_inline(spec)
    assert [row["day"] for row in rows[::24]] == ["ma", "di", "wo", "do", "vr", "za", "zo"]
    hidden = next(row for row in rows if row["status"])
    assert (hidden["day"], hidden["hour"], hidden["value"]) == ("di", 6, None)


# --- summaries ------------------------------------------------------------------------------

FIVE_YEARS = (10, 11, 9, 10, 10)  # mean 10, band 8.6 … 11.4


def _summary(current: int | None, previous: int | None, **kwargs: Any) -> str:
    comparison = Comparison(
        theme="Woninginbraak",
        area="Noord",
        current=current,
        previous=previous,
        granularity=kwargs.pop("granularity", "month"),
        periods=kwargs.pop("periods", 3),
        current_suppressed=current is None,
        **kwargs,
    )
    with translation.override("nl"):
        return trend_summary(comparison, threshold=5)


@pytest.mark.parametrize(
    ("current", "previous", "kwargs", "sentence"),
    [
        (
            13,
            11,
            {"earlier": FIVE_YEARS},
            "Woninginbraak in Noord steeg 18% ten opzichte van dezelfde maanden vorig jaar, "
            "meer dan de schommeling van de afgelopen vijf jaar.",
        ),
        (
            11,
            10,
            {"earlier": FIVE_YEARS},
            "Woninginbraak in Noord steeg 10% ten opzichte van dezelfde maanden vorig jaar, "
            "binnen de gewone schommeling.",
        ),
        (
            6,
            10,
            {"earlier": FIVE_YEARS, "granularity": "week", "periods": 1},
            "Woninginbraak in Noord daalde 40% ten opzichte van dezelfde week vorig jaar, "
            "meer dan de schommeling van de afgelopen vijf jaar.",
        ),
        (
            8,
            7,
            {"earlier": FIVE_YEARS},
            "Woninginbraak in Noord steeg 14% ten opzichte van dezelfde maanden vorig jaar, "
            "maar ligt nog onder de gewone schommeling van de afgelopen vijf jaar.",
        ),
        (
            10,
            10,
            {"earlier": FIVE_YEARS},
            "Woninginbraak in Noord bleef gelijk ten opzichte van dezelfde maanden vorig jaar, "
            "binnen de gewone schommeling.",
        ),
        (
            1001,
            1000,
            {},
            "Woninginbraak in Noord bleef vrijwel gelijk ten opzichte van dezelfde maanden "
            "vorig jaar.",
        ),
        (
            34,
            None,
            {},
            "Woninginbraak in Noord: 34; er is geen cijfer van dezelfde maanden vorig jaar om "
            "mee te vergelijken.",
        ),
        (
            12,
            0,
            {"earlier": (0, 0)},
            "Woninginbraak in Noord: 12, tegen geen enkele in dezelfde maanden vorig jaar, "
            "meer dan de schommeling van de afgelopen twee jaar.",
        ),
        (
            1234,
            1000,
            {"granularity": "month", "periods": 1},
            "Woninginbraak in Noord steeg 23% ten opzichte van dezelfde maand vorig jaar.",
        ),
        (
            None,
            10,
            {},
            "Woninginbraak in Noord: het aantal is te klein om te tonen (minder dan 5).",
        ),
        (
            9,
            None,
            {"previous_suppressed": True},
            "Woninginbraak in Noord: 9; het aantal van dezelfde maanden vorig jaar is te klein "
            "om te tonen (minder dan 5), dus er is geen vergelijking.",
        ),
    ],
)
def test_summary_sentences(
    current: int | None, previous: int | None, kwargs: dict[str, Any], sentence: str
) -> None:
    assert _summary(current, previous, **kwargs) == sentence


def test_summary_in_english() -> None:
    comparison = Comparison(
        theme="Burglary", area="Noord", current=13, previous=11, periods=3, earlier=FIVE_YEARS
    )
    with translation.override("en"):
        assert trend_summary(comparison, threshold=5) == (
            "Burglary in Noord rose 18% compared with the same months last year, "
            "more than the variation of the past five years."
        )


def test_whole_percent_rounds_halves_away_from_zero() -> None:
    assert whole_percent(18.5) == 19
    assert whole_percent(-18.5) == -19
    assert whole_percent(0.4) == 0


# --- exports --------------------------------------------------------------------------------


@pytest.fixture
def spec() -> dict[str, Any]:
    try:
        from veilig.intel.charts.render import register_fonts

        register_fonts()
    except ChartFontsMissing as missing:
        pytest.skip(f"vendored fonts absent ({missing}); run `make install`")
    with translation.override("nl"):
        return trend_chart(_trend())


def test_png_export(spec: dict[str, Any]) -> None:
    png = chart_png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert 1000 < width < 2000  # twice the chart's 640 pixels plus axes and legend
    assert len(png) > 10_000


def test_svg_export_parses_and_uses_noto_sans(spec: dict[str, Any]) -> None:
    svg = chart_svg(spec)
    root = ET.fromstring(svg)  # noqa: S314 - our own renderer's output, not untrusted input
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Noto Sans" in svg
    assert "mrt" in svg or "apr" in svg  # Dutch month names on the axis


def test_pdf_export(spec: dict[str, Any]) -> None:
    pdf = chart_pdf(spec)
    assert pdf.startswith(b"%PDF")
    assert b"NotoSans" in pdf or b"Noto" in pdf  # the font is embedded


# --- page -----------------------------------------------------------------------------------


def test_chart_include_holds_spec_summary_and_table() -> None:
    with translation.override("nl"):
        html = render_to_string(
            "intel/includes/chart.html",
            {
                "chart_id": "trend-noord",
                "spec": trend_chart(_trend()),
                "summary": "Woninginbraak in Noord steeg 18%.",
                "table": trend_table([_trend()]),
            },
        )
    assert '<script id="trend-noord-spec" type="application/json">' in html
    assert html.count("<script") == 1  # only data, no inline code (CSP)
    assert 'data-chart-spec="trend-noord-spec"' in html
    assert "Woninginbraak in Noord steeg 18%." in html
    assert '<th scope="row" class="utrecht-table__header-cell">jan 2026</th>' in html
    assert '<th scope="col" class="utrecht-table__header-cell">periode</th>' in html
    assert '<details class="veilig-chart__data" open>' in html


def test_the_policy_still_forbids_eval() -> None:
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]


# --- tables ---------------------------------------------------------------------------------


def test_tables_show_the_same_figures_as_the_charts() -> None:
    with translation.override("nl"):
        trend = trend_table([_trend()])
        several = trend_table([_trend("Noord"), _trend("Zuid")])
        top = top_table(
            [
                AreaChange(code="c", name="Centrum", current=40, previous=30),
                AreaChange(code="o", name="Oost", current=None, previous=None, suppressed=True),
            ]
        )
        heat = heatmap_table([HeatCell(weekday=6, hour=23, value=None, suppressed=True)])
        areas = choropleth_table(
            [AreaFeature(code="BU1", name="Oud", geometry=_square(6.5, 53.2), value=1234.5)],
            value_title="aantal",
            decimals=1,
        )
    assert trend.headers[:2] == ("periode", "aantal")
    assert trend.rows[2] == ("mrt 2026", "onderdrukt (< 5)", "12,0", "8,0 – 16,0")
    assert several.headers[0] == "gebied" and several.rows[-1][0] == "Zuid"
    assert top.rows == (("Centrum", "+33%", "40", "30"), ("Oost", "onderdrukt (< 5)", "", ""))
    assert heat.rows[6][0] == "zo" and heat.rows[6][24] == "onderdrukt (< 5)"
    assert areas.rows == (("Oud", "1.234,5"),)


def test_a_trend_without_history_or_figures_still_draws() -> None:
    periods = tuple(
        Period(start=dt.date(2026, month, 1), value=None, suppressed=True) for month in (1, 2, 3)
    )
    with translation.override("nl"):
        spec = trend_chart(Trend(granularity="week", periods=periods))
    _assert_inline(spec)
    assert all(row["mean"] is None and row["low"] is None for row in _datasets(spec))
    assert "<svg" in vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
