"""The workflow forms of a signal page: a refusal is shown at its field, with the error summary,
on the page shown again (no longer as a loose message after a redirect)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.signals.models import Team
from veilig.signals.services import signal_transition
from veilig.signals.tests.conftest import make_signal
from veilig.signals.vocabulary import SignalStatus
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db


def test_reopening_without_a_note_is_refused_at_the_note(
    teams: dict[str, Team], carol: User
) -> None:
    signal = make_signal(None)
    for status in (SignalStatus.IN_PROGRESS, SignalStatus.CLOSED):
        signal_transition(
            context=AuditContext.for_command(carol), signal_id=signal.pk, to_status=status
        )
    response = verified_client(carol).post(
        reverse("signals:status", args=[signal.pk]), {"status": SignalStatus.IN_PROGRESS}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_note-error"' in html and 'href="#id_note"' in html
    assert 'id="form-errors"' in html
    # The status select offers the one allowed move, named as a reopening.
    select = html.split('name="status"', 1)[1].split("</select>", 1)[0]
    assert select.count("<option") == 1 and "Reopen" in select
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED


def test_an_unknown_case_reference_is_refused_at_the_field(
    teams: dict[str, Team], alice: User
) -> None:
    signal = make_signal(None)
    url = reverse("signals:link_case", args=[signal.pk])
    client = verified_client(alice)
    for data in ({"reference": "ZVH-2000-99999"}, {"reference": ""}):
        response = client.post(url, data)
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="id_reference-error"' in html and 'href="#id_reference"' in html
    signal.refresh_from_db()
    assert signal.case_id is None


def test_a_valid_status_change_still_goes_back_to_the_page(
    teams: dict[str, Team], carol: User
) -> None:
    signal = make_signal(None)
    response = verified_client(carol).post(
        reverse("signals:status", args=[signal.pk]), {"status": SignalStatus.IN_PROGRESS}
    )
    assert response.status_code == 302
    page = verified_client(carol).get(response["Location"]).content.decode()
    assert 'id="form-errors"' not in page
