"""A refused signal leaves nothing behind: no registry person is created before the checks, and
every person a stored signal created is named in its one audit row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from veilig.access.errors import NotFound
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.registry.models import Person
from veilig.signals.models import Category, Signal
from veilig.signals.services import NamedPerson
from veilig.signals.tests.conftest import make_signal
from veilig.testing.casework import synthetic_person
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


def test_a_user_without_a_signal_role_creates_no_person_and_leaves_one_denied_row(
    teams, dave: User
) -> None:
    client = verified_client(dave)
    before = AuditEntry.objects.count()
    response = client.post(reverse("signals:create"), _form(lat="53.217", lon="6.562"))
    assert response.status_code == 404
    assert not Signal.objects.exists()
    assert not Person.objects.exists()
    [row] = AuditEntry.objects.order_by("seq")[before:]
    assert (row.action, row.object_type, row.result) == ("create", "signal", "denied")


def test_the_service_decides_on_access_before_it_creates_a_person(teams, dave: User) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(NotFound):
        make_signal(dave, named_persons=[NamedPerson(first_name="Test", last_name="Persoon")])
    assert not Person.objects.exists()
    assert AuditEntry.objects.count() == before + 1


def test_every_person_of_a_stored_signal_is_named_in_its_row(teams, carol: User) -> None:
    known = synthetic_person()
    signal = make_signal(
        carol,
        persons=[known],
        named_persons=[NamedPerson(first_name="Nieuw", last_name="Persoon")],
    )
    created = Person.objects.exclude(pk=known.pk).get()
    row = AuditEntry.objects.filter(object_type="signal", object_id=str(signal.pk)).get()
    assert row.subject_person_id == known.pk
    assert row.detail.split(";") == [
        f"routed:{signal.routed_by_id or '-'}",
        f"persons:{created.pk}",
    ]
    assert row.actor == carol and row.purpose == "signals"


def test_a_signal_of_the_platform_itself_needs_no_reporter(teams) -> None:
    """Only a context of channel 'system' without an actor: a command without a user may not."""
    with pytest.raises(NotFound):
        make_signal(None, context=AuditContext.for_command(None))
    assert make_signal(None).reported_by is None
