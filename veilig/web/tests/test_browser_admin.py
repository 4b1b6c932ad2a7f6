"""Functional administration in a real browser, as a functional administrator would do it.

Sign in (password and TOTP), create an organisation, create a user with a role in it, make the
organisation a member of a case table with data categories, and read the table's access
matrix; then take a category away and see the matrix change. axe must find nothing, at any
impact, on every page visited (the Django admin's included), and the matrix must not scroll
sideways at 360 px.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from veilig.accounts.models import Organisation, User
from veilig.cases.models import Table, TableMember
from veilig.cases.vocabulary import Theme
from veilig.testing.administrators import staff_administrator
from veilig.testing.seeds import seed_administration_group
from veilig.web.tests.test_browser import (  # the shared browser and sign-in
    CHROMIUM,
    PHONE,
    _device,
    _no_horizontal_scroll,
    _screenshot,
    _sign_in,
    axe_module,
    browser,
    new_page,
)

__all__ = ["browser", "new_page"]  # fixtures used by name

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]
NEW_PASSWORD = "Synthetisch-wachtwoord-2026"


@pytest.fixture
def grace(transactional_db: None) -> User:
    seed_administration_group()  # a transactional test starts from a flushed database
    return staff_administrator("grace")


def _violations(page: Any, found: dict[str, list[str]], name: str) -> None:
    """Every axe violation, whatever its impact (printed with -s)."""
    _screenshot(page, f"admin-{name}")
    results = axe_module.Axe().run(page)
    violations = results.response["violations"]
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:3]
        print(f"axe {name}: {violation['impact']} {violation['id']} {targets}")
    if violations:
        found[name] = [violation["id"] for violation in violations]


def _save(page: Any) -> None:
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()


def _matrix_reads(page: Any, org_code: str) -> dict[str, str]:
    row = page.locator(f'#access-matrix tr[data-organisation="{org_code}"]')
    cells = row.locator("td[data-category]")
    return {
        cells.nth(i).get_attribute("data-category"): cells.nth(i).get_attribute("data-reads")
        for i in range(cells.count())
    }


def test_administrator_sets_up_a_member_and_the_matrix_follows(
    live_server: Any, new_page: Any, grace: User
) -> None:
    table = Table.objects.create(code="ico", name="Casusoverleg ICO", theme=Theme.ICO)
    base = live_server.url
    found: dict[str, list[str]] = {}
    page = new_page()
    page.context.set_default_timeout(60_000)  # many admin pages on a shared machine
    _sign_in(page, base, grace, _device(grace))

    page.get_by_role("navigation").get_by_role("link", name="Beheer").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/beheer/"
    _violations(page, found, "index")

    # 1. An organisation.
    page.goto(f"{base}/beheer/accounts/organisation/add/")
    _violations(page, found, "organisation-add")
    page.locator("#id_name").fill("Stichting Jeugdhulp Voorbeeldstad")
    page.locator("#id_code").fill("jeugdhulp")
    page.locator("#id_partner_type").select_option("overig")
    _save(page)
    assert page.url.endswith("/beheer/accounts/organisation/")
    _violations(page, found, "organisation-list")
    organisation = Organisation.objects.get(code="jeugdhulp")

    # 2. A user with a role in it, in one form.
    page.goto(f"{base}/beheer/accounts/user/add/")
    _violations(page, found, "user-add")
    page.locator("#id_username").fill("jeugdwerker")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("#id_first_name").fill("Jip")
    page.locator("#id_last_name").fill("Jeugdwerker")
    page.locator("#id_organisation").select_option(str(organisation.pk))
    page.locator("#id_roles-0-role").select_option("partner")
    _save(page)
    user = User.objects.get(username="jeugdwerker")
    assert user.organisation_id == organisation.pk
    assert user.role_codes() == {"partner"}
    assert f"/beheer/accounts/user/{user.pk}/change/" in page.url
    _violations(page, found, "user-change")

    # 3. The organisation joins the case table, the user represents it.
    page.goto(f"{base}/beheer/cases/table/{table.pk}/change/")
    _violations(page, found, "table-change")
    page.locator("#id_members-0-organisation").select_option(str(organisation.pk))
    page.locator("#id_members-0-legal_basis").select_option("jeugdwet")
    for category in ("police", "care"):
        page.locator(f"input[name=members-0-data_categories][value={category}]").check()
    page.locator(f'input[name=representatives][value="{user.pk}"]').check()
    _save(page)
    assert page.url.endswith("/beheer/cases/table/")
    _violations(page, found, "table-list")

    # 4. The access matrix, reached from the table's admin page.
    page.goto(f"{base}/beheer/cases/table/{table.pk}/change/")
    page.locator("#access-matrix-link").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/tafels/{table.pk}/toegang/"
    _violations(page, found, "matrix")
    row = page.locator('#access-matrix tr[data-organisation="jeugdhulp"]')
    assert "Jip Jeugdwerker" in row.inner_text()
    reads = _matrix_reads(page, "jeugdhulp")
    assert reads == {
        "justice": "no",
        "police": "yes",
        "care": "yes",
        "housing": "no",
        "school": "no",
        "municipal": "no",
    }
    page.set_viewport_size(PHONE)
    page.reload()
    _no_horizontal_scroll(page)
    _violations(page, found, "matrix-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 5. Take "care" away: the matrix says so.
    page.locator("#change-table").click()
    page.wait_for_load_state()
    page.locator("input[name=members-0-data_categories][value=care]").uncheck()
    _save(page)
    page.goto(f"{base}/tafels/{table.pk}/toegang/")
    reads = _matrix_reads(page, "jeugdhulp")
    assert reads["care"] == "no" and reads["police"] == "yes"
    member = TableMember.objects.get(table=table, organisation=organisation)
    assert (member.legal_basis, member.data_categories) == ("jeugdwet", ["police"])

    assert not found, found
