"""The case tables' access matrices: the covenant's annex "who sees what", as the code decides it.

For functional administrators and process directors; everyone else gets 404 (and a denied row),
anonymous visitors the sign-in page. The choke points are in ``veilig.access.tables``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from veilig.access.tables import access_table_list, access_table_matrix
from veilig.audit.context import audit_context_of
from veilig.cases.vocabulary import DataCategory


@require_GET
@login_required
def table_list(request: HttpRequest) -> HttpResponse:
    tables = access_table_list(audit_context_of(request))
    labels = dict(DataCategory.choices)
    context = {
        "rows": [(table, [labels.get(c, c) for c in table.data_categories]) for table in tables],
        "may_configure": request.user.has_perm("cases.change_table"),
    }
    return render(request, "consultations/table_list.html", context)


@require_GET
@login_required
def table_matrix(request: HttpRequest, table_id: int) -> HttpResponse:
    matrix = access_table_matrix(audit_context_of(request), table_id)
    context = {
        "matrix": matrix,
        "columns": [(code, DataCategory(code).label) for code in matrix.categories],
        "may_configure": request.user.has_perm("cases.change_table"),
    }
    return render(request, "consultations/table_matrix.html", context)
