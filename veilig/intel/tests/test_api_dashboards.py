"""The dashboards API: the page's figures as JSON, with the page's suppression and audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.events.models import Event, EventSource
from veilig.geo.models import Area
from veilig.intel.tests.conftest import build_city
from veilig.intel.themes import THEMES
from veilig.testing.personas import verified_client

AMS = ZoneInfo("Europe/Amsterdam")
URL = "/api/v1/dashboards/woninginbraak/"
THEMES_URL = "/api/v1/dashboards/themes/"
JUNE = {"period": "month", "at": "2024-06"}
# Households per buurt, so that rates exist (burglary is per 1,000 households).
HOUSEHOLDS = {"BU99980101": 2000, "BU99980201": 500}


@pytest.fixture
def city(db: None) -> dict[str, Area]:
    """Proefstad: 12 burglaries in Centrum and 2 in Noord in June 2024, 6 in Centrum in June
    2023 (a year earlier), one shoplifting that must not count."""
    areas = build_city()
    for code, households in HOUSEHOLDS.items():
        Area.objects.filter(code=code).update(households=households)
    source = EventSource.objects.create(code="p", name="Politie", format="bvh")
    n = 0

    def add(buurt: str, when: dt.datetime, theme: str = "woninginbraak") -> None:
        nonlocal n
        n += 1
        Event.objects.create(
            source=source, external_id=f"e{n}", theme=theme, begin_at=when, rd_x=0, rd_y=0,
            lat=0, lon=0, buurt_code=buurt,
        )  # fmt: skip

    for day in range(12):
        add("BU99980101", dt.datetime(2024, 6, 1 + day, 14, tzinfo=AMS))
    for day in range(2):
        add("BU99980201", dt.datetime(2024, 6, 3 + day, 3, tzinfo=AMS))
    for day in range(6):
        add("BU99980101", dt.datetime(2023, 6, 1 + day, 14, tzinfo=AMS))
    add("BU99980101", dt.datetime(2024, 6, 20, 11, tzinfo=AMS), theme="winkeldiefstal")
    return areas


def _get(client: Client, params: dict[str, str] | None = None, **extra: Any) -> Any:
    return client.get(URL, params or {}, **extra)


def _rows(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in body["rows"]}


def test_analyst_gets_the_numbers(city: dict[str, Area], dave: User) -> None:
    response = _get(verified_client(dave), JUNE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    query = body["query"]
    assert query["theme"]["code"] == "woninginbraak"
    assert query["theme"]["per"] == "households"
    assert (query["level"], query["area"], query["area_name"]) == (
        "stadsdeel",
        "GM9998",
        "Proefstad",
    )
    assert query["period"] == {
        "kind": "month",
        "at": "2024-06",
        "start": "2024-06-01",
        "end": "2024-06-30",
        "label": "June 2024",
    }
    assert (query["source"], query["trend"], query["suppressed"], query["threshold"]) == (
        "all",
        "month",
        False,
        None,
    )
    total = body["total"]
    assert (total["count"], total["previous"], total["suppressed"]) == (14, 6, False)
    assert total["rate"] == pytest.approx(1000 * 14 / 2500, abs=1e-3)
    assert total["change"] == pytest.approx(100 * (14 - 6) / 6, abs=0.1)
    rows = _rows(body)
    assert set(rows) == {"SD999801", "SD999802"}
    centrum, noord = rows["SD999801"], rows["SD999802"]
    assert (centrum["name"], centrum["level"]) == ("Centrum", "stadsdeel")
    assert (centrum["count"], centrum["previous"], centrum["suppressed"]) == (12, 6, False)
    assert centrum["rate"] == pytest.approx(6.0)
    assert centrum["change"] == pytest.approx(100.0)
    assert (noord["count"], noord["previous"], noord["change"]) == (2, 0, None)
    assert noord["rate"] == pytest.approx(4.0)
    # The trend: 24 months up to June 2024; June 2024 has June 2023 as its one earlier year.
    trend = body["trend"]
    assert trend["granularity"] == "month"
    assert len(trend["points"]) == 24
    last = trend["points"][-1]
    assert (last["start"], last["count"], last["suppressed"]) == ("2024-06-01", 14, False)
    assert last["baseline"] == {"mean": 6.0, "low": None, "high": None, "years": 1}
    june_2023 = next(p for p in trend["points"] if p["start"] == "2023-06-01")
    assert june_2023["count"] == 6
    # Weekday x hour: 7 x 24, Monday first; 1 June 2024 is a Saturday.
    heat = body["heat"]
    assert len(heat) == 7 and all(len(row) == 24 for row in heat)
    assert sum(v for row in heat for v in row) == 14
    assert heat[5][14] == 2  # Saturdays 1 and 8 June, 14:00
    assert sum(row[3] for row in heat) == 2  # the two night-time burglaries in Noord
    assert "Proefstad" in body["summary"]


def test_analyst_chooses_the_level_area_source_and_a_custom_period(
    city: dict[str, Area], dave: User
) -> None:
    params = {"level": "buurt", "area": "SD999801", "period": "custom"}
    params |= {"start": "2024-06-01", "end": "2024-06-05", "source": "events", "trend": "week"}
    body = _get(verified_client(dave), params).json()
    assert body["query"]["period"]["kind"] == "custom"
    assert body["query"]["period"]["at"] is None
    assert (body["query"]["source"], body["query"]["trend"]) == ("events", "week")
    assert [(r["code"], r["count"]) for r in body["rows"]] == [("BU99980101", 5)]
    assert body["trend"]["granularity"] == "week"
    assert len(body["trend"]["points"]) == 52


def test_policy_gets_nulls_for_small_cells(city: dict[str, Area], erin: User) -> None:
    response = _get(verified_client(erin), JUNE)
    assert response.status_code == 200
    body = response.json()
    assert (body["query"]["suppressed"], body["query"]["threshold"]) == (True, 5)
    noord = _rows(body)["SD999802"]
    assert noord["suppressed"] is True
    assert (noord["count"], noord["rate"], noord["change"]) == (None, None, None)
    # Nothing below the threshold leaves the API: not in a row, the trend or the heat map.
    figures = [body["total"], *body["rows"]]
    shown = [r["count"] for r in figures if r["count"] is not None]
    shown += [r["previous"] for r in figures if r["previous"] is not None]
    shown += [p["count"] for p in body["trend"]["points"] if p["count"] is not None]
    if body["heat"] is not None:
        shown += [v for row in body["heat"] for v in row if v is not None]
    assert all(v == 0 or v >= 5 for v in shown), shown
    for row in figures:
        assert row["suppressed"] is (row["count"] is None)
        if row["suppressed"]:
            assert row["rate"] is None and row["change"] is None


@pytest.mark.parametrize("persona", ["dave", "erin"])
def test_the_api_shows_exactly_what_the_page_shows(
    request: Any, city: dict[str, Area], persona: str
) -> None:
    """The same code path as the page: the page's table cells are the API's counts."""
    client = verified_client(request.getfixturevalue(persona))
    body = _get(client, JUNE).json()
    page = client.get("/dashboards/woninginbraak/", JUNE)
    assert page.status_code == 200
    page_rows = {r.code: (r.count, r.previous) for r, *_cells in page.context["rows"]}
    assert page_rows == {r["code"]: (r["count"], r["previous"]) for r in body["rows"]}
    assert page.context["dash"].total.count == body["total"]["count"]
    assert page.context["summary"] == body["summary"]
    page_trend = [p.count for p in page.context["dash"].trend]
    assert page_trend == [p["count"] for p in body["trend"]["points"]]


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "frank", "grace"])
def test_other_roles_get_404_after_a_denied_row(
    request: Any, city: dict[str, Area], persona: str
) -> None:
    user = request.getfixturevalue(persona)
    client = verified_client(user)
    before = AuditEntry.objects.count()
    response = _get(client, JUNE)
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    rows = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(r.object_type, r.result, r.actor_username) for r in rows] == [
        ("dashboard", "denied", persona)
    ]
    # Invalid parameters do not tell them apart either: 404, not 400.
    assert _get(client, {"period": "fortnight"}).status_code == 404
    assert client.get(THEMES_URL).status_code == 404


def test_unknown_theme_is_404(city: dict[str, Area], dave: User) -> None:
    response = verified_client(dave).get("/api/v1/dashboards/nope/")
    assert response.status_code == 404


def test_anonymous_is_refused_like_every_endpoint(city: dict[str, Area]) -> None:
    before = AuditEntry.objects.count()
    for url in (URL, THEMES_URL):
        response = Client().get(url)
        assert response.status_code == 403
        assert set(response.json()) == {"detail"}
    assert AuditEntry.objects.count() == before


def test_bad_parameters_are_a_400_in_dutch_without_a_row(
    city: dict[str, Area], dave: User, erin: User
) -> None:
    nl = {"HTTP_ACCEPT_LANGUAGE": "nl"}
    analyst, policy = verified_client(dave), verified_client(erin)
    before = AuditEntry.objects.count()
    response = _get(analyst, {"period": "fortnight"}, **nl)
    assert response.status_code == 400
    assert response.json()["period"][0].startswith("Selecteer een geldige keuze.")
    response = _get(analyst, {"period": "month", "at": "2024-13"}, **nl)
    assert response.status_code == 400
    with translation.override("nl"):
        expected = gettext("This period does not exist. Write it like the example.")
    assert response.json() == {"at": [expected]}
    response = _get(analyst, {"period": "custom", "start": "2024-06-05", "end": "2024-06-01"})
    assert response.json() == {"end": ["The last day lies before the first day."]}
    response = _get(analyst, {"level": "stadsdeel", "area": "SD999801"})
    assert list(response.json()) == ["level"]
    # A policy officer chooses from the lattice only: no weeks, no custom periods, no sources.
    response = _get(policy, {"period": "week", "at": "2024-W23"}, **nl)
    assert response.status_code == 400
    assert "week" in response.json()["period"][0]
    response = _get(policy, {**JUNE, "source": "events", "trend": "week"})
    assert response.status_code == 400
    assert set(response.json()) == {"source", "trend"}
    assert response.json()["source"] == ["This choice is not available with suppressed figures."]
    # Input that does not parse touches nothing: no audit row.
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("persona", ["dave", "erin"])
def test_one_audit_row_per_call(request: Any, city: dict[str, Area], persona: str) -> None:
    user = request.getfixturevalue(persona)
    client = verified_client(user)
    before = AuditEntry.objects.count()
    assert _get(client, JUNE).status_code == 200
    assert _get(client).status_code == 200  # the defaults: last month
    rows = list(AuditEntry.objects.order_by("seq")[before:])
    assert len(rows) == 2
    first = rows[0]
    assert (first.object_type, first.object_id, first.action, first.result) == (
        "dashboard",
        "woninginbraak",
        "read",
        "granted",
    )
    assert (first.actor_username, first.channel) == (persona, "api")
    assert first.role == ("analyst" if persona == "dave" else "policy")
    assert "area=GM9998" in first.detail and "at=2024-06" in first.detail


def test_themes(city: dict[str, Area], dave: User, erin: User) -> None:
    before = AuditEntry.objects.count()
    for user in (dave, erin):
        response = verified_client(user).get(THEMES_URL, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        themes = response.json()
        assert [t["code"] for t in themes] == [t.code for t in THEMES]
        by_code = {t["code"]: t for t in themes}
        assert by_code["woninginbraak"] == {
            "code": "woninginbraak",
            "label": "Residential burglary",
            "per": "households",
            "members": [],
        }
        assert by_code["hic"]["members"] == ["woninginbraak", "straatroof", "overval", "geweld"]
        assert by_code["geweld"]["per"] == "inhabitants"
    # A list of themes holds no figures: no audit row.
    assert AuditEntry.objects.count() == before
