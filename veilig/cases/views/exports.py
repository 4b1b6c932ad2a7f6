"""The case list as CSV or XLSX, with the list's filters (docs/exports.md).

The filters arrive in the query string as on the list (codes and ids); a search term never
does (it is personal data, and the list takes it by POST only), so a search result has no
export. ``access_case_list_export`` decides, writes the one export row and gives the ids.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.http import require_GET

from veilig.access.cases import access_case_list_export
from veilig.audit.context import audit_context_of
from veilig.cases.exports import case_export
from veilig.cases.selectors import case_list
from veilig.cases.views.lists import filter_form_of, filter_params, list_filters
from veilig.ui.exports import ExportFormat, export_response
from veilig.ui.views import personal_view


@personal_view
@require_GET
def case_export_view(request: HttpRequest, fmt: ExportFormat) -> HttpResponseBase:
    _form, cleaned = filter_form_of(request.GET)
    filters = list_filters(cleaned, "")
    codes = {name: value for name, value in filter_params(cleaned).items() if name != "sort"}
    ids = access_case_list_export(
        audit_context_of(request),
        fmt=fmt,
        filters=codes,
        narrow=lambda visible: case_list(visible=visible, filters=filters),
    )
    return export_response(case_export(ids), fmt)
