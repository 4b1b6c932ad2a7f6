"""THE choke point for persons in the registry, as casework sees them."""

from __future__ import annotations

from veilig.access import policy
from veilig.access.base import Row, acting_user, decide
from veilig.access.flags import flagged_context
from veilig.access.needs import Purpose
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.registry.models import Person


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
