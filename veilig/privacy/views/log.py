"""Who accessed a person, and what a user accessed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from veilig.access.privacy import (
    access_person_log,
    access_person_search,
    access_person_search_form,
    access_user_log,
)
from veilig.audit.context import audit_context_of
from veilig.privacy.forms import PeriodForm, PersonLookupForm, UserLogForm
from veilig.privacy.selectors import audit_entries_about_person, audit_entries_by_user
from veilig.privacy.views.listing import log_page
from veilig.ui.params import query_int
from veilig.ui.views import personal_view

# --- (a) Who accessed a person -------------------------------------------------------------------


@personal_view
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    """Choose a person by number, or search by name, date of birth or BSN (by POST)."""
    context = audit_context_of(request)
    if request.method != "POST":
        access_person_search_form(context)
        return render(request, "privacy/person_search.html", {"form": PersonLookupForm()})

    form = PersonLookupForm(request.POST)
    criteria = form.criteria()
    results = access_person_search(context, criteria=criteria)
    if criteria is None:
        return render(request, "privacy/person_search.html", {"form": form}, status=400)
    if criteria.by_number_only and criteria.person_id is not None:
        return HttpResponseRedirect(reverse("privacy:person_log", args=[criteria.person_id]))
    return render(
        request,
        "privacy/person_search.html",
        {"form": form, "results": results, "searched": True},
    )


@personal_view
@require_GET
def person_log(request: HttpRequest, person_id: int) -> HttpResponse:
    """Every access to one person, newest first, within an optional period."""
    form = PeriodForm(request.GET)
    since, until = form.period()
    log = access_person_log(
        audit_context_of(request), person_id=person_id, since=since, until=until
    )
    listing = log_page(
        request,
        lambda up_to: audit_entries_about_person(
            person_id=person_id, since=since, until=until, up_to=up_to
        ),
        anchor=log.anchor,
    )
    return render(
        request,
        "privacy/person_log.html",
        {"form": form, "person": log.person, "person_id": person_id, **listing},
    )


# --- (b) What a user accessed ---------------------------------------------------------------------


@personal_view
@require_GET
def user_log(request: HttpRequest) -> HttpResponse:
    chosen = "gebruiker" in request.GET
    since, until = PeriodForm(request.GET).period() if chosen else (None, None)
    log = access_user_log(
        audit_context_of(request),
        user_id=query_int(request, "gebruiker", minimum=1) if chosen else None,
        since=since,
        until=until,
    )
    # The user list of the form is read after the choke point: nothing before the role check.
    form = UserLogForm(request.GET if chosen else None)
    if chosen:
        form.is_valid()
    subject = log.subject
    page: dict[str, Any] = {"form": form, "subject": subject}
    if subject is not None:
        user_id = subject.pk
        page.update(
            log_page(
                request,
                lambda up_to: audit_entries_by_user(
                    user_id=user_id, since=since, until=until, up_to=up_to
                ),
                anchor=log.anchor,
            )
        )
    return render(request, "privacy/user_log.html", page)
