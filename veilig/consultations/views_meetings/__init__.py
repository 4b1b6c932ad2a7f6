"""The meeting pages (HTML): the list, scheduling, a meeting with its agenda and attendance,
an agenda item in the meeting view, and the flag from the case page."""

from veilig.consultations.views_meetings.flag import discussion_flag_view
from veilig.consultations.views_meetings.item import (
    action_view,
    decision_view,
    item_detail,
    minutes_view,
)
from veilig.consultations.views_meetings.lists import meeting_list, meeting_schedule_view
from veilig.consultations.views_meetings.meeting import meeting_detail
from veilig.consultations.views_meetings.meeting_changes import (
    agenda_add_view,
    agenda_move_view,
    agenda_publish_view,
    attendance_view,
    meeting_cancel_view,
    meeting_hold_view,
    statement_view,
)

__all__ = [
    "action_view",
    "agenda_add_view",
    "agenda_move_view",
    "agenda_publish_view",
    "attendance_view",
    "decision_view",
    "discussion_flag_view",
    "item_detail",
    "meeting_cancel_view",
    "meeting_detail",
    "meeting_hold_view",
    "meeting_list",
    "meeting_schedule_view",
    "minutes_view",
    "statement_view",
]
