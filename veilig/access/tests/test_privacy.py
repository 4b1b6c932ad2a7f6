"""The privacy officer's choke points: the role is checked first, and each call writes one row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from veilig.access.errors import NotFound
from veilig.access.privacy import (
    PersonCriteria,
    access_break_glass_queue,
    access_break_glass_review,
    access_chain_verification,
    access_person_log,
    access_person_search,
    access_person_search_form,
    access_subject_access,
    access_user_log,
)
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry, AuditResult
from veilig.testing.casework import synthetic_person

pytestmark = pytest.mark.django_db

CALLS: dict[str, Callable[[AuditContext], Any]] = {
    "search_form": access_person_search_form,
    "search": lambda c: access_person_search(c, criteria=PersonCriteria(name="Jansen")),
    "person_log": lambda c: access_person_log(c, person_id=1, since=None, until=None),
    "user_log": lambda c: access_user_log(c, user_id=1, since=None, until=None),
    "queue": access_break_glass_queue,
    "review": lambda c: access_break_glass_review(c, grant_id=1),
    "chain": access_chain_verification,
    "subject_access": lambda c: access_subject_access(
        c, person_id=1, report_format="pdf", with_names=False
    ),
}


@pytest.mark.parametrize("name", list(CALLS))
@pytest.mark.parametrize("who", ["nobody", "bob"])
def test_refused_without_the_role_with_one_denied_row(
    request: pytest.FixtureRequest, name: str, who: str
) -> None:
    user: User | None = None if who == "nobody" else request.getfixturevalue(who)
    with pytest.raises(NotFound):
        CALLS[name](AuditContext.for_command(user))
    row = AuditEntry.objects.get()
    assert (row.result, row.object_type, row.subject_person_id) == (
        AuditResult.DENIED,
        "access_log",
        None,
    )


def test_a_search_names_kinds_and_hits_never_terms(frank: User) -> None:
    person = synthetic_person(first_name="Zoë", last_name="Zoeker")
    found = access_person_search(
        AuditContext.for_command(frank), criteria=PersonCriteria(name="zoeker")
    )
    assert found == [person]
    row = AuditEntry.objects.get()
    assert (row.detail, row.subject_person_id, row.role) == (
        "search:naam:1",
        person.pk,
        "privacy_officer",
    )


def test_a_missing_person_has_no_report(frank: User) -> None:
    with pytest.raises(NotFound):
        access_subject_access(
            AuditContext.for_command(frank), person_id=4242, report_format="html", with_names=True
        )
    row = AuditEntry.objects.get()
    assert (row.result, row.detail, row.object_id) == (
        AuditResult.DENIED,
        "subject-access:html:names",
        "4242",
    )
