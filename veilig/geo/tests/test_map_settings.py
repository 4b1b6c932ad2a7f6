"""The base-layer settings of the maps: strict parsers, start-up errors, the CSP and the page.

docs/maps.md: a tile URL template (off by default) with attribution and maximum zoom; the
Content-Security-Policy names the tile server only when one is set.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from veilig.accounts.tests.test_settings import _manage
from veilig.geo.templatetags.geo_maps import basemap_config
from veilig.settings import (
    content_security_policy,
    env_text,
    env_tile_url,
    tile_origin,
    tile_url_problem,
)

PDOK = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
DEMO = {"VEILIG_DEMO": "true"}


def _img_src(header: str) -> list[str]:
    for part in header.split(";"):
        words = part.split()
        if words and words[0] == "img-src":
            return words[1:]
    raise AssertionError(f"no img-src in {header!r}")


def _policy(output: str) -> str:
    # The shell may print its own lines (auto-imports) first.
    return output.split("CSP:", 1)[1].strip()


def _others(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()} - {
        part.strip() for part in header.split(";") if part.strip().startswith("img-src")
    }


def test_the_pdok_template_and_other_good_templates_pass() -> None:
    assert tile_url_problem(PDOK) == ""
    assert tile_url_problem("https://tiles.example.nl:8443/{z}/{x}/{y}.png?key=abc") == ""
    assert tile_origin(PDOK) == "https://service.pdok.nl"
    assert tile_origin("https://tiles.example.nl:8443/{z}/{x}/{y}.png") == (
        "https://tiles.example.nl:8443"
    )
    assert tile_url_problem("http://localhost:8080/{z}/{x}/{y}.png", allow_http=True) == ""


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://tiles.example.nl/{z}/{x}/{y}.png", "https://"),
        ("//tiles.example.nl/{z}/{x}/{y}.png", "https://"),
        ("javascript:alert(1)//{z}/{x}/{y}", "https://"),
        ("https:///{z}/{x}/{y}.png", "host"),
        ("https://user:secret@tiles.example.nl/{z}/{x}/{y}.png", "password"),
        ("https://tiles.example.nl/{z}/{x}.png", "{z}, {x} and {y}"),
        ("https://tiles.example.nl/{z}/{x}/{y}/{y}.png", "{z}, {x} and {y}"),
        ("https://{s}.tiles.example.nl/{z}/{x}/{y}.png", "no placeholders other"),
        ("https://tiles.example.nl/{z}/{x}/{y}.png?{r}", "no placeholders other"),
        ("https://tiles.example.nl/{z}/{x}/{y}.png#top", "fragment"),
        ("https://tiles.example.nl/{z}/{x}/{y}.png' data:", "quotes"),
        ('https://tiles.example.nl/{z}/{x}/{y}.png"', "quotes"),
        ("https://tiles.example.nl/<b>/{z}/{x}/{y}.png", "angle brackets"),
        ("https://tiles.example.nl/{z}/{x}/{y}.png https://evil.example", "spaces"),
    ],
)
def test_a_bad_template_is_refused_with_the_reason(url: str, problem: str) -> None:
    assert problem in tile_url_problem(url)


def test_env_parsers_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_TILES", raising=False)
    assert env_tile_url("X_TILES") == ""
    monkeypatch.setenv("X_TILES", f"  {PDOK} ")
    assert env_tile_url("X_TILES") == PDOK
    monkeypatch.setenv("X_TILES", "ftp://tiles.example.nl/{z}/{x}/{y}.png")
    with pytest.raises(ImproperlyConfigured, match=r"X_TILES must start with https://"):
        env_tile_url("X_TILES")
    monkeypatch.setenv("X_TEXT", "Kaartgegevens © Kadaster")
    assert env_text("X_TEXT", "", max_length=200) == "Kaartgegevens © Kadaster"
    for bad in ("<a href=x>Kadaster</a>", "Kadaster\nline two", "Kadaster\u202e"):
        monkeypatch.setenv("X_TEXT", bad)
        with pytest.raises(ImproperlyConfigured, match="X_TEXT must be one line of plain text"):
            env_text("X_TEXT", "", max_length=200)
    monkeypatch.setenv("X_TEXT", "x" * 201)
    with pytest.raises(ImproperlyConfigured, match="X_TEXT may be at most 200"):
        env_text("X_TEXT", "", max_length=200)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VEILIG_MAP_TILES_URL": "http://tiles.example.nl/{z}/{x}/{y}.png"}, "must start with"),
        ({"VEILIG_MAP_TILES_URL": PDOK}, "VEILIG_MAP_TILES_ATTRIBUTION must be set"),
        ({"VEILIG_MAP_TILES_MAX_ZOOM": "30"}, "VEILIG_MAP_TILES_MAX_ZOOM must be at most 22"),
    ],
)
def test_a_bad_setting_stops_the_start_up(env: dict[str, str], message: str) -> None:
    result = _manage({**DEMO, **env}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr, result.stderr


def test_the_policy_of_a_started_process_names_the_tile_server_only_when_set() -> None:
    script = "from csp.utils import build_policy; print('CSP:', build_policy())"
    unset = _manage(DEMO, "shell", "-c", script)
    assert unset.returncode == 0, unset.stderr
    assert _img_src(_policy(unset.stdout)) == ["'self'", "data:"]
    configured = _manage(
        {
            **DEMO,
            "VEILIG_MAP_TILES_URL": PDOK,
            "VEILIG_MAP_TILES_ATTRIBUTION": "Kaartgegevens © Kadaster",
        },
        "shell",
        "-c",
        script,
    )
    assert configured.returncode == 0, configured.stderr
    assert _img_src(_policy(configured.stdout)) == ["'self'", "data:", "https://service.pdok.nl"]
    # Nothing else of the policy moves (django-csp does not keep the directives in order).
    assert _others(_policy(configured.stdout)) == _others(_policy(unset.stdout))


def _basemap_of(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="veilig-basemap" type="application/json">(.*?)</script>', html)
    assert found, "the map page has no base-layer configuration"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


@pytest.mark.django_db
def test_by_default_the_pages_use_the_local_street_layer(alice_client: Client) -> None:
    response = alice_client.get("/gebieden/")
    assert _img_src(response["Content-Security-Policy"]) == ["'self'", "data:"]
    config = _basemap_of(response.content.decode())
    assert (
        config
        == basemap_config()
        == {
            "tiles": None,
            "streetsUrl": "/gebieden/straten.geojson",
            "labelZoom": 16,
        }
    )
    assert "js/basemap.js" in response.content.decode()


@pytest.mark.django_db
def test_configured_tiles_reach_the_page_and_the_policy(
    alice_client: Client, settings: Any
) -> None:
    settings.MAP_TILES_URL = PDOK
    settings.MAP_TILES_ATTRIBUTION = "Kaartgegevens © Kadaster"
    settings.MAP_TILES_MAX_ZOOM = 19
    settings.CONTENT_SECURITY_POLICY = content_security_policy(tile_url=PDOK)
    response = alice_client.get("/gebieden/")
    assert _img_src(response["Content-Security-Policy"]) == [
        "'self'",
        "data:",
        "https://service.pdok.nl",
    ]
    tiles = _basemap_of(response.content.decode())["tiles"]
    assert tiles == {"url": PDOK, "attribution": "Kaartgegevens © Kadaster", "maxZoom": 19}
