"""HTML views of the early signals (vroegsignalen): the list, one early signal, its status.

They parse and render; ``veilig.access.early_signals`` opens, services write, selectors read.
Every page here may hold personal data: signed in, never cached (``personal_view``); a refusal
is ``NotFound``, answered as 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veilig.access.early_signals import (
    access_early_signal,
    access_early_signal_list,
    events_visible_to,
    may_manage_early_signal,
    may_register_case_from,
)
from veilig.access.needs import Need
from veilig.access.policy import case_is_visible
from veilig.access.signals import signals_visible_to
from veilig.accounts.models import User
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.audit.models import AuditAction
from veilig.signals.early_explain import Subject, SubjectNamer, early_explanation
from veilig.signals.early_selectors import (
    early_evidence,
    early_history,
    early_map_points,
    early_signal_list,
)
from veilig.signals.forms import EarlyListFilterForm, EarlyTransitionForm
from veilig.signals.models import EarlySignal
from veilig.signals.services import early_signal_transition
from veilig.signals.vocabulary import EARLY_TRANSITIONS, EarlySignalStatus
from veilig.ui.views import personal_view

PAGE_SIZE = 50


def named_rows(user: User, early: list[EarlySignal]) -> list[tuple[EarlySignal, Subject]]:
    """Each early signal with its subject as this viewer may see it (for the lists)."""
    namer = SubjectNamer(user=user, early=early)
    return [(item, namer.subject(item)) for item in early]


@personal_view
@require_GET
def early_signal_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    visible = access_early_signal_list(audit_context_of(request))
    form = EarlyListFilterForm(request.GET or None)
    queryset = early_signal_list(visible, statuses=form.statuses())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "form": form,
        "page": page,
        "rows": named_rows(user, list(page.object_list)),
        "status_query": request.GET.get("status", ""),
    }
    return render(request, "signals/early_list.html", context)


def _map_points(early: EarlySignal, subject: Subject, points: list[dict[str, Any]]) -> Any:
    """The evidence's points with a link for each signal, and the address when it is named."""
    for point in points:
        if point["type"] == "signal":
            point["url"] = reverse("signals:detail", args=[point["id"]])
    if subject.kind == "address" and subject.named and early.address is not None:
        address = {
            "type": "address",
            "lat": early.address.lat,
            "lon": early.address.lon,
            "label": subject.headline,
            "at": "",
        }
        return [address, *points]
    return points


@personal_view
@require_GET
def early_signal_detail(request: HttpRequest, early_id: int) -> HttpResponse:
    user = signed_in_user(request)
    early = access_early_signal(audit_context_of(request), early_id)
    evidence = early_evidence(
        early=early, signals=signals_visible_to(user), events=events_visible_to(user)
    )
    subject = SubjectNamer(user=user, early=[early]).subject(early)
    current = EarlySignalStatus(early.status)
    context = {
        "early": early,
        "subject": subject,
        "explanation": early_explanation(early=early, sources=evidence.sources),
        "evidence": evidence,
        "map_points": _map_points(early, subject, early_map_points(evidence)),
        "changes": early_history(early=early),
        "may_manage": may_manage_early_signal(user, early),
        "next_statuses": [EarlySignalStatus(s) for s in sorted(EARLY_TRANSITIONS[current])],
        "transition_form": EarlyTransitionForm(),
        "may_register": may_register_case_from(user, early) and early.case_id is None,
        "case_visible": early.case is not None and case_is_visible(user, early.case),
    }
    return render(request, "signals/early_detail.html", context)


@personal_view
@require_POST
def early_signal_status_view(request: HttpRequest, early_id: int) -> HttpResponse:
    context = audit_context_of(request)
    form = EarlyTransitionForm(request.POST)
    if form.is_valid():
        try:
            early_signal_transition(
                context=context,
                early_id=early_id,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The status has been changed."))
    else:
        # Nothing changes: one row for the attempt, as a refused status change of a signal.
        access_early_signal(
            context, early_id, need=Need.MANAGE, action=AuditAction.UPDATE, detail="invalid"
        )
        messages.error(request, _("Choose a valid status."))
    return redirect("signals:early_detail", early_id=early_id)
