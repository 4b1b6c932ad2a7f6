"""The process director's work on person records: possible duplicates and merges."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from veilig.access.persons import (
    access_person_duplicates,
    access_person_merge,
    access_person_pair,
)
from veilig.audit.context import audit_context_of
from veilig.cases.forms import MergeForm
from veilig.cases.selectors import person_merge_cases
from veilig.cases.services import person_merge, person_merge_confirm, person_merge_undo
from veilig.cases.views.forms_common import GET_POST
from veilig.registry.selectors import person_duplicate_pairs, person_merges_pending
from veilig.ui.views import personal_view


@personal_view
@require_GET
def duplicates_view(request: HttpRequest) -> HttpResponse:
    persons = access_person_duplicates(audit_context_of(request))
    context = {
        "pairs": person_duplicate_pairs(persons=persons),
        "pending": person_merges_pending(persons=persons),
    }
    return render(request, "cases/duplicates.html", context)


@personal_view
@GET_POST
def merge_view(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    if request.method == "POST":
        form = MergeForm(request.POST, choices=[(first_id, ""), (second_id, "")])
        if form.is_valid():
            survivor = form.cleaned_data["survivor"]
            try:
                merge = person_merge(
                    context=audit_context_of(request),
                    survivor_id=survivor,
                    absorbed_id=second_id if survivor == first_id else first_id,
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, gettext("The records have been merged."))
                return redirect("cases:merge_detail", merge_id=merge.pk)
        else:
            messages.error(request, gettext("Choose the record that stays."))
        # The page again, as a new request: it opens both records with its own audit row.
        return redirect("cases:merge", first_id=first_id, second_id=second_id)
    first, second = access_person_pair(audit_context_of(request), first_id, second_id)
    context = {"records": [first, second]}
    return render(request, "cases/merge.html", context)


@personal_view
@require_GET
def merge_detail_view(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = access_person_merge(audit_context_of(request), merge_id)
    context = {
        "merge": merge,
        "cases": list(person_merge_cases(merge=merge)),
        "relations": len(merge.moved["relations_out"]) + len(merge.moved["relations_in"]),
        "pending": merge.is_pending,
    }
    return render(request, "cases/merge_detail.html", context)


def _decide(request: HttpRequest, merge_id: int, *, undo: bool) -> HttpResponse:
    service = person_merge_undo if undo else person_merge_confirm
    try:
        service(context=audit_context_of(request), merge_id=merge_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done = gettext("The merge has been undone.") if undo else gettext("The merge is final.")
        messages.success(request, done)
    return redirect("cases:merge_detail", merge_id=merge_id)


@personal_view
@require_POST
def merge_undo_view(request: HttpRequest, merge_id: int) -> HttpResponse:
    return _decide(request, merge_id, undo=True)


@personal_view
@require_POST
def merge_confirm_view(request: HttpRequest, merge_id: int) -> HttpResponse:
    return _decide(request, merge_id, undo=False)
