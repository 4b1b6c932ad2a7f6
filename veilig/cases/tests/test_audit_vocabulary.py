"""The access log says what happened: a form's page is a read, a save names what it stored.

Before issue #12 opening the contribution form was logged as "update case" and adding a
contribution as "create case", and that wording reached the AVG art. 15 report.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditResult
from veilig.cases.models import Action, Case, Contribution
from veilig.privacy.reports import subject_access_report_build
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.casework import case_for
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db


def _action(case: Case, user: User) -> Action:
    assert user.organisation is not None
    return Action.objects.create(
        case=case,
        description="Huisbezoek",
        owner_organisation=user.organisation,
        deadline=dt.date(2030, 1, 1),
    )


# (url name, the object the page shows). Each form is opened and left without saving.
PARTNER_FORMS = ["contribution_add", "action_add", "document_upload", "action_update"]
COORDINATOR_FORMS = ["transition", "invite", "plan"]


def _form_url(name: str, case: Case, action: Action) -> tuple[str, str, str]:
    if name == "action_update":
        return reverse(f"cases:{name}", args=[case.pk, action.pk]), "action", str(action.pk)
    return reverse(f"cases:{name}", args=[case.pk]), "case", str(case.pk)


@pytest.mark.parametrize("name", PARTNER_FORMS)
def test_a_partner_opening_a_form_is_one_read(bob: User, name: str) -> None:
    case = case_for(bob)
    url, object_type, object_id = _form_url(name, case, _action(case, bob))
    before = audit_seq()
    assert verified_client(bob).get(url).status_code == 200
    [row] = audit_rows_after(before)
    assert (row.action, row.result, row.object_type, row.object_id) == (
        AuditAction.READ,
        AuditResult.GRANTED,
        object_type,
        object_id,
    )


@pytest.mark.parametrize("name", COORDINATOR_FORMS)
def test_a_partner_cannot_open_a_coordinator_form_and_that_is_a_denied_read(
    bob: User, name: str
) -> None:
    case = case_for(bob)
    url, _type, _id = _form_url(name, case, _action(case, bob))
    before = audit_seq()
    assert verified_client(bob).get(url).status_code == 404
    [row] = audit_rows_after(before)
    assert (row.action, row.result, row.object_id) == (
        AuditAction.READ,
        AuditResult.DENIED,
        str(case.pk),
    )


@pytest.mark.parametrize("name", COORDINATOR_FORMS)
def test_the_coordinator_opening_a_form_is_one_read(alice: User, bob: User, name: str) -> None:
    case = case_for(bob)
    url, _type, _id = _form_url(name, case, _action(case, bob))
    before = audit_seq()
    assert verified_client(alice).get(url).status_code == 200
    [row] = audit_rows_after(before)
    assert (row.action, row.result) == (AuditAction.READ, AuditResult.GRANTED)


def _contribute(client_user: User, case: Case, language: str) -> None:
    response = verified_client(client_user).post(
        reverse("cases:contribution_add", args=[case.pk]),
        {
            "text": "Synthetische inbreng.",
            "data_category": "care",
            "legal_basis": "wpg_16",
            "scope": "participants",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302, response.content


def test_saving_a_contribution_is_one_row_naming_the_contribution(bob: User) -> None:
    case = case_for(bob)
    before = audit_seq()
    _contribute(bob, case, "nl")
    [row] = audit_rows_after(before)
    item = Contribution.objects.get()
    assert (row.action, row.result, row.object_type, row.object_id, row.detail) == (
        AuditAction.CREATE,
        AuditResult.GRANTED,
        "contribution",
        str(item.pk),
        f"case:{case.pk}",
    )
    assert row.subject_person_id == case.subject_id


def test_refused_input_changes_nothing_and_is_one_row_for_the_attempt(bob: User) -> None:
    case = case_for(bob)
    action = _action(case, bob)
    before = audit_seq()
    response = verified_client(bob).post(
        reverse("cases:action_update", args=[case.pk, action.pk]), {"status": "done"}
    )
    assert response.status_code == 200  # the form again, with the error
    [row] = audit_rows_after(before)
    assert (row.action, row.object_type, row.object_id) == ("update", "action", str(action.pk))
    assert row.detail.split(";")[-1] == "invalid"
    action.refresh_from_db()
    assert action.status == "open"


_LANGUAGE_FREE = (
    "action",
    "result",
    "object_type",
    "role",
    "purpose",
    "channel",
    "organisation",
    "break_glass",
)


def test_the_ui_language_does_not_change_a_stored_row(bob: User) -> None:
    """Rows hold codes; labels are made when a row is shown, in the reader's language."""
    case = case_for(bob)
    rows = {}
    for language in ("nl", "en"):
        before = audit_seq()
        _contribute(bob, case, language)
        [row] = audit_rows_after(before)
        rows[language] = row
    nl, en = rows["nl"], rows["en"]
    assert [getattr(nl, f) for f in _LANGUAGE_FREE] == [getattr(en, f) for f in _LANGUAGE_FREE]
    assert nl.detail == en.detail == f"case:{case.pk}"
    # Every text column holds ASCII codes only: no translated word can have slipped in.
    for row in (nl, en):
        for field in ("action", "result", "object_type", "purpose", "detail"):
            assert getattr(row, field).isascii()


def test_the_subject_access_report_says_it_in_dutch_built_from_codes(bob: User) -> None:
    case = case_for(bob)
    _contribute(bob, case, "en")  # the writer's language does not matter
    with translation.override("nl"):
        report = subject_access_report_build(person_id=case.subject_id)
        assert report is not None
        sentences = [row.what for row in report.access_log]
    assert f"inbreng toegevoegd aan casus {case.reference}" in sentences
    assert f"casus {case.reference} aangemeld" in sentences
    with translation.override("en"):
        report = subject_access_report_build(person_id=case.subject_id)
        assert report is not None
        assert f"contribution added to case {case.reference}" in [r.what for r in report.access_log]


# Forms that show no personal data before they are filled in: opening them writes no row at all
# (nothing was read), and certainly no create or update.
EMPTY_FORMS = ["cases:register", "cases:break_glass", "signals:create"]


@pytest.mark.parametrize("name", EMPTY_FORMS)
def test_a_partner_opening_an_empty_form_writes_no_change(bob: User, name: str) -> None:
    before = audit_seq()
    assert verified_client(bob).get(reverse(name)).status_code == 200
    actions = {row.action for row in audit_rows_after(before)}
    assert actions <= {AuditAction.READ, AuditAction.LIST, AuditAction.SEARCH}
