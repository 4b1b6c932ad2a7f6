"""The registration form reports every error in one round, saves nothing on any error, and
preselects no theme (the theme decides who may see the case)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from veilig.accounts.models import User
from veilig.cases.forms import RegistrationForm
from veilig.cases.models import Case
from veilig.cases.selectors import stadsdeel_options
from veilig.cases.vocabulary import Theme
from veilig.registry.models import Person
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db

REGISTER = reverse("cases:register")


def _valid(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Fenna",
        "name_prefix": "",
        "last_name": "Eenronde",
        "date_of_birth": "12-03-1992",
        "bsn": "",
        "theme": Theme.NUISANCE,
        "reason": "Ernstige overlast in de buurt.",
        "crit_multi_domain": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _summary_links(html: str) -> list[str]:
    summary = html.split('id="form-errors"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="nl-link" href="#([^"]+)">', summary)


def _refuse_service(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs: Any) -> None:
        raise AssertionError("the service must not run when the form has errors")

    monkeypatch.setattr("veilig.cases.views.registration.case_register_new_person", refuse)


def test_several_wrong_fields_are_all_reported_at_once_and_nothing_is_saved(
    bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_service(monkeypatch)
    response = verified_client(bob).post(
        REGISTER,
        _valid(
            first_name="",
            date_of_birth="31-02-2020",
            bsn="123456789",  # fails the 11-check: the service found this only in a 2nd round
            theme="",
            reason="",
            crit_multi_domain=None,  # no criterion: the service found this only in a 2nd round
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    wrong = ["first_name", "date_of_birth", "bsn", "theme", "reason"]
    for name in wrong:
        assert f'id="id_{name}-error"' in html
    assert 'id="criteria-error"' in html
    # One summary at the top, one link per error, in the order of the page.
    assert html.count('id="form-errors"') == 1
    assert _summary_links(html) == [f"id_{name}" for name in wrong] + ["id_crit_multi_domain"]
    assert not Case.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "error_id"),
    [
        ({"bsn": "123456789"}, "id_bsn-error"),
        ({"crit_multi_domain": None}, "criteria-error"),
    ],
)
def test_what_the_service_refused_is_now_found_by_the_form(
    bob: User, monkeypatch: pytest.MonkeyPatch, overrides: dict[str, object], error_id: str
) -> None:
    _refuse_service(monkeypatch)
    html = verified_client(bob).post(REGISTER, _valid(**overrides)).content.decode()
    assert f'id="{error_id}"' in html
    assert not Person.objects.exists()


def test_a_valid_registration_still_goes_through(bob: User) -> None:
    response = verified_client(bob).post(REGISTER, _valid(date_of_birth="1992-03-12"))
    assert response.status_code == 302
    assert Case.objects.get().theme == Theme.NUISANCE


def test_the_theme_has_no_initial_value() -> None:
    form = RegistrationForm(stadsdelen=stadsdeel_options())
    assert form["theme"].value() in (None, "")
    assert form.fields["theme"].initial is None
    assert form.fields["theme"].required
    html = str(form["theme"])
    assert re.search(r'<option value="" selected>', html)
    assert not re.search(rf'<option value="{Theme.ICO.value}" selected', html)


def test_the_page_preselects_no_theme_and_requires_one(bob: User) -> None:
    client = verified_client(bob)
    page = client.get(REGISTER).content.decode()
    select = page.split('name="theme"', 1)[1].split("</select>", 1)[0]
    assert select.count(" selected") == 1 and '<option value="" selected>' in select
    response = client.post(REGISTER, _valid(theme=None))
    assert 'id="id_theme-error"' in response.content.decode()
    assert not Case.objects.exists()


def test_the_empty_form_is_not_marked_invalid(bob: User) -> None:
    page = verified_client(bob).get(REGISTER).content.decode()
    form = page.split('action="/casussen/aanmelden/"', 1)[1].split("</form>", 1)[0]
    assert "aria-invalid" not in form and "--invalid" not in form
    assert not re.search(r"\srequired[\s>=]", form)
    assert 'id="form-errors"' not in page
