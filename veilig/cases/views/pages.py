"""Reading pages: a case, a person, and the download of a document."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from veilig.access.cases import access_case, access_document
from veilig.access.persons import access_person
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.cases.forms import SCOPE_EXPLANATIONS
from veilig.cases.hooks import case_page_panels
from veilig.cases.models import Case
from veilig.cases.selectors import case_overview, person_view
from veilig.cases.services import case_visit_record
from veilig.registry.crypto import decrypt
from veilig.ui.views import personal_view


@personal_view
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    context = audit_context_of(request)
    case = access_case(context, case_id)
    # Taken before the page is read: whatever is added meanwhile is still new at the next visit.
    seen_at = timezone.now()
    overview = case_overview(user=user, case=case)
    case_visit_record(context=context, case=case, at=seen_at)
    groups = [
        (group.scope.label, SCOPE_EXPLANATIONS[group.scope], group.items)
        for group in overview.contribution_groups
    ]
    answers = case_page_panels.send(
        sender=Case, request=request, case=case, may_contribute=overview.may_contribute
    )
    panels = [html for _receiver, html in answers if html]
    page = {"case": case, "overview": overview, "contribution_groups": groups, "panels": panels}
    return render(request, "cases/detail.html", page)


def _masked_bsn(encrypted: str) -> str:
    """Only the last three digits, e.g. ``******782``."""
    plain = decrypt(encrypted)
    return "*" * (len(plain) - 3) + plain[-3:]


@personal_view
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    person = access_person(audit_context_of(request), person_id)
    view = person_view(user=user, person=person)
    show_bsn = view.record and bool(person.bsn_encrypted)
    context = {
        "person": view,
        "masked_bsn": _masked_bsn(person.bsn_encrypted) if show_bsn else "",
    }
    return render(request, "cases/person.html", context)


@personal_view
@require_GET
def document_download(request: HttpRequest, document_id: int) -> HttpResponseBase:
    """Served only as an attachment, with the type recorded at upload, never sniffed."""
    document = access_document(audit_context_of(request), document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
