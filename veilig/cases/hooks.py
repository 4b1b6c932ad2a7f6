"""Hooks by which apps above casework hear of a case registered from one of their records.

Casework may not import those apps (the layers of ``.importlinter``); they connect a receiver
here instead, in their ``AppConfig.ready``. The registration view sends ``case_registered_from``
after the case is stored, with:

- ``origin``: the kind of record it was registered from (``ORIGIN_EARLY_SIGNAL``),
- ``origin_id``: its id, as given to the form (the receiver opens it through its choke point),
- ``context``: the request's ``AuditContext``, and ``case``: the case just registered.

A receiver that refuses raises ``NotFound``; the case stays registered (it is the user's own).

``action_changed`` is sent inside the transaction of every stored action (added or updated),
with ``action``: the consultations put an action that is due or overdue on its table's next
agenda by themselves.
"""

from __future__ import annotations

from django.dispatch import Signal

ORIGIN_EARLY_SIGNAL = "early_signal"

case_registered_from = Signal()
action_changed = Signal()

# The case page asks the apps above casework for a panel of their own (HTML they render from
# their own templates, or ""), with ``request``, ``case`` and ``may_contribute``; e.g. the
# consultations app's "discuss at the next meeting" button and the case's next agenda item.
# A receiver must stay cheap: the case page has a query budget.
case_page_panels = Signal()
