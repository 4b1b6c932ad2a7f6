"""The weekly triage queue: one list row."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from veilig.access.meetings import access_triage_queue
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.consultations.selectors.triage import triage_queue_view
from veilig.ui.views import personal_view


@personal_view
@require_GET
def queue_view(request: HttpRequest) -> HttpResponse:
    queue = access_triage_queue(audit_context_of(request))
    page = triage_queue_view(user=signed_in_user(request), queue=queue, now=timezone.now())
    return render(request, "consultations/triage/queue.html", {"queue": page})
