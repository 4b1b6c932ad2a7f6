"""The export links in a real browser: axe finds nothing serious on the pages that carry them,
and a click on "Exporteren als CSV"/"als Excel" downloads the file the list promises."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from veilig.access.signals import system_context
from veilig.accounts.models import User
from veilig.geo.index import area_index_invalidate
from veilig.signals.models import Category, Team, TeamMembership
from veilig.signals.services import signal_create
from veilig.testing.casework import case_for
from veilig.testing.downloads import csv_lines, xlsx_values
from veilig.web.tests import test_browser as shell
from veilig.web.tests.areas import build_small_city
from veilig.web.tests.test_browser import CHROMIUM, _device, _serious_violations, _sign_in

# The browser fixtures of the shell's browser test.
browser = shell.browser
new_page = shell.new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def _page(new_page: Any) -> Any:
    page = new_page()
    page.set_default_timeout(30_000)  # the first page of a browser on a busy 2-core machine
    return page


def _download(page: Any, link: Any) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_the_case_list_exports_what_it_shows(
    live_server: Any, new_page: Any, alice: User, bob: User
) -> None:
    for _ in range(3):
        case_for(bob)
    page = _page(new_page)
    _sign_in(page, live_server.url, alice, _device(alice))
    page.goto(f"{live_server.url}/casussen/?sort=reference")
    group = page.locator("#case-export")
    assert group.get_attribute("role") == "group"
    link = group.get_by_role("link", name=re.compile("^(Export as CSV|Exporteren als CSV)"))
    name, data = _download(page, link)
    assert name == f"casussen-{timezone.localdate().isoformat()}.csv"
    shown = page.locator("#case-table tbody th").all_inner_texts()
    assert [line[0] for line in csv_lines(data)[1:]] == shown
    name, data = _download(page, group.get_by_role("link", name=re.compile("Excel")))
    assert name.endswith(".xlsx") and len(xlsx_values(data)) == len(shown) + 1
    assert _serious_violations(page) == []


def test_the_team_page_exports_its_open_signals(
    live_server: Any, new_page: Any, carol: User
) -> None:
    area_index_invalidate()
    city = build_small_city()
    team = Team.objects.create(name="Wijkteam Centrum", area=city["SD999901"])
    TeamMembership.objects.create(team=team, user=carol, function="wijkagent")
    signal_create(
        context=system_context(),
        # A transactional test empties the tables, the migrations' categories included.
        category=Category.objects.get_or_create(code="overlast-jeugd", defaults={"name": "Jeugd"})[
            0
        ],
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        description="Synthetische melding.",
        source="bewoner",
        location_method="kaart",
        lat=53.217,
        lon=6.562,
    )
    area_index_invalidate()
    page = _page(new_page)
    _sign_in(page, live_server.url, carol, _device(carol))
    page.goto(f"{live_server.url}/signalen/teams/{team.pk}/")
    links = page.locator("#open-signals-export a")
    assert links.count() == 2
    # Each link's name ends with the list's name (visually hidden), so that the team page's two
    # exports (open signals, early signals) never have links of the same name.
    assert "team" in (links.first.text_content() or "")
    name, data = _download(page, links.first)
    assert name.startswith(f"open-signalen-team-{team.pk}-") and len(csv_lines(data)) == 2
    assert _serious_violations(page) == []
