"""The chain verification page: the verdict on the whole log and its last anchor."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from veilig.access.privacy import access_chain_verification
from veilig.audit.context import audit_context_of
from veilig.audit.services import audit_verification_record
from veilig.privacy.labels import chain_finding_label
from veilig.ui.views import personal_view


@personal_view
@require_GET
def chain_status(request: HttpRequest) -> HttpResponse:
    result = access_chain_verification(audit_context_of(request))
    audit_verification_record(result=result, channel="page")  # for the officer's home page
    page = {
        "result": result,
        "finding": chain_finding_label(result.reason),
        "anchor": result.anchor,
        "anchor_minutes": settings.AUDIT_ANCHOR_MINUTES,
        "head": result.head,  # the head the rows were verified against, not a later one
    }
    return render(request, "privacy/chain.html", page)
