"""The areas explorer and its GeoJSON endpoint, seen by signed-in personas."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import User
from veilig.geo.models import Area, AreaLevel
from veilig.testing.personas import verified_client
from veilig.web.tests.areas import YEAR, build_small_city, square

EXPLORER = reverse("geo:explorer")
GEOJSON = reverse("geo:explorer_geojson")


def _row_codes(response) -> list[str]:
    return [row.code for row in response.context["table"].rows]


@pytest.mark.django_db
class TestLoginRequired:
    @pytest.mark.parametrize("url", [EXPLORER, GEOJSON])
    def test_anonymous_is_sent_to_login(self, client: Client, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_password_without_second_factor_is_not_enough(self, client: Client, bob: User) -> None:
        client.force_login(bob)
        response = client.get(GEOJSON)
        assert response.status_code == 302
        assert "tweestaps" in response["Location"]


@pytest.mark.django_db
class TestExplorer:
    def test_empty_state_names_the_commands_to_load_areas(self, alice_client: Client) -> None:
        response = alice_client.get(EXPLORER)
        assert response.status_code == 200
        content = response.content.decode()
        assert 'id="explorer-empty"' in content
        assert "make demo" in content
        assert "import_areas" in content
        assert 'id="explorer-map"' not in content

    def test_table_lists_buurten_with_wijk_stadsdeel_and_totals(self, alice_client: Client) -> None:
        build_small_city()
        response = alice_client.get(EXPLORER)
        assert response.status_code == 200
        table = response.context["table"]
        assert table.year == YEAR
        assert sorted(_row_codes(response)) == [
            "BU99990101",
            "BU99990102",
            "BU99990201",
            "BU99990301",
            "BU99990302",
        ]
        grote_markt = next(r for r in table.rows if r.code == "BU99990101")
        assert (grote_markt.wijk_name, grote_markt.stadsdeel_name) == ("Binnenstad", "Centrum")
        # Totals add the known figures and say that one buurt has none.
        assert table.total_inhabitants == 1200 + 950 + 3100 + 2200
        assert table.total_households == 800 + 610 + 1500 + 1050
        assert table.totals_incomplete
        content = response.content.decode()
        assert 'aria-describedby="map-note"' in content
        assert "<caption" in content
        assert "7,450" in content  # thousands separator in the totals row (English)
        dutch = alice_client.get(EXPLORER, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        assert "7.450" in dutch  # and the Dutch one

    def test_filter_by_stadsdeel_narrows_rows_and_wijk_choices(self, alice_client: Client) -> None:
        build_small_city()
        response = alice_client.get(EXPLORER, {"stadsdeel": "SD999902"})
        assert _row_codes(response) == ["BU99990302", "BU99990301"]  # by name: Dijkzicht, Haven…
        assert [w.code for w in response.context["wijk_options"]] == ["WK999903"]
        assert response.context["selection_label"] == "Noord"

    def test_filter_by_wijk(self, alice_client: Client) -> None:
        build_small_city()
        response = alice_client.get(EXPLORER, {"wijk": "WK999901"})
        assert sorted(_row_codes(response)) == ["BU99990101", "BU99990102"]

    def test_wijk_outside_the_chosen_stadsdeel_is_dropped_without_error(
        self, alice_client: Client
    ) -> None:
        build_small_city()
        response = alice_client.get(EXPLORER, {"stadsdeel": "SD999902", "wijk": "WK999901"})
        assert response.context["filters"].wijk == ""
        assert not response.context["form"].errors
        assert sorted(_row_codes(response)) == ["BU99990301", "BU99990302"]

    def test_unknown_filter_value_is_reported_and_ignored(self, alice_client: Client) -> None:
        build_small_city()
        response = alice_client.get(EXPLORER, {"stadsdeel": "SD000000"})
        assert response.status_code == 200
        assert "stadsdeel" in response.context["form"].errors
        assert len(_row_codes(response)) == 5
        assert 'role="alert"' in response.content.decode()

    @pytest.mark.parametrize("query", ["jaar=%C2%B2", "jaar=" + "9" * 5000, "jaar=%D9%A3"])
    def test_a_year_that_is_no_plain_number_is_reported_not_a_server_error(
        self, alice_client: Client, query: str
    ) -> None:
        """The review's finding: "²" passes str.isdigit() but not int(); so do 5,000 digits."""
        build_small_city()
        for url in (EXPLORER, GEOJSON):
            response = alice_client.get(f"{url}?{query}")
            assert response.status_code == 200
        response = alice_client.get(f"{EXPLORER}?{query}")
        assert "jaar" in response.context["form"].errors
        assert response.context["table"].year == YEAR  # the newest year instead
        assert 'role="alert"' in response.content.decode()

    def test_filter_without_matches_shows_an_empty_state(self, alice_client: Client) -> None:
        build_small_city()
        Area.objects.create(
            code="WK999904",
            name="Leeg",
            level=AreaLevel.WIJK,
            boundary_year=YEAR,
            parent=Area.objects.get(code="SD999902"),
        )
        response = alice_client.get(EXPLORER, {"wijk": "WK999904"})
        assert _row_codes(response) == []
        assert 'id="explorer-no-results"' in response.content.decode()

    def test_newest_year_is_default_and_older_year_can_be_chosen(
        self, alice_client: Client
    ) -> None:
        build_small_city(year=2017)
        build_small_city(year=YEAR)
        assert alice_client.get(EXPLORER).context["table"].year == YEAR
        response = alice_client.get(EXPLORER, {"jaar": "2017"})
        assert response.context["table"].year == 2017
        assert 'id="id_jaar"' in response.content.decode()

    def test_htmx_request_gets_only_the_results_and_the_narrowed_wijk_select(
        self, alice_client: Client
    ) -> None:
        build_small_city()
        response = alice_client.get(
            EXPLORER,
            {"stadsdeel": "SD999901"},
            headers={"HX-Request": "true", "HX-Trigger": "id_stadsdeel"},
        )
        content = response.content.decode()
        assert "<html" not in content
        assert 'id="explorer-results"' in content
        assert 'hx-swap-oob="true"' in content
        assert "WK999903" not in content  # wijk of the other stadsdeel is not offered
        assert "geojson?jaar=2024&amp;stadsdeel=SD999901" in content

    def test_changing_the_wijk_select_does_not_replace_it(self, alice_client: Client) -> None:
        build_small_city()
        response = alice_client.get(
            EXPLORER,
            {"wijk": "WK999901"},
            headers={"HX-Request": "true", "HX-Trigger": "id_wijk"},
        )
        assert 'hx-swap-oob="true"' not in response.content.decode()

    def test_query_count_stays_within_budget(
        self, alice: User, django_assert_max_num_queries
    ) -> None:
        build_small_city()
        for i in range(30):  # more buurten must not mean more queries
            Area.objects.create(
                code=f"BU99998{i:03d}",
                name=f"Extra {i}",
                level=AreaLevel.BUURT,
                boundary_year=YEAR,
                parent=Area.objects.get(code="WK999903"),
                inhabitants=10,
                households=5,
                geometry=square(6.57, 53.23),
            )
        client = verified_client(alice)
        # session, user, otp device, roles, organisation, years, options, buurten (+ savepoints)
        with django_assert_max_num_queries(12):
            response = client.get(EXPLORER, {"stadsdeel": "SD999902"})
        assert len(response.context["table"].rows) == 32


