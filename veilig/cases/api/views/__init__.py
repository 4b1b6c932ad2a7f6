"""Views of the casework API: parse, call ONE access function or ONE service, render.

- Reads open their object through ``veilig.access.cases`` (``access_case`` and friends), which
  returns it or raises Http404 and writes exactly one audit row, granted or denied.
- Writes call only the service (``veilig.cases.services``), which does its own access check and
  writes the audit row; a view never checks access itself, so one request = one audit row.
- Input that does not parse is answered with 400 before anything is opened (and so not logged:
  no personal data was touched). A Django ``ValidationError`` from a service becomes a 400 with
  its messages. Denied and unknown objects both answer 404.
"""

from veilig.cases.api.views.cases import CaseDetailView, CaseListView, CaseSearchView
from veilig.cases.api.views.reads import BreakGlassView, ContributionDetailView, PersonDetailView
from veilig.cases.api.views.work import (
    ActionUpdateView,
    CaseActionsView,
    CaseContributionsView,
    CaseDocumentsView,
    CaseParticipantsView,
    CasePlanView,
    CaseTransitionView,
    DocumentDownloadView,
)

__all__ = [
    "ActionUpdateView",
    "BreakGlassView",
    "CaseActionsView",
    "CaseContributionsView",
    "CaseDetailView",
    "CaseDocumentsView",
    "CaseListView",
    "CaseParticipantsView",
    "CasePlanView",
    "CaseSearchView",
    "CaseTransitionView",
    "ContributionDetailView",
    "DocumentDownloadView",
    "PersonDetailView",
]
