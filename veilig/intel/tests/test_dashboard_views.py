"""The theme dashboards through the Django client: who sees what, the figures, the exports.

The figures are checked against ``dashboard_city.expected_rows``, which counts the Event rows
in plain Python (local time, CBS figures of the Area rows), not through the engine.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import tempfile
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.intel.charts.labels import number
from veilig.intel.charts.style import suppressed_label
from veilig.intel.tests.dashboard_city import (
    CITY,
    SMALL_WIJK,
    dashboard_city,
    dashboard_events,
    expected_rows,
)
from veilig.testing.downloads import csv_lines, download, xlsx_values
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

PAGE = "/dashboards/woninginbraak/"
# Every wijk in August 2026: Centrum-oost has fewer than five.
SMALL_VIEW = "level=wijk&area=GM9998&period=month&at=2026-08"
SMALL_ARGS = {"level": "wijk", "area": CITY, "period": "month", "at": "2026-08"}


@pytest.fixture
def city(db: None) -> None:
    dashboard_city()
    dashboard_events()


def table_cells(html: str) -> dict[str, list[str]]:
    """The area table on the page: per ``data-area``, the text of its cells after the name."""
    table = html.split('id="dashboard-table"', 1)[1].split("</table>", 1)[0]
    out = {}
    for code, body in re.findall(r'<tr [^>]*data-area="([^"]+)"[^>]*>(.*?)</tr>', table, re.S):
        cells = re.findall(r"<td [^>]*>(.*?)</td>", body, re.S)
        out[code] = [unescape(c).strip() for c in cells]
    return out


def suppressed_cells(html: str) -> dict[str, list[str]]:
    """Per area, the text of the cells marked ``dashboard-suppressed``."""
    table = html.split('id="dashboard-table"', 1)[1].split("</table>", 1)[0]
    out: dict[str, list[str]] = {}
    for code, body in re.findall(r'<tr [^>]*data-area="([^"]+)"[^>]*>(.*?)</tr>', table, re.S):
        marked = re.findall(r'<td class="[^"]*dashboard-suppressed[^"]*"[^>]*>(.*?)</td>', body)
        out[code] = [unescape(c).strip() for c in marked]
    return out


# --- who may look --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "frank", "grace"])
def test_other_roles_get_404(request: Any, city: None, persona: str) -> None:
    client = verified_client(request.getfixturevalue(persona))
    for path in ("/dashboards/", PAGE, f"{PAGE}export.csv", f"{PAGE}grafiek/trend.png"):
        assert client.get(path).status_code == 404, path


def test_anonymous_is_sent_to_the_login(city: None) -> None:
    for path in ("/dashboards/", PAGE, f"{PAGE}export.xlsx"):
        response = Client().get(path)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_unknown_theme_and_format_are_404(city: None, dave: User) -> None:
    client = verified_client(dave)
    assert client.get("/dashboards/ufo/").status_code == 404
    assert client.get(f"{PAGE}export.exe").status_code == 404
    assert client.get(f"{PAGE}grafiek/pie.png").status_code == 404
    assert client.get(f"{PAGE}grafiek/trend.gif").status_code == 404


def test_index_lists_the_themes(city: None, dave: User, erin: User) -> None:
    for user in (dave, erin):
        html = verified_client(user).get("/dashboards/").content.decode()
        assert 'href="/dashboards/woninginbraak/"' in html and 'href="/dashboards/hic/"' in html


# --- what analysts and policy officers see --------------------------------------------------


def test_analyst_sees_every_number(city: None, dave: User) -> None:
    response = verified_client(dave).get(f"{PAGE}?{SMALL_VIEW}")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    html = response.content.decode()
    cells = table_cells(html)
    expected = {r.code: r for r in expected_rows(**SMALL_ARGS)}
    assert expected[SMALL_WIJK].count < 5
    assert cells[SMALL_WIJK][0] == number(expected[SMALL_WIJK].count)
    assert suppressed_label() not in html and "dashboard-suppressed" not in html


def test_policy_sees_small_cells_suppressed(city: None, erin: User) -> None:
    response = verified_client(erin).get(f"{PAGE}?{SMALL_VIEW}")
    assert response.status_code == 200
    html = response.content.decode()
    expected = {r.code: r for r in expected_rows(**SMALL_ARGS)}
    small = expected[SMALL_WIJK].count
    assert 0 < small < 5
    marked = suppressed_cells(html)
    # The small buurt's number and rate carry the marker, never the number itself.
    assert marked[SMALL_WIJK][:2] == [suppressed_label()] * 2
    cells = table_cells(html)
    assert str(small) not in cells[SMALL_WIJK][0] and str(small) not in cells[SMALL_WIJK][1]
    # The city total minus the others would give it away: one more cell is suppressed.
    hidden = [code for code, shown in cells.items() if shown[0] == suppressed_label()]
    assert len(hidden) >= 2, cells
    # Large cells that nothing needs to protect are shown, as the hand count says.
    visible = [code for code in cells if code not in hidden]
    assert visible, cells
    for code in visible:
        assert cells[code][0] == number(expected[code].count)
    assert 'id="dashboard-suppression"' in html
    # The trend chart's table marks its suppressed months as well, and its spec says so.
    dash = response.context["dash"]
    assert {r.code for r in dash.rows if r.count is None} >= {SMALL_WIJK}
    charts = {c.chart_id: c for c in response.context["charts"]}
    spec = json.dumps(charts["map"].spec)
    assert suppressed_label() in spec or '"suppressed": true' in spec


def test_policy_period_lattice_and_bad_values(city: None, erin: User, dave: User) -> None:
    policy, analyst = verified_client(erin), verified_client(dave)
    default = analyst.get(PAGE).context["built"].query
    for client, query in (
        (analyst, "at=2026-13"),
        (analyst, "period=quarter&at=2026-Q5"),
        (policy, "at=gisteren"),
        (policy, "period=week&at=2026-W40"),
        (policy, "period=custom&start=2026-01-01&end=2026-02-01"),
    ):
        before = AuditEntry.objects.count()
        response = client.get(f"{PAGE}?{query}")
        assert response.status_code == 200, query
        form = response.context["form"]
        assert form.errors, query
        html = response.content.decode()
        assert "form-errors" in html or "utrecht-form-field-error-message" in html, query
        shown = response.context["built"].query
        assert (shown.level, shown.area, shown.period) == (
            default.level,
            default.area,
            default.period,
        ), query
        # Only the audit row of the view itself: nothing else changes.
        assert AuditEntry.objects.count() == before + 1
    # The analyst may ask for weeks and custom periods.
    response = analyst.get(f"{PAGE}?period=week&at=2026-W40")
    assert not response.context["form"].errors
    response = analyst.get(f"{PAGE}?period=custom&start=2026-01-01&end=2026-02-01")
    assert not response.context["form"].errors


def test_the_form_errors_are_in_dutch(city: None, erin: User, settings: Any) -> None:
    from django.utils import translation

    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        html = verified_client(erin).get(f"{PAGE}?period=week&at=2026-W40").content.decode()
        # Django's own Dutch message for a choice the policy officer does not have.
        assert "Selecteer een geldige keuze" in html


# --- the figures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "area", "period", "at"),
    [
        ("stadsdeel", CITY, "month", "2026-10"),
        ("buurt", "WK999801", "quarter", "2026-Q3"),
        ("wijk", "SD999802", "year", "2025"),
    ],
)
def test_figures_are_right(
    city: None, dave: User, level: str, area: str, period: str, at: str
) -> None:
    query = f"level={level}&area={area}&period={period}&at={at}"
    client = verified_client(dave)
    response = client.get(f"{PAGE}?{query}")
    dash = response.context["dash"]
    expected = expected_rows(level=level, area=area, period=period, at=at)
    shown = [dash.total, *dash.rows]
    assert [r.code for r in shown] == [e.code for e in expected]
    for row, want in zip(shown, expected, strict=True):
        assert (row.count, row.previous) == (want.count, want.previous), row.code
        assert want.rate is not None and row.rate is not None
        assert math.isclose(row.rate, want.rate), row.code
        if want.change is None:
            assert row.change is None
        else:
            assert row.change is not None and math.isclose(row.change, want.change)
    # The HTML table says the same.
    cells = table_cells(response.content.decode())
    for want in expected:
        assert cells[want.code][0] == number(want.count)
        assert cells[want.code][1] == number(want.rate, decimals=1)
        assert cells[want.code][2] == number(want.previous)
    # And so does the CSV download.
    lines = csv_lines(download(client.get(f"{PAGE}export.csv?{query}")))
    by_code = {line[1]: line for line in lines if len(line) > 2}
    for want in expected:
        assert by_code[want.code][2] == str(want.count), want.code


# --- audit ---------------------------------------------------------------------------------


def test_one_audit_row_per_view_and_export(city: None, erin: User) -> None:
    client = verified_client(erin)
    for path in (
        f"{PAGE}?{SMALL_VIEW}",
        f"{PAGE}export.csv?{SMALL_VIEW}",
        f"{PAGE}export.xlsx?{SMALL_VIEW}",
        f"{PAGE}export.geojson?{SMALL_VIEW}",
        f"{PAGE}grafiek/trend.svg?{SMALL_VIEW}",
    ):
        before = AuditEntry.objects.count()
        download(client.get(path))  # read to the end: a streamed export writes as it goes
        rows = list(AuditEntry.objects.order_by("seq")[before:])
        assert len(rows) == 1, path
        assert rows[0].object_type == "dashboard" and rows[0].object_id == "woninginbraak"
        assert rows[0].actor_username == erin.username
        assert "area=GM9998" in rows[0].detail and "at=2026-08" in rows[0].detail
        assert rows[0].action == (
            "read" if "export" not in path and "grafiek" not in path else "export"
        )


# --- exports -------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_semicolons(city: None, erin: User) -> None:
    data = download(verified_client(erin).get(f"{PAGE}export.csv?{SMALL_VIEW}"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = csv_lines(data)
    small = next(line for line in lines if len(line) > 2 and line[1] == SMALL_WIJK)
    assert small[2] == suppressed_label() and small[3] == suppressed_label()


@pytest.mark.parametrize("persona", ["dave", "erin"])
def test_xlsx_cells_equal_the_html_table(request: Any, city: None, persona: str) -> None:
    client = verified_client(request.getfixturevalue(persona))
    html = client.get(f"{PAGE}?{SMALL_VIEW}").content.decode()
    cells = table_cells(html)
    values = xlsx_values(download(client.get(f"{PAGE}export.xlsx?{SMALL_VIEW}")))
    by_code = {row[1]: row for row in values if len(row) > 2 and isinstance(row[1], str)}
    for code, shown in cells.items():
        row = by_code[code]
        count, rate, previous = row[2], row[3], row[4]
        assert (count if isinstance(count, str) else number(count)) == shown[0], code
        assert (rate if isinstance(rate, str) else number(rate, decimals=1)) == shown[1], code
        assert (previous if isinstance(previous, str) else number(previous)) == shown[2], code


def test_geojson_and_gpkg_null_the_suppressed(city: None, erin: User, dave: User) -> None:
    analyst = json.loads(download(verified_client(dave).get(f"{PAGE}export.geojson?{SMALL_VIEW}")))
    numbers = {f["properties"]["code"]: f["properties"]["aantal"] for f in analyst["features"]}
    assert 0 < numbers[SMALL_WIJK] < 5
    client = verified_client(erin)
    data = download(client.get(f"{PAGE}export.geojson?{SMALL_VIEW}"))
    features = {f["properties"]["code"]: f["properties"] for f in json.loads(data)["features"]}
    small = features[SMALL_WIJK]
    assert small["aantal"] is None and small["aantal_onderdrukt"] is True
    assert small["per_1000"] is None and small["per_1000_onderdrukt"] is True
    gpkg = download(client.get(f"{PAGE}export.gpkg?{SMALL_VIEW}"))
    assert gpkg.startswith(b"SQLite format 3\x00")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.gpkg"
        path.write_bytes(gpkg)
        db = sqlite3.connect(path)
        try:
            table = db.execute("SELECT table_name FROM gpkg_contents").fetchone()[0]
            row = db.execute(
                f'SELECT aantal, aantal_onderdrukt FROM "{table}" WHERE code = ?',  # noqa: S608
                (SMALL_WIJK,),
            ).fetchone()
        finally:
            db.close()
    assert row[0] is None and row[1] in (1, True)


@pytest.mark.parametrize(
    ("chart", "fmt", "magic"),
    [
        ("trend", "png", b"\x89PNG\r\n\x1a\n"),
        ("map", "svg", b"<svg"),
        ("top", "pdf", b"%PDF"),
    ],
)
def test_chart_downloads(city: None, dave: User, chart: str, fmt: str, magic: bytes) -> None:
    response = verified_client(dave).get(f"{PAGE}grafiek/{chart}.{fmt}?{SMALL_VIEW}")
    data = download(response)
    assert magic in data[:200], data[:40]
    assert "attachment" in response["Content-Disposition"]


def test_query_budget_of_the_page(
    city: None, dave: User, erin: User, django_assert_max_num_queries: Any
) -> None:
    analyst, policy = verified_client(dave), verified_client(erin)
    analyst.get(PAGE)  # the engine reads the records once per process
    policy.get(PAGE)
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert analyst.get(f"{PAGE}?{SMALL_VIEW}").status_code == 200
    with django_assert_max_num_queries(POLICY_BUDGET):
        assert policy.get(f"{PAGE}?{SMALL_VIEW}").status_code == 200


# Measured 16 for the analyst and 20 for the policy officer (session, user, roles, audit row
# and chain head, the engine's marks; the cube is kept per process); a little headroom.
QUERY_BUDGET = 20
POLICY_BUDGET = 24
