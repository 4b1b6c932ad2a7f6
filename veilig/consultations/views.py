"""The case tables' covenant pages: the annex "who sees what", as the code decides it, with the
rest of the covenant (members, legal bases, chair, rhythm, retention, informing the subject)
and a signature block per member; as a page and as a PDF of the same content.

For functional administrators and process directors; everyone else gets 404 (and a denied row),
anonymous visitors the sign-in page. The choke points are in ``veilig.access.tables``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veilig.access.tables import TableMatrix, access_table_list, access_table_matrix
from veilig.audit.context import audit_context_of
from veilig.cases.vocabulary import DataCategory
from veilig.ui.pdf import render_pdf
from veilig.ui.views import personal_view


@require_GET
@login_required
def table_list(request: HttpRequest) -> HttpResponse:
    tables = access_table_list(audit_context_of(request))
    context = {
        "rows": list(tables),
        "may_configure": request.user.has_perm("cases.change_table"),
    }
    return render(request, "consultations/table_list.html", context)


def _covenant_context(matrix: TableMatrix) -> dict[str, Any]:
    return {
        "matrix": matrix,
        "columns": [(code, DataCategory(code).label) for code in matrix.categories],
        "representatives": list(
            matrix.table.representatives.select_related("organisation").order_by(
                "organisation__name", "last_name", "username"
            )
        ),
    }


@require_GET
@login_required
def table_matrix(request: HttpRequest, table_id: int) -> HttpResponse:
    matrix = access_table_matrix(audit_context_of(request), table_id)
    context = _covenant_context(matrix)
    context["may_configure"] = request.user.has_perm("cases.change_table")
    return render(request, "consultations/table_matrix.html", context)


@personal_view
@require_GET
def table_matrix_pdf(request: HttpRequest, table_id: int) -> HttpResponse:
    """The same covenant as a PDF, for the signatories (same access rule, its own read row)."""
    matrix = access_table_matrix(audit_context_of(request), table_id, pdf=True)
    made = timezone.localtime()
    context = _covenant_context(matrix)
    context["title"] = _("Covenant annex: %(name)s") % {"name": matrix.table.name}
    context["footer"] = _("%(name)s, made on %(date)s") % {
        "name": matrix.table.name,
        "date": made.strftime("%d-%m-%Y %H:%M"),
    }
    pdf = render_pdf("consultations/table_matrix_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    day = made.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="convenant-tafel-{table_id}-{day}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
