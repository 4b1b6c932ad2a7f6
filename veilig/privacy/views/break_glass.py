"""The break-the-glass review: the queue of grants waiting for review, and the review itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veilig.access.privacy import access_break_glass_queue, access_break_glass_review
from veilig.audit.context import audit_context_of
from veilig.cases.services import break_glass_review
from veilig.privacy.forms import BreakGlassReviewForm, PeriodForm
from veilig.privacy.selectors import (
    audit_entries_break_glass,
    break_glass_awaiting_review,
    break_glass_reviewed,
)
from veilig.privacy.views.listing import log_page
from veilig.ui.views import personal_view

REVIEWED_SHOWN = 50


def _queue_page(
    request: HttpRequest,
    *,
    anchor: int,
    review_forms: dict[int, BreakGlassReviewForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    form = PeriodForm(request.GET)
    since, until = form.period()
    forms = review_forms or {}
    queue = [
        (grant, forms.get(grant.pk) or BreakGlassReviewForm())
        for grant in break_glass_awaiting_review()
    ]
    listing = log_page(
        request,
        lambda up_to: audit_entries_break_glass(since=since, until=until, up_to=up_to),
        anchor=anchor,
    )
    return render(
        request,
        "privacy/break_glass.html",
        {
            "form": form,
            "queue": queue,
            "reviewed": list(break_glass_reviewed()[:REVIEWED_SHOWN]),
            **listing,
        },
        status=status,
    )


@personal_view
@require_GET
def break_glass_queue(request: HttpRequest) -> HttpResponse:
    anchor = access_break_glass_queue(audit_context_of(request))
    return _queue_page(request, anchor=anchor)


@personal_view
@require_POST
def break_glass_review_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    context = audit_context_of(request)
    review = access_break_glass_review(context, grant_id=grant_id)
    form = BreakGlassReviewForm(request.POST)
    valid = form.is_valid()
    if not valid and not review.own:
        # Nothing changes; the queue is shown again with the error next to this grant.
        anchor = access_break_glass_queue(context, invalid_review=True)
        return _queue_page(request, anchor=anchor, review_forms={review.grant.pk: form}, status=400)
    queue_url = reverse("privacy:break_glass")
    try:
        break_glass_review(
            context=context, review=review, note=form.cleaned_data["note"] if valid else ""
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(queue_url)
    messages.success(
        request,
        _("The break-the-glass access of %(user)s to %(case)s has been reviewed.")
        % {"user": review.grant.user.get_username(), "case": review.grant.case.reference},
    )
    return HttpResponseRedirect(queue_url)
