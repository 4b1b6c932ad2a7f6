"""HTML views of the casework. They parse and render; ``veilig.access`` opens, services write."""

from veilig.cases.views.direction import participant_invite_view, plan_view, transition_view
from veilig.cases.views.exports import case_export_view
from veilig.cases.views.lists import case_list_view
from veilig.cases.views.pages import case_detail, document_download, person_detail
from veilig.cases.views.persons import (
    duplicates_view,
    merge_confirm_view,
    merge_detail_view,
    merge_undo_view,
    merge_view,
)
from veilig.cases.views.registration import break_glass_view, register_view
from veilig.cases.views.work import (
    action_add_view,
    action_update_view,
    contribution_add_view,
    document_upload_view,
)

__all__ = [
    "action_add_view",
    "action_update_view",
    "break_glass_view",
    "case_detail",
    "case_export_view",
    "case_list_view",
    "contribution_add_view",
    "document_download",
    "document_upload_view",
    "duplicates_view",
    "merge_confirm_view",
    "merge_detail_view",
    "merge_undo_view",
    "merge_view",
    "participant_invite_view",
    "person_detail",
    "plan_view",
    "register_view",
    "transition_view",
]
