"""What the consultations do when casework tells them something (``veilig.cases.hooks``)."""

from __future__ import annotations

from typing import Any

from veilig.cases.models import Action
from veilig.consultations.services.agenda import agenda_refresh, next_meeting


def action_to_agenda(sender: object, *, action: Action, **kwargs: Any) -> None:
    """An action due by its table's next meeting goes on that agenda at once."""
    table_id = action.case.table_id
    if table_id is None:
        return
    following = next_meeting(table_id=table_id)
    if following is not None:
        agenda_refresh(meeting=following)
