# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""The charts in Debian's Chromium under the site's own Content-Security-Policy.

No server and no database: Playwright answers the page (the chart include) and the static
files itself, each with the policy of the settings, so any eval or injected style that Vega
tried would show up as a console error.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from veilig.intel.charts.data import HeatCell, Period, Table, Trend
from veilig.intel.charts.heatmap import heatmap_chart
from veilig.intel.charts.trend import trend_chart
from veilig.web.tests.test_browser import (  # the shared browser fixtures
    CHROMIUM,
    browser,  # noqa: F401 - a fixture
    new_page,  # noqa: F401 - a fixture
)

STATIC = Path(settings.BASE_DIR) / "veilig" / "static"
ORIGIN = "http://veilig.test"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
    pytest.mark.skipif(
        not (STATIC / "vendor" / "vega" / "vega-interpreter.js").exists(),
        reason="the vendored Vega files are absent; run `make install`",
    ),
]


def _page_html() -> str:
    periods = tuple(
        Period(
            start=dt.date(2026, month, 1),
            value=None if month == 4 else month * 3,
            suppressed=month == 4,
            earlier=(10, 12, 14),
        )
        for month in range(1, 13)
    )
    cells = [
        HeatCell(weekday=d, hour=h, value=None if h == 3 else (d + h) % 9, suppressed=h == 3)
        for d in range(7)
        for h in range(24)
    ]
    table = Table(headers=("maand", "aantal"), rows=(("jan 2026", "3"),))
    with translation.override("nl"):
        head = '<meta charset="utf-8">' + render_to_string("includes/stylesheets.html")
        head += render_to_string("intel/includes/chart_head.html")
        body = "".join(
            render_to_string(
                "intel/includes/chart.html",
                {"chart_id": chart_id, "spec": spec, "summary": f"Samenvatting {chart_id}.",
                 "table": table},
            )
            for chart_id, spec in (
                ("trend", trend_chart(Trend(granularity="month", periods=periods))),
                ("heat", heatmap_chart(cells)),
            )
        )  # fmt: skip
    return f'<!DOCTYPE html><html lang="nl"><head>{head}</head><body>{body}</body></html>'


def test_charts_draw_without_eval_and_name_their_svg(new_page: Any) -> None:
    policy = "; ".join(
        f"{name} {' '.join(sources)}"
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    )
    html = _page_html()
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"

    def answer(route: Any) -> None:
        path = route.request.url.removeprefix(ORIGIN)
        headers = {"Content-Security-Policy": policy}
        if path == "/":
            route.fulfill(status=200, body=html, headers=headers | {"Content-Type": "text/html"})
            return
        file = STATIC / path.removeprefix(static_prefix)
        if not path.startswith(static_prefix) or not file.is_file():
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), headers=headers | {"Content-Type": kind})

    page = new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.route(f"{ORIGIN}/**", answer)
    page.goto(f"{ORIGIN}/")
    page.wait_for_selector("#heat[data-chart-drawn='true']", state="attached")
    page.wait_for_selector("#trend[data-chart-drawn='true']", state="attached")

    read_names = "svgs => svgs.map(s => [s.getAttribute('role'), s.getAttribute('aria-label')])"
    names = page.eval_on_selector_all(".veilig-chart svg", read_names)
    assert names == [["img", "Samenvatting trend."], ["img", "Samenvatting heat."]]
    # The table stays in the page, folded into its <details>.
    folded = page.eval_on_selector_all("details.veilig-chart__data", "ds => ds.map(d => d.open)")
    assert folded == [False, False]
    assert page.locator("#trend table").count() == 1
    assert problems == []
