"""Bad values in query parameters give a clean page or a 400, never a server error.

Every query parameter that a GET view reads (grep ``request.GET`` / ``query_params``) gets a
list of hostile values, asked by a subject that may use the page (from the access matrix): a
Unicode digit that ``str.isdigit()`` accepts and ``int()`` refuses (``²``, the old 500 of
``/gebieden/?jaar=%C2%B2``), one that ``int()`` accepts (Arabic-Indic three), 5,000 digits (past
Python's int() limit), a number past every database's integer range, negatives, floats,
exponents, text, a NUL byte (PostgreSQL refuses it in a query) and a 10,000-character string.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from veilig.tests.test_access_matrix import (
    MATRIX,
    OK,
    SUBJECTS,
    Endpoint,
    Scenario,
    build_scenario,
)

BAD_VALUES = [
    "²",
    "٣",
    "9" * 5000,
    "1" + "0" * 20,
    "-1",
    "0",
    "1e5",
    "1.5",
    "",
    "abc",
    "\x00",
    "x" * 10_000,
]
BAD_IDS = [
    "superscript-two",
    "arabic-three",
    "5000-digits",
    "past-bigint",
    "minus-one",
    "zero",
    "exponent",
    "fraction",
    "empty",
    "text",
    "nul",
    "10000-chars",
]

# url name -> the query parameters its view reads
PARAMETERS: dict[str, list[str]] = {
    "geo:explorer": ["jaar", "stadsdeel", "wijk"],
    "geo:explorer_geojson": ["jaar", "stadsdeel", "wijk"],
    "cases:list": ["theme", "status", "partner", "stadsdeel", "overdue", "sort", "pagina"],
    "cases:export": ["theme", "status", "partner", "stadsdeel", "overdue", "sort"],
    "api:case-list": [
        "theme",
        "status",
        "partner",
        "stadsdeel",
        "overdue",
        "ordering",
        "limit",
        "offset",
    ],
    "privacy:person_log": ["van", "tot", "pagina", "tot_nr"],
    "privacy:user_log": ["gebruiker", "van", "tot", "pagina", "tot_nr"],
    "privacy:break_glass": ["van", "tot", "pagina", "tot_nr"],
    "privacy:subject_access": ["namen"],
    "privacy:subject_access_json": ["namen"],
    "events:import_list": ["pagina"],
    "signals:list": ["category", "open", "pagina"],
    "signals:export": ["category", "open"],
    "signals:sent": ["nr"],
    "signals:detail": ["verstuurd"],
    "signals:team": ["category", "period"],
    "signals:team_map": ["category", "period"],
    "forecasts:team_map": ["thema"],
    "meetings:schedule": ["tafel"],
    "dashboards:page": ["level", "area", "period", "at", "start", "end", "source", "trend"],
    "api:dashboard-detail": ["level", "area", "period", "at", "start", "end", "source", "trend"],
}
# Parameters that only matter next to another one (the user log's paging needs a user).
COMPANIONS: dict[str, dict[str, str]] = {"privacy:user_log": {"gebruiker": "{user}"}}


def _endpoint(name: str) -> Endpoint:
    return next(e for e in MATRIX if e.name == name and e.method == "GET")


def _subject(endpoint: Endpoint) -> str:
    return next(s for s in SUBJECTS if endpoint.rule(s, "regular") == OK)


@pytest.fixture
def scenario(db: None, tmp_path: Any, settings: Any) -> Scenario:
    settings.DOCUMENTS_ROOT = tmp_path
    return build_scenario(tmp_path)


def test_every_parameter_list_names_a_get_endpoint() -> None:
    for name in PARAMETERS:
        _endpoint(name)


def test_bad_query_values_never_give_a_server_error(scenario: Scenario) -> None:
    """One scenario for all values (it takes a while to build); every problem is listed."""
    problems = []
    for value, label in zip(BAD_VALUES, BAD_IDS, strict=True):
        problems.extend(_problems(scenario, value, label))
    assert not problems, "\n".join(problems)


def _problems(scenario: Scenario, value: str, label: str) -> list[str]:
    problems = []
    for name, parameters in PARAMETERS.items():
        endpoint = _endpoint(name)
        subject = _subject(endpoint)
        client = scenario.clients[subject]
        client.raise_request_exception = False
        url = reverse(name, kwargs=endpoint.kwargs(scenario, "regular"))
        companions = {
            key: template.format(user=scenario.users["participant"].pk)
            for key, template in COMPANIONS.get(name, {}).items()
        }
        for parameter in parameters:
            query = {**companions, parameter: value}
            response = client.get(url, query)
            if response.status_code not in (200, 302, 400):
                problems.append(f"{name}?{parameter}={label}: {response.status_code} as {subject}")
    return problems