@pytest.mark.django_db
class TestGeoJson:
    def test_feature_collection_of_the_filtered_buurten(self, bob_client: Client) -> None:
        build_small_city()
        response = bob_client.get(GEOJSON, {"wijk": "WK999903"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        assert "no-store" in response["Cache-Control"]
        data = response.json()
        assert data["type"] == "FeatureCollection"
        assert [f["properties"]["code"] for f in data["features"]] == [
            "BU99990301",
            "BU99990302",
        ]
        feature = data["features"][0]
        assert feature["geometry"]["type"] == "Polygon"
        assert feature["properties"]["name"] == "Havenkwartier"

    def test_areas_without_geometry_are_left_out(self, bob_client: Client) -> None:
        build_small_city()
        Area.objects.filter(code="BU99990101").update(geometry=None)
        codes = [f["id"] for f in bob_client.get(GEOJSON).json()["features"]]
        assert "BU99990101" not in codes
        assert len(codes) == 4

    def test_no_areas_gives_an_empty_collection(self, bob_client: Client) -> None:
        assert bob_client.get(GEOJSON).json() == {"type": "FeatureCollection", "features": []}

    def test_query_count_stays_within_budget(
        self, bob: User, django_assert_max_num_queries
    ) -> None:
        build_small_city()
        client = verified_client(bob)
        with django_assert_max_num_queries(10):
            client.get(GEOJSON)
