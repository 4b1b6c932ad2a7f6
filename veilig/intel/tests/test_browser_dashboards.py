# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""The theme dashboards in Debian's Chromium: suppression on screen, the form, the downloads.

A small synthetic city (``dashboard_city``), real sign-in (password + TOTP), locale nl-NL: the
labels are read through gettext with Dutch active, so they match before and after the Dutch
catalogue has them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook  # type: ignore[import-untyped]

from veilig.accounts.models import User
from veilig.intel.charts.labels import number
from veilig.intel.charts.style import suppressed_label
from veilig.intel.tests.dashboard_city import (
    CITY,
    SMALL_WIJK,
    dashboard_city,
    dashboard_events,
    expected_rows,
)
from veilig.web.tests.test_browser import (  # the shared browser fixtures and helpers
    CHROMIUM,
    PHONE,
    _device,
    _no_horizontal_scroll,
    _serious_violations,
    _sign_in,
    browser,  # noqa: F401 - a fixture
    new_page,  # noqa: F401 - a fixture
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

PAGE = "/dashboards/woninginbraak/"
SMALL_VIEW = "level=wijk&area=GM9998&period=month&at=2026-08"


def _marker() -> str:
    with translation.override("nl"):
        return suppressed_label()


def _table(page: Any) -> dict[str, list[str]]:
    """The area table on screen: per ``data-area``, the text of the cells after the name."""
    found: dict[str, list[str]] = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#dashboard-table tr[data-area]')]"
        ".map(tr => [tr.dataset.area,"
        " [...tr.querySelectorAll('td')].map(td => td.textContent.trim())]))"
    )
    return found


def _drawn(page: Any, chart: str) -> None:
    page.wait_for_selector(f"#{chart}[data-chart-drawn='true'] svg", state="attached")


def _all_drawn(page: Any) -> None:
    """Every chart drawn (axe then sees the pictures as a person does)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.veilig-chart')]"
        ".every(f => f.dataset.chartDrawn === 'true')"
    )


def test_policy_sees_suppression_marked_and_the_analyst_the_numbers(
    live_server: Any, new_page: Any, erin: User, dave: User
) -> None:
    dashboard_city()
    dashboard_events()
    marker = _marker()
    page = new_page()
    _sign_in(page, live_server.url, erin, _device(erin))
    page.goto(f"{live_server.url}{PAGE}?{SMALL_VIEW}")
    cells = _table(page)
    assert cells[SMALL_WIJK][:2] == [marker, marker]
    assert (
        page.locator(
            f"#dashboard-table tr[data-area='{SMALL_WIJK}'] td.dashboard-suppressed"
        ).count()
        >= 2
    )
    # The chart: the rendered map's legend names the marker, and its data table shows it.
    _drawn(page, "map")
    assert marker in page.locator("#map svg").text_content()
    assert marker in page.locator("#map .veilig-chart__data").text_content()
    _all_drawn(page)
    found = {"policy": _serious_violations(page)}
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{PAGE}?{SMALL_VIEW}")
    _all_drawn(page)
    _no_horizontal_scroll(page)
    found["policy-phone"] = _serious_violations(page)

    analyst = new_page()
    _sign_in(analyst, live_server.url, dave, _device(dave))
    analyst.goto(f"{live_server.url}{PAGE}?{SMALL_VIEW}")
    expected = {
        r.code: r for r in expected_rows(level="wijk", area=CITY, period="month", at="2026-08")
    }
    with translation.override("nl"):
        assert _table(analyst)[SMALL_WIJK][0] == number(expected[SMALL_WIJK].count)
    assert marker not in analyst.locator("#dashboard-table").text_content()
    _all_drawn(analyst)
    found["analyst"] = _serious_violations(analyst)
    serious = {name: [v["id"] for v in vs] for name, vs in found.items() if vs}
    assert not serious, serious


def test_change_the_view_and_download_what_is_on_screen(
    live_server: Any, new_page: Any, dave: User
) -> None:
    dashboard_city()
    dashboard_events()
    page = new_page()
    _sign_in(page, live_server.url, dave, _device(dave))
    # Through the URL: buurten of Centrum-wijk, the third quarter.
    page.goto(f"{live_server.url}{PAGE}?level=buurt&area=WK999801&period=quarter&at=2026-Q3")
    cells = _table(page)
    expected = expected_rows(level="buurt", area="WK999801", period="quarter", at="2026-Q3")
    with translation.override("nl"):
        assert {c: v[0] for c, v in cells.items()} == {e.code: number(e.count) for e in expected}
    # Through the form: wijken of the whole city, the year 2025.
    page.locator("#id_level").select_option("wijk")
    page.locator("#id_area").select_option(CITY)
    page.locator("#id_period").select_option("year")
    page.locator("#id_at").fill("2025")
    page.locator("#dashboard-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "level=wijk" in page.url and "at=2025" in page.url
    cells = _table(page)
    expected = expected_rows(level="wijk", area=CITY, period="year", at="2025")
    with translation.override("nl"):
        assert {c: v[0] for c, v in cells.items()} == {e.code: number(e.count) for e in expected}
    # The XLSX download holds the cells on screen.
    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    rows = {
        r[1]: r for r in sheet.iter_rows(values_only=True) if len(r) > 2 and isinstance(r[1], str)
    }
    with translation.override("nl"):
        for code, shown in cells.items():
            row = rows[code]
            assert number(row[2]) == shown[0], code
            assert number(row[3], decimals=1) == shown[1], code
            assert number(row[4]) == shown[2], code
    # And the PNG of the trend chart.
    with page.expect_download() as info:
        page.locator("#chart-trend-png").click()
    assert Path(info.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert info.value.suggested_filename.endswith(".png")
