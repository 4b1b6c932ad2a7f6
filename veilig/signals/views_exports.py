"""Signal lists and a team's early signals as CSV or XLSX (docs/exports.md).

Each view parses the list's filters as its page does, lets its choke point decide and write the
one export row (which gives the ids), and writes the file. The filters travel in the query
string: codes and ids, never personal data.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.http import require_GET

from veilig.access.signals import (
    access_signal_list_export,
    access_team_early_signal_export,
    access_team_signal_export,
)
from veilig.audit.context import audit_context_of
from veilig.signals.exports import early_signal_export, signal_export
from veilig.signals.forms import ListFilterForm
from veilig.signals.selectors import early_signals_for_team, open_signals_by_deadline, signal_list
from veilig.ui.exports import ExportFormat, export_response
from veilig.ui.views import personal_view


@personal_view
@require_GET
def signal_list_export(request: HttpRequest, fmt: ExportFormat) -> HttpResponseBase:
    """The signal list (``/signalen/``) with its filters: category and open only."""
    form = ListFilterForm(request.GET or None)
    category, open_only = None, False
    if form.is_valid():
        category = form.cleaned_data["category"]
        open_only = form.cleaned_data["open"]
    ids = access_signal_list_export(
        audit_context_of(request),
        fmt=fmt,
        filters=form.filter_codes(),
        narrow=lambda visible: signal_list(visible, open_only=open_only, category=category),
    )
    return export_response(signal_export(ids), fmt)


@personal_view
@require_GET
def team_signal_export(request: HttpRequest, team_id: int, fmt: ExportFormat) -> HttpResponseBase:
    """The team page's open signals, earliest deadline first: all of them (the page shows the
    first 100). The page's filters (category, period) are the map's, not the table's."""
    team, ids = access_team_signal_export(
        audit_context_of(request),
        team_id,
        fmt=fmt,
        narrow=lambda visible, team: open_signals_by_deadline(visible, area=team.area.code),
    )
    return export_response(signal_export(ids, basename=f"open-signalen-team-{team.pk}"), fmt)


@personal_view
@require_GET
def team_early_signal_export(
    request: HttpRequest, team_id: int, fmt: ExportFormat
) -> HttpResponseBase:
    """The team page's early signals: all of them (the page shows the first 50)."""
    team, ids = access_team_early_signal_export(
        audit_context_of(request), team_id, fmt=fmt, narrow=early_signals_for_team
    )
    return export_response(early_signal_export(ids, basename=f"vroegsignalen-team-{team.pk}"), fmt)
