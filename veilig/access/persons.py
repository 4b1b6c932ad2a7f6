"""THE choke point for persons in the registry, as casework sees them: a person, and the
process director's work on the records themselves (possible duplicates, merges).

What a person page shows depends on the viewer (``policy.may_see_person_record``): the record
itself only to a process director who may see every case of the person, to everyone else only
what was registered with the cases they may see (docs/access-model.md, "Persons").
"""

from __future__ import annotations

from typing import Literal

from django.db.models import QuerySet

from veilig.access import policy
from veilig.access.base import PendingChange, Row, acting_user, decide, refuse
from veilig.access.flags import flagged_context
from veilig.access.needs import Purpose
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.registry.models import Person, PersonMerge

MERGE = "person_merge"


def access_person(
    context: AuditContext, person_id: int, *, purpose: str = Purpose.CASEWORK
) -> Person:
    """A person is visible to whoever may see at least one of their cases.

    The read is flagged when every case through which the person is visible is one the user
    sees only through break-the-glass; it then names those grants.
    """
    user = acting_user(context)
    person = Person.objects.filter(pk=person_id).first()
    cases = policy.cases_visible_to(user).filter(subject_id=person_id)
    # Evaluated for a missing person too: the same queries as for one that is refused.
    visible_case_ids = set(cases.values_list("pk", flat=True))
    granted = person is not None and bool(visible_case_ids)
    acting = context.acting(role=policy.case_role(user), purpose=purpose)
    detail = ""
    if granted:
        grants = policy.break_glass_grants_for(user, cases)
        if set(grants) == visible_case_ids:
            acting, detail = flagged_context(acting, detail, grants.values())
    row = Row(
        action=AuditAction.READ,
        object_type="person",
        object_id=person_id,
        subject_person_id=person_id if person is not None else None,
        detail=detail,
    )
    return decide(context=acting, found=person, granted=granted, row=row)


# --- The records themselves: process direction only -----------------------------------------


def _directs(user: User) -> bool:
    return policy.case_role(user) == Role.COORDINATOR.value


def access_person_duplicates(context: AuditContext) -> QuerySet[Person]:
    """The persons whose records the process director may compare: one list row."""
    user = acting_user(context)
    acting = context.acting(role=policy.case_role(user), purpose=Purpose.CASEWORK)
    row = Row(AuditAction.LIST, "person", detail="duplicates")
    found = policy.persons_fully_visible_to(user)
    return decide(context=acting, found=found, granted=_directs(user), row=row)


def _pair(context: AuditContext, first_id: int, second_id: int) -> tuple[Person, Person] | None:
    """Two different persons whose every case the process director may see, else None."""
    user = acting_user(context)
    # Both ids are looked up in one query, whether or not they exist: the same cost either way.
    persons = {
        p.pk: p for p in policy.persons_fully_visible_to(user).filter(pk__in=[first_id, second_id])
    }
    first, second = persons.get(first_id), persons.get(second_id)
    if not _directs(user) or first is None or second is None or first_id == second_id:
        return None
    return first, second


def access_person_pair(
    context: AuditContext, first_id: int, second_id: int
) -> tuple[Person, Person]:
    """Two records side by side, before a merge: one read row, naming both."""
    pair = _pair(context, first_id, second_id)
    acting = context.acting(role=policy.case_role(acting_user(context)), purpose=Purpose.CASEWORK)
    row = Row(
        AuditAction.READ,
        "person",
        first_id,
        subject_person_id=pair[0].pk if pair else None,
        detail=f"merge-preview;person:{second_id}",
    )
    return decide(context=acting, found=pair, granted=pair is not None, row=row)


def access_person_merge_create(
    context: AuditContext, *, survivor_id: int, absorbed_id: int
) -> tuple[Person, Person, PendingChange]:
    """Check a merge of ``absorbed`` into ``survivor``; its row is written with the merge."""
    pair = _pair(context, survivor_id, absorbed_id)
    acting = context.acting(role=policy.case_role(acting_user(context)), purpose=Purpose.CASEWORK)
    row = Row(
        AuditAction.CREATE,
        MERGE,
        subject_person_id=pair[0].pk if pair else None,
        detail=f"person:{absorbed_id}",
    )
    if pair is None:
        refuse(context=acting, row=row)
    return pair[0], pair[1], PendingChange(context=acting, row=row)


def _merge_decision(context: AuditContext, merge_id: int) -> tuple[PersonMerge | None, bool]:
    """A merge, and whether the user may handle it: process direction, no case hidden."""
    user = acting_user(context)
    merge = PersonMerge.objects.select_related("survivor", "absorbed").filter(pk=merge_id).first()
    stand_in = merge or PersonMerge(survivor=Person(pk=0), absorbed=Person(pk=0))
    hidden = policy.persons_with_hidden_cases(user).filter(
        pk__in=[stand_in.survivor_id, stand_in.absorbed_id]
    )
    granted = _directs(user) and merge is not None and not hidden.exists()
    return merge, granted


def _merge_row(action: AuditAction, merge_id: int, merge: PersonMerge | None, code: str) -> Row:
    detail = f"{code};person:{merge.absorbed_id}" if merge is not None else code
    return Row(
        action,
        MERGE,
        merge_id,
        subject_person_id=merge.survivor_id if merge is not None else None,
        detail=detail.strip(";"),
    )


def access_person_merge(context: AuditContext, merge_id: int) -> PersonMerge:
    """A merge, to show what it moved and to undo or confirm it: one read row."""
    merge, granted = _merge_decision(context, merge_id)
    acting = context.acting(role=policy.case_role(acting_user(context)), purpose=Purpose.CASEWORK)
    row = _merge_row(AuditAction.READ, merge_id, merge, "")
    return decide(context=acting, found=merge, granted=granted, row=row)


def access_person_merge_change(
    context: AuditContext, merge_id: int, *, decision: Literal["undo", "confirm"]
) -> tuple[PersonMerge, PendingChange]:
    """Check undoing or confirming a merge; its row is written with the change."""
    merge, granted = _merge_decision(context, merge_id)
    acting = context.acting(role=policy.case_role(acting_user(context)), purpose=Purpose.CASEWORK)
    row = _merge_row(AuditAction.UPDATE, merge_id, merge, decision)
    if not granted or merge is None:
        refuse(context=acting, row=row)
    return merge, PendingChange(context=acting, row=row)
