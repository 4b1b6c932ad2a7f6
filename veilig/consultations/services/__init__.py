"""Services write the case tables' configuration and the consultations; each write is checked
through ``veilig.access`` and audited."""

from veilig.consultations.services.agenda import (
    agenda_current,
    agenda_item_add,
    agenda_item_move,
    agenda_publish,
    agenda_refresh,
    discussion_flag,
)
from veilig.consultations.services.meetings import (
    attendance_record,
    meeting_cancel,
    meeting_hold,
    meeting_schedule,
    statement_accept,
)
from veilig.consultations.services.minutes import decision_add, meeting_action_add, minutes_write
from veilig.consultations.services.tables import (
    table_member_add,
    table_member_change,
    table_member_organisations_set,
    table_member_remove,
    table_representative_add,
    table_representative_remove,
    table_representatives_set,
    table_save,
    table_theme_change_refusal,
)
from veilig.consultations.services.triage import (
    subject_informing_record,
    triage_decide,
    triage_session_of,
)

__all__ = [
    "agenda_current",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_publish",
    "agenda_refresh",
    "attendance_record",
    "decision_add",
    "discussion_flag",
    "meeting_action_add",
    "meeting_cancel",
    "meeting_hold",
    "meeting_schedule",
    "minutes_write",
    "statement_accept",
    "subject_informing_record",
    "table_member_add",
    "table_member_change",
    "table_member_organisations_set",
    "table_member_remove",
    "table_representative_add",
    "table_representative_remove",
    "table_representatives_set",
    "table_save",
    "table_theme_change_refusal",
    "triage_decide",
    "triage_session_of",
]
