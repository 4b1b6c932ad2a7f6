"""Refused attempts on the actions of a plan leave one 'denied' row, like every other refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditResult
from veilig.cases.models import Action, Case
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


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_action_on_the_page_is_refused_with_a_row(bob: User, method: str) -> None:
    case = case_for(bob)
    url = reverse("cases:action_update", args=[case.pk, 987_654])
    before = audit_seq()
    client = verified_client(bob)
    response = getattr(client, method)(url, {"status": "done", "result": "Gedaan."})
    assert response.status_code == 404
    [row] = audit_rows_after(before)
    assert (row.result, row.object_type, row.object_id, row.detail) == (
        AuditResult.DENIED,
        "action",
        "987654",
        f"case:{case.pk}",
    )


def test_an_action_of_another_case_on_the_page_is_refused_with_a_row(bob: User) -> None:
    case, other = case_for(bob), case_for(bob)
    action = _action(other, bob)
    before = audit_seq()
    url = reverse("cases:action_update", args=[case.pk, action.pk])
    assert verified_client(bob).get(url).status_code == 404
    [row] = audit_rows_after(before)
    assert (row.result, row.object_id, row.detail) == (
        AuditResult.DENIED,
        str(action.pk),
        f"case:{case.pk}",
    )


def test_an_unknown_action_in_the_api_is_refused_with_a_row(bob: User) -> None:
    before = audit_seq()
    response = verified_client(bob).patch(
        reverse("api:action-detail", args=[987_654]),
        {"status": "done", "result": "Gedaan."},
        content_type="application/json",
    )
    assert response.status_code == 404
    [row] = audit_rows_after(before)
    assert (row.result, row.channel, row.object_type, row.object_id, row.detail) == (
        AuditResult.DENIED,
        "api",
        "action",
        "987654",
        "",
    )


def test_a_known_action_is_one_granted_row(bob: User) -> None:
    case = case_for(bob)
    action = _action(case, bob)
    before = audit_seq()
    url = reverse("cases:action_update", args=[case.pk, action.pk])
    assert verified_client(bob).get(url).status_code == 200
    [row] = audit_rows_after(before)
    # Opening the form is a read of the action it shows, not an update.
    assert (row.result, row.action, row.object_type, row.object_id, row.detail) == (
        AuditResult.GRANTED,
        AuditAction.READ,
        "action",
        str(action.pk),
        f"case:{case.pk}",
    )
