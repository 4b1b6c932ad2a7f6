"""What the consultations do when casework tells them something, and what they add to its pages
(``veilig.cases.hooks``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from veilig.access.meetings import is_director
from veilig.accounts.requests import signed_in_user
from veilig.cases.hooks import action_changed, case_page_panels
from veilig.cases.models import Action, Case
from veilig.cases.vocabulary import FINAL_STATUSES
from veilig.consultations.selectors.pages import next_item_of_case
from veilig.consultations.services.agenda import next_agenda_refresh


def action_to_agenda(sender: object, *, action: Action, **kwargs: Any) -> None:
    """An action due by its table's next meeting goes on that agenda at once."""
    if action.case.table_id is not None:
        next_agenda_refresh(table_id=action.case.table_id)


def _case_panel(
    sender: object, *, request: HttpRequest, case: Case, may_contribute: bool, **kwargs: Any
) -> str:
    """For participants of a case at a table: its next agenda item (one query) and the button
    to put it on the next meeting's agenda."""
    if case.table_id is None or not may_contribute:
        return ""
    user = signed_in_user(request)
    item = next_item_of_case(case=case)
    context = {
        "case": case,
        "item": item,
        "may_flag": item is None and case.status not in FINAL_STATUSES,
        "link": item is not None and is_director(user),
    }
    return render_to_string("consultations/meetings/_case_panel.html", context, request=request)


def connect() -> None:
    case_page_panels.connect(_case_panel, dispatch_uid="veilig_consultations_case_panel")
    # An action due by the next meeting of its table is put on that agenda by itself.
    action_changed.connect(action_to_agenda, dispatch_uid="consultations-action-to-agenda")
