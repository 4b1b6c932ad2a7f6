"""The follow-up overview ("snel bijsturen") of process direction: overdue actions per partner,
cases without progress, lead times to triage and to plan, the next meetings.

Coordinators only (``access_followup``: one list row; everyone else 404 and a denied row).
The settings travel in the URL as numbers; a value that is not one is reported and replaced by
its default.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from veilig.access.meetings import access_followup
from veilig.accounts.models import Organisation
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.audit.detail import detail_join
from veilig.consultations.forms_followup import FollowupForm
from veilig.consultations.selectors import followup
from veilig.ui.views import personal_view


@personal_view
@require_GET
def followup_overview(request: HttpRequest) -> HttpResponse:
    form = FollowupForm(request.GET)
    quiet_days, months = form.settings()
    visible = access_followup(audit_context_of(request))  # 404 for everyone but coordinators
    now = timezone.now()
    today = timezone.localdate(now)
    quiet_since = now - dt.timedelta(days=quiet_days)
    stalled, stalled_cases = followup.stalled_per_status(visible=visible, since=quiet_since)
    context = {
        "form": form,
        "quiet_days": quiet_days,
        "months": months,
        "today": today,
        "overdue": followup.overdue_per_organisation(visible=visible, today=today),
        "stalled": stalled,
        "stalled_total": sum(row.count for row in stalled),
        "stalled_cases": stalled_cases,
        "lead": followup.lead_times(visible=visible, months=months, now=now),
        "lead_minutes": followup.LEAD_CACHE_SECONDS // 60,
        "per_table": followup.UPCOMING_PER_TABLE,
        "meetings": followup.upcoming_meetings(user=signed_in_user(request), now=now),
    }
    return render(request, "consultations/followup.html", context)


@personal_view
@require_GET
def followup_overdue(request: HttpRequest, organisation_id: int) -> HttpResponse:
    detail = detail_join("followup", f"overdue_owner:{organisation_id}")
    visible = access_followup(audit_context_of(request), detail=detail)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    today = timezone.localdate()
    actions, total = followup.overdue_actions_of(
        visible=visible, organisation_id=organisation.pk, today=today
    )
    context = {
        "organisation": organisation,
        "actions": actions,
        "total": total,
        "today": today,
        "limit": followup.ACTIONS_LISTED,
    }
    return render(request, "consultations/followup_overdue.html", context)
