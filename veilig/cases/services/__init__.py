"""Services write cases; each write is checked through ``veilig.access`` and audited."""

from veilig.cases.services.break_glass import (
    break_glass_open,
    break_glass_reason_problem,
    break_glass_review,
)
from veilig.cases.services.merge import (
    person_merge,
    person_merge_confirm,
    person_merge_undo,
)
from veilig.cases.services.register import case_register, case_register_new_person
from veilig.cases.services.visits import case_visit_record
from veilig.cases.services.work import (
    action_add,
    action_make,
    action_update,
    case_refuse_when_final,
    case_transition,
    contribution_add,
    document_upload,
    participant_invite,
    plan_set,
    transition_apply,
)

__all__ = [
    "action_add",
    "action_make",
    "action_update",
    "break_glass_open",
    "break_glass_reason_problem",
    "break_glass_review",
    "case_refuse_when_final",
    "case_register",
    "case_register_new_person",
    "case_transition",
    "case_visit_record",
    "contribution_add",
    "document_upload",
    "participant_invite",
    "person_merge",
    "person_merge_confirm",
    "person_merge_undo",
    "plan_set",
    "transition_apply",
]
