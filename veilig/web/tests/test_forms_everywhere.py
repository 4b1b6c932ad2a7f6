"""Every form page of the site follows the form rules (docs/ui.md, "Forms"): no `required`
attribute (so nothing is :invalid before interaction), "(optional)" at most once per label and
never on a required field, one date input (text, dd-mm-jjjj), and no preselected choice in the
selects that decide access or accountability."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from veilig.accounts.models import User
from veilig.cases.models import Case
from veilig.testing.casework import case_for
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
LABEL = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.S)
REQUIRED_ATTRIBUTE = re.compile(r"<(input|select|textarea)\b[^>]*\srequired[\s>=]")
# The selects that start empty: what they say decides who may see, or what the author vouches for
# (the source of an import: rows in the wrong source are hard to take out again). The source of a
# signal (team, police, partner) follows from the reporter's organisation and decides nothing.
EMPTY_FIRST = (
    "theme",
    "data_category",
    "legal_basis",
    "role",
    "organisation",
    "owner_organisation",
    "source",
)
PRESET_ON_PURPOSE = {("/signalen/nieuw/", "source")}


def _pages(alice: User, bob: User, carol: User, dave: User, frank: User) -> dict[str, Client]:
    case = case_for(bob)
    cases = {
        reverse("cases:register"): bob,
        reverse("cases:break_glass"): bob,
        reverse("cases:list"): alice,
        reverse("cases:transition", args=[case.pk]): alice,
        reverse("cases:invite", args=[case.pk]): alice,
        reverse("cases:plan", args=[case.pk]): alice,
        reverse("cases:contribution_add", args=[case.pk]): bob,
        reverse("cases:action_add", args=[case.pk]): bob,
        reverse("cases:document_upload", args=[case.pk]): bob,
        reverse("triage:decide", args=[case.pk]): alice,
        reverse("triage:inform", args=[case.pk]): alice,
        reverse("signals:create"): carol,
        reverse("events:import_new"): dave,
        reverse("privacy:person_search"): frank,
        reverse("privacy:user_log"): frank,
        reverse("privacy:break_glass"): frank,
    }
    return {url: verified_client(user) for url, user in cases.items()}


def _check(url: str, html: str, optional: str) -> None:
    forms = FORM.findall(html)
    assert forms, url
    for form in forms:
        assert not REQUIRED_ATTRIBUTE.search(form), url
        assert 'type="date"' not in form and 'type="datetime-local"' not in form, url
        for _tag, label in LABEL.findall(form):
            assert label.count(optional) <= 1, (url, label)
            for_id = re.search(r'for="([^"]+)"', label)
            if optional in label and for_id:
                control = re.search(rf'<[^>]+id="{for_id.group(1)}"[^>]*>', form)
                assert control is None or "aria-required" not in control.group(0), (url, label)
        for name in EMPTY_FIRST:
            select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form, re.S)
            if select and (url, name) not in PRESET_ON_PURPOSE:
                first = re.search(r"<option[^>]*>", select.group(1))
                assert first is not None and 'value=""' in first.group(0), (url, name)
                assert " selected" in first.group(0), (url, name)
    assert "aria-invalid" not in html and 'id="form-errors"' not in html, url


def test_every_form_page_follows_the_rules(
    alice: User, bob: User, carol: User, dave: User, frank: User
) -> None:
    optional = f"({gettext('optional')})"
    checked: list[str] = []
    for url, client in _pages(alice, bob, carol, dave, frank).items():
        response = client.get(url)
        assert response.status_code == 200, url
        _check(url, response.content.decode(), optional)
        checked.append(url)
    assert len(checked) == 16
    assert Case.objects.count() == 1  # opening the forms wrote nothing


def test_the_sign_in_page_follows_the_rules(client: Client) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    _check("login", html, f"({gettext('optional')})")
    assert 'aria-required="true"' in html


@pytest.mark.parametrize(
    ("url_name", "who", "dates"),
    [
        ("cases:register", "bob", ["date_of_birth"]),
        ("signals:create", "carol", ["occurred_at", "person_date_of_birth"]),
        ("privacy:person_search", "frank", ["geboortedatum"]),
        ("privacy:user_log", "frank", ["van", "tot"]),
    ],
)
def test_every_date_field_is_the_one_date_input(
    url_name: str, who: str, dates: list[str], bob: User, carol: User, frank: User
) -> None:
    user = {"bob": bob, "carol": carol, "frank": frank}[who]
    html = verified_client(user).get(reverse(url_name)).content.decode()
    for name in dates:
        field = re.search(rf'<input type="text" name="{name}"[^>]*>', html)
        assert field is not None, (url_name, name)
        assert "veilig-date-input" in field.group(0)
