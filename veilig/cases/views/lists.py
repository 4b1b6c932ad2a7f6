"""The case list: filters in the URL (codes and ids only), the search term only by POST."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from veilig.access.cases import access_case_list
from veilig.access.policy import case_role
from veilig.accounts.requests import signed_in_user
from veilig.accounts.roles import Role
from veilig.audit.context import audit_context_of
from veilig.cases.forms import CaseFilterForm, CaseSearchForm
from veilig.cases.selectors import (
    CaseFilters,
    case_list,
    case_page,
    partner_options,
    stadsdeel_options,
)
from veilig.ui.views import personal_view

PAGE_SIZE = 50
FILTER_NAMES = ("theme", "status", "partner", "stadsdeel", "overdue", "sort")


def list_filters(cleaned: dict[str, Any], query: str) -> CaseFilters:
    partner = cleaned.get("partner")
    stadsdeel = cleaned.get("stadsdeel")
    return CaseFilters(
        theme=cleaned.get("theme") or "",
        status=cleaned.get("status") or "",
        partner=partner.pk if partner is not None else None,
        stadsdeel=stadsdeel.pk if stadsdeel is not None else None,
        overdue=bool(cleaned.get("overdue")),
        query=query,
        sort=cleaned.get("sort") or "-registered",
    )


def filter_params(cleaned: dict[str, Any]) -> dict[str, str]:
    """The valid filters as URL parameters: codes and ids, never personal data."""
    params: dict[str, str] = {}
    for name in FILTER_NAMES:
        value = cleaned.get(name)
        if value in (None, "", False):
            continue
        params[name] = str(getattr(value, "pk", value)) if value is not True else "on"
    return params


def filter_form_of(source: QueryDict) -> tuple[CaseFilterForm, dict[str, Any]]:
    """The filter form and its valid values: an unrecognised filter is reported and ignored."""
    form = CaseFilterForm(source, partners=partner_options(), stadsdelen=stadsdeel_options())
    form.is_valid()
    cleaned = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    return form, cleaned


@personal_view
@require_http_methods(["GET", "POST"])
def case_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    searching = request.method == "POST"
    source = request.POST if searching else request.GET
    filter_form, cleaned = filter_form_of(source)
    search_form = CaseSearchForm(request.POST if searching else None)
    query = search_form.cleaned_data["q"] if searching and search_form.is_valid() else ""

    visible = access_case_list(audit_context_of(request), query=query)  # 404 for other roles
    cases = case_list(visible=visible, filters=list_filters(cleaned, query))
    page = case_page(cases, source.get("pagina"), PAGE_SIZE)
    params = filter_params(cleaned)
    context = {
        "filter_form": filter_form,
        "search_form": search_form,
        "query": query,
        "searching": bool(query),
        "page": page,
        "filter_params": params,
        "filter_query": urlencode(params),
        "is_coordinator": case_role(user) == Role.COORDINATOR.value,
    }
    return render(request, "cases/list.html", context)
