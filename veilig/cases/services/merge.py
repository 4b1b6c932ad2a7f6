"""Merging two records of one person, reversible until confirmed (docs/casework.md).

The process director merges ``absorbed`` into ``survivor``: the absorbed record's cases move
to the survivor here, its addresses, relations and missing identifiers in the registry
(``registry.services.person_merge_apply``); the ``PersonMerge`` keeps the ids of what moved.
Undoing moves exactly that back; confirming makes it final. Each is one audit row with ids only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from veilig.access.base import acting_user
from veilig.access.persons import (
    access_person_merge_change,
    access_person_merge_create,
)
from veilig.audit.context import AuditContext
from veilig.cases.models import Case
from veilig.registry.models import MergeStatus, PersonMerge
from veilig.registry.services import (
    person_merge_apply,
    person_merge_finalise,
    person_merge_problem,
    person_merge_revert,
)


def person_merge(*, context: AuditContext, survivor_id: int, absorbed_id: int) -> PersonMerge:
    """Merge two records (both seen in full by the process director); pending until confirmed."""
    survivor, absorbed, pending = access_person_merge_create(
        context, survivor_id=survivor_id, absorbed_id=absorbed_id
    )
    with pending.recorded():
        problem = person_merge_problem(survivor=survivor, absorbed=absorbed)
        if problem:
            raise ValidationError(problem)
        cases = Case.objects.select_for_update().filter(subject=absorbed).order_by("pk")
        case_ids = list(cases.values_list("pk", flat=True))
        Case.objects.filter(pk__in=case_ids).update(subject=survivor)
        merge = person_merge_apply(
            survivor=survivor,
            absorbed=absorbed,
            case_ids=case_ids,
            merged_by_id=acting_user(context).pk,
        )
        pending.object_id = merge.pk
    return merge


def _locked_pending(merge_id: int) -> PersonMerge:
    merge = PersonMerge.objects.select_for_update().get(pk=merge_id)
    if merge.status != MergeStatus.PENDING:
        raise ValidationError(_("This merge has already been undone or confirmed."))
    return merge


def person_merge_undo(*, context: AuditContext, merge_id: int) -> PersonMerge:
    """Move back exactly what the merge moved; the two records are two again."""
    checked, pending = access_person_merge_change(context, merge_id, decision="undo")
    with pending.recorded():
        merge = _locked_pending(checked.pk)
        # A case registered for the survivor while the merge was pending stays there.
        Case.objects.filter(pk__in=merge.moved["cases"], subject_id=merge.survivor_id).update(
            subject_id=merge.absorbed_id
        )
        person_merge_revert(merge=merge, decided_by_id=acting_user(context).pk)
    return merge


def person_merge_confirm(*, context: AuditContext, merge_id: int) -> PersonMerge:
    """Make the merge final: it can no longer be undone."""
    checked, pending = access_person_merge_change(context, merge_id, decision="confirm")
    with pending.recorded():
        merge = _locked_pending(checked.pk)
        person_merge_finalise(merge=merge, decided_by_id=acting_user(context).pk)
    return merge
