"""A refused signal leaves nothing behind: no registry person is created before the checks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.registry.models import Person
from veilig.signals.models import Category, Signal
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db


def _form(**extra: str) -> dict[str, object]:
    return {
        "category": Category.objects.get(code="overlast-jeugd").pk,
        "description": "Groep jongeren bij de speeltuin.",
        "occurred_at": "2025-01-10T21:15",
        "location_method": "kaart",
        "source": "wijkteam",
        "person_first_name": "Testpersoon",
        "person_last_name": "Voorbeeld",
        **extra,
    }


def test_a_refused_signal_creates_no_person(teams, carol: User) -> None:
    client = verified_client(carol)
    before = AuditEntry.objects.count()
    # A point outside the partnership's area: the service refuses the signal.
    response = client.post(reverse("signals:create"), _form(lat="53.5", lon="6.9"))
    assert response.status_code == 400
    assert not Signal.objects.exists()
    assert not Person.objects.exists()
    assert AuditEntry.objects.count() == before  # nothing stored, nothing read


def test_a_stored_signal_names_the_new_person_in_its_row(teams, carol: User) -> None:
    client = verified_client(carol)
    response = client.post(reverse("signals:create"), _form(lat="53.217", lon="6.562"))
    assert response.status_code == 302
    person = Person.objects.get()
    signal = Signal.objects.get()
    assert list(signal.persons.all()) == [person]
    row = AuditEntry.objects.order_by("-seq").first()
    assert row is not None
    assert (row.object_type, row.subject_person_id) == ("signal", person.pk)
