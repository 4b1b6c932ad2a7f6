"""The forecast map of a team and the algorithm register: access per role, content, queries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.intel import teammap
from veilig.intel.services import backtest_run_from_db
from veilig.intel.tests.conftest import add_events, synthetic_events
from veilig.signals.models import Team
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db


def url(team: Team, query: str = "") -> str:
    return f"/voorspellingen/teams/{team.pk}/" + (f"?{query}" if query else "")


@pytest.fixture
def events(teams: dict[str, Team]) -> None:
    synthetic_events(n=500, days=500, end=timezone.localdate())


@pytest.mark.parametrize(
    ("persona", "centrum", "noord"),
    [
        ("alice", 200, 200),  # coordinator: every team
        ("carol", 200, 404),  # team member of Centrum only
        ("dave", 200, 200),  # analyst: every team (aggregates, no personal data)
        ("bob", 404, 404),  # partner
        ("erin", 404, 404),  # policy: small counts per cell are not for suppressed aggregates
        ("frank", 404, 404),  # privacy officer
        ("grace", 404, 404),  # functional administrator
    ],
)
def test_who_sees_which_team_forecast(
    request: Any, teams: dict[str, Team], persona: str, centrum: int, noord: int
) -> None:
    client = verified_client(request.getfixturevalue(persona))
    before = AuditEntry.objects.count()
    assert client.get(url(teams["centrum"])).status_code == centrum
    assert client.get(url(teams["noord"])).status_code == noord
    assert client.get("/voorspellingen/teams/999999/").status_code == 404
    # Forecasts hold no personal data: opening one (or being refused) writes no audit row.
    assert AuditEntry.objects.count() == before


def test_anonymous_is_sent_to_the_login(teams: dict[str, Team]) -> None:
    for path in (url(teams["centrum"]), "/voorspellingen/teams/"):
        response = Client().get(path)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_team_index(teams: dict[str, Team], carol: User, alice: User, bob: User) -> None:
    response = verified_client(carol).get("/voorspellingen/teams/")
    assert response.status_code == 302 and response["Location"] == url(teams["centrum"])
    page = verified_client(alice).get("/voorspellingen/teams/").content.decode()
    assert "Wijkteam Centrum" in page and "Wijkteam Noord" in page
    assert verified_client(bob).get("/voorspellingen/teams/").status_code == 404


def _rows(html: str) -> list[str]:
    table = html.split('id="forecast-cells"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="utrecht-table__row" data-cell="([^"]+)"', table)


def test_the_map_shows_the_flagged_cells_with_their_drivers(
    events: None, teams: dict[str, Team], carol: User
) -> None:
    response = verified_client(carol).get(url(teams["centrum"]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    html = response.content.decode()
    cells = _rows(html)
    assert len(cells) == 7  # floor(256 * 3 %)
    forecast = response.context["forecast"]
    assert [c.cell_id for c in forecast.flagged] == cells
    # The map data are exactly the table's cells; the legend says what it means.
    payload = response.context["payload"]
    assert [c["id"] for c in payload["cells"]] == cells
    assert 'id="forecast-data"' in html and 'id="forecast-legend"' in html
    # Every flagged cell of the hotspot district has its own long-term events.
    assert all(c.long_term >= 1 for c in forecast.flagged)
    assert all(c.area_name == "Centrum-buurt" for c in forecast.flagged)
    # Only cells of this district are flagged, never the other district's hotspot.
    assert all(c.y < 582_999 for c in forecast.flagged)
    assert 'id="forecast-empty"' not in html
    # No backtest yet: said honestly.
    assert "No backtest has been run yet for this theme" in html


def test_theme_choice_and_unknown_theme(events: None, teams: dict[str, Team], alice: User) -> None:
    add_events([(233_500.0, 581_500.0)] * 3, [timezone.now() - dt.timedelta(days=3)] * 3,
               theme="fietsdiefstal")  # fmt: skip
    client = verified_client(alice)
    response = client.get(url(teams["centrum"], "thema=fietsdiefstal"))
    assert response.context["theme"] == "fietsdiefstal"
    top = response.context["forecast"].flagged[0]
    assert (top.cell_id, top.long_term, top.recent_in_cell) == ("125m-E233500-N581500", 3, 3)
    # An unknown theme falls back to the default and says so in the form.
    response = client.get(url(teams["centrum"], "thema=ufo"))
    assert response.status_code == 200 and response.context["theme"] == "woninginbraak"
    assert response.context["form"].errors


def test_empty_states(teams: dict[str, Team], carol: User) -> None:
    client = verified_client(carol)
    html = client.get(url(teams["centrum"])).content.decode()
    assert 'id="forecast-empty"' in html and "no imported incidents yet" in html
    assert 'id="forecast-map"' not in html
    # Events elsewhere only: the district has none of this theme.
    add_events([(100_000.0, 400_000.0)] * 3, [timezone.now() - dt.timedelta(days=5)] * 3)
    html = client.get(url(teams["centrum"])).content.decode()
    assert "No incidents of the theme woninginbraak were registered" in html
    assert _rows(html) == []


def test_district_without_a_shape(teams: dict[str, Team], carol: User) -> None:
    area = teams["centrum"].area
    area.geometry = None
    area.save()
    area.children.first().children.update(geometry=None)  # type: ignore[union-attr]
    add_events([(233_500.0, 581_500.0)] * 3, [timezone.now() - dt.timedelta(days=5)] * 3)
    html = verified_client(carol).get(url(teams["centrum"])).content.decode()
    assert "has no boundary on the map" in html


def test_query_budget_and_cache(
    events: None,
    teams: dict[str, Team],
    carol: User,
    django_assert_max_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Counted, not timed: on a busy CI machine the cached view was once slower than the first.
    computed: list[str] = []
    real_forecast_cells = teammap.forecast_cells

    def counting_forecast_cells(*args: Any, **kwargs: Any) -> Any:
        computed.append(kwargs["method"])
        return real_forecast_cells(*args, **kwargs)

    monkeypatch.setattr(teammap, "forecast_cells", counting_forecast_cells)
    client = verified_client(carol)
    # 16, two for the cells' street names (registry.selectors.streets_in_squares) and the
    # header's unread notifications.
    with django_assert_max_num_queries(19):
        assert client.get(url(teams["centrum"])).status_code == 200
    assert len(computed) == 1
    with django_assert_max_num_queries(14):  # from the cache; the unread count is one
        assert client.get(url(teams["centrum"])).status_code == 200
    assert len(computed) == 1, "the second view must come from the cache"
    # New events change the fingerprint: the forecast is computed again.
    add_events([(233_100.0, 581_100.0)] * 20, [timezone.now() - dt.timedelta(days=2)] * 20)
    response = client.get(url(teams["centrum"]))
    assert len(computed) == 2
    assert any(c.cell_id == "125m-E233000-N581000" for c in response.context["forecast"].flagged)


def test_register_is_public_in_plain_words_and_technical_apart(city: Any) -> None:
    anonymous = Client()
    public = anonymous.get("/algoritmeregister/")
    assert public.status_code == 200
    html = public.content.decode()
    assert 'id="public-result-none"' in html
    assert "manage.py" not in html and "PAI" not in html  # plain words, no jargon
    assert 'href="/algoritmeregister/technisch/"' in html
    assert 'id="public-not-list"' in html and 'id="public-risks-list"' in html
    technical = anonymous.get("/algoritmeregister/technisch/").content.decode()
    assert 'id="backtest-none"' in technical and "manage.py" not in technical
    assert "Measured on public data" in technical and "20.84" in technical  # Groningen, PAI 3 %
    for heading in ("Human oversight", "Known limitations and bias", "Contact", "Data used"):
        assert heading in technical
    assert "Feedback loop" in technical and "Reporting bias" in technical
    assert "/account/inloggen/" not in (public.get("Location") or "")


def test_register_shows_this_installations_latest_backtest(city: Any, erin: User) -> None:
    synthetic_events(n=400, days=600, end=dt.date(2024, 6, 30))
    done = backtest_run_from_db(
        theme="woninginbraak",
        start=dt.date(2024, 4, 1),
        end=dt.date(2024, 6, 30),
        methods="naive,best",
        bootstrap=50,
    )
    html = Client().get("/algoritmeregister/").content.decode()
    assert 'id="public-result-none"' not in html
    sentence = html.split('id="public-result-woninginbraak"', 1)[1].split("</p>", 1)[0]
    hit3 = done.result.methods["best"].hit_rate[0.03] * 100
    naive3 = done.result.methods["naive"].hit_rate[0.03] * 100
    assert f"{hit3:.0f} " in sentence and f"{naive3:.0f} " in sentence
    technical = verified_client(erin).get("/algoritmeregister/technisch/").content.decode()
    table = technical.split(f'id="backtest-{done.run.pk}"', 1)[1].split("</table>", 1)[0]
    pai3 = done.result.methods["best"].pai[0.03]
    assert f"{pai3:.2f}" in table and f"{hit3:.1f}%" in table
    assert "naive" in table and "best" in table
    assert done.run.theme == "woninginbraak"


def test_map_quotes_the_latest_backtest(events: None, teams: dict[str, Team], carol: User) -> None:
    today = timezone.localdate()
    done = backtest_run_from_db(
        theme="woninginbraak",
        start=today - dt.timedelta(days=90),
        end=today - dt.timedelta(days=1),
        methods="naive,best",
        bootstrap=50,
    )
    html = verified_client(carol).get(url(teams["centrum"])).content.decode()
    legend = html.split('id="forecast-backtest"', 1)[1].split("</li>", 1)[0]
    hit = round(done.result.methods["best"].hit_rate[0.03] * 100)
    assert f"caught {hit}% of the incidents" in legend
