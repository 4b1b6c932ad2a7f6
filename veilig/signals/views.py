"""HTML views of the signals and team views. They parse and render; ``veilig.access.signals``
opens, services write, selectors read. Every page here may hold personal data: signed in (2FA by
middleware), never cached (``personal_view``); a refusal is ``NotFound``, answered as 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilig.access.needs import Need
from veilig.access.signals import (
    access_address_search,
    access_signal,
    access_signal_list,
    access_signal_photo,
    access_signal_report,
    access_team,
    access_team_index,
    early_signals_visible_to,
    is_coordinator,
    is_team_member,
    may_manage_signal,
    may_report,
    signal_is_visible,
    signals_visible_to,
    team_area_codes,
    teams_visible_to,
)
from veilig.accounts.models import User
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.signals.early_selectors import early_signal_list, open_statuses
from veilig.signals.forms import (
    EARLY_ALL,
    CaseLinkForm,
    ListFilterForm,
    MapFilterForm,
    SignalForm,
    TransitionForm,
)
from veilig.signals.models import Signal
from veilig.signals.selectors import (
    PERIODS,
    MapFilter,
    addresses_matching,
    is_overdue,
    open_signals_by_deadline,
    signal_history,
    signal_list,
    signal_place,
    team_map_data,
    team_members,
)
from veilig.signals.services import (
    NamedPerson,
    signal_create,
    signal_link_case,
    signal_transition,
)
from veilig.signals.views_early import named_rows
from veilig.signals.vocabulary import TRANSITIONS, SignalSource, SignalStatus
from veilig.ui.views import personal_view

PAGE_SIZE = 50
# The team page lists the open early signals of its area; ``?vroeg=alle`` lists all of them.
EARLY_PARAMETER = "vroeg"


def _mark_overdue(signals: list[Signal]) -> list[Signal]:
    now = timezone.now()
    for signal in signals:
        signal.overdue = is_overdue(signal, now)  # type: ignore[attr-defined]
    return signals


# --- List, create, detail -------------------------------------------------------------------


@personal_view
@require_GET
def signal_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    visible = access_signal_list(audit_context_of(request))
    form = ListFilterForm(request.GET or None)
    category, open_only = None, False
    if form.is_valid():
        category = form.cleaned_data["category"]
        open_only = form.cleaned_data["open"]
    queryset = signal_list(visible, open_only=open_only, category=category)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "form": form,
        "page": page,
        "signals": _mark_overdue(list(page.object_list)),
        "export_query": urlencode(form.filter_codes()),
        "may_report": may_report(user),
        "may_see_early": is_coordinator(user) or is_team_member(user),
        "teams": list(teams_visible_to(user)[:20]),
    }
    return render(request, "signals/list.html", context)


def _default_source(user: User) -> str:
    if is_team_member(user):
        return SignalSource.TEAM
    if user.organisation is not None and user.organisation.partner_type == "politie":
        return SignalSource.POLICE
    return SignalSource.PARTNER


def _map_area_code(user: User) -> str:
    codes = team_area_codes(user)
    return codes[0] if len(codes) == 1 else ""


@personal_view
@require_http_methods(["GET", "POST"])
def signal_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    audit = audit_context_of(request)
    access_signal_report(audit)  # the empty form holds nothing personal: a row only if refused
    form = SignalForm(
        request.POST or None, request.FILES or None, default_source=_default_source(user)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            named = []
            if data["person_first_name"] and data["person_last_name"]:
                named.append(
                    NamedPerson(
                        first_name=data["person_first_name"],
                        prefix=data["person_prefix"],
                        last_name=data["person_last_name"],
                        date_of_birth=data["person_date_of_birth"],
                    )
                )
            try:
                signal = signal_create(
                    context=audit,
                    category=data["category"],
                    occurred_at=data["occurred_at"],
                    description=data["description"],
                    source=data["source"],
                    location_method=data["location_method"],
                    lat=data["lat"],
                    lon=data["lon"],
                    address=form.address,
                    named_persons=named,
                    photos=data["photos"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if signal_is_visible(user, signal.pk):
                    messages.success(request, _("The signal has been logged."))
                    return redirect("signals:detail", signal_id=signal.pk)
                return redirect(reverse("signals:sent") + f"?nr={signal.pk}")
        status = 400
    page = {"form": form, "map_area_code": _map_area_code(user)}
    return render(request, "signals/form.html", page, status=status)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = name if name in form.fields else None
            if name in {"lat", "lon", "location_method"}:
                field = "address_text"
            for error in errors:
                form.add_error(field, error)
    else:
        for message in exc.messages:
            form.add_error("address_text", message)
    form._refresh_attrs()


@personal_view
@require_GET
def signal_sent_view(request: HttpRequest) -> HttpResponse:
    """After logging a signal the reporter may not see (a restricted category)."""
    signed_in_user(request)
    return render(request, "signals/sent.html", {"number": request.GET.get("nr", "")[:12]})


@personal_view
@require_GET
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    return _detail_page(request, access_signal(audit_context_of(request), signal_id))


def _detail_page(
    request: HttpRequest,
    signal: Signal,
    *,
    transition_form: TransitionForm | None = None,
    case_form: CaseLinkForm | None = None,
) -> HttpResponse:
    """The signal page; with a workflow form that a service refused, shown again with its
    errors at the fields (status 400)."""
    user = signed_in_user(request)
    history = signal_history(signal=signal)
    current = SignalStatus(signal.status)
    transition_form = transition_form or TransitionForm()
    transition_form.narrow_to(current, sorted(TRANSITIONS[current]))
    context = {
        "signal": signal,
        "overdue": is_overdue(signal),
        "photos": history.photos,
        "changes": history.changes,
        "persons": history.persons,
        "addresses": history.addresses,
        "place": signal_place(signal=signal),
        "may_manage": may_manage_signal(user, signal),
        "may_link": is_coordinator(user),
        "next_statuses": [SignalStatus(s) for s in sorted(TRANSITIONS[current])],
        "transition_form": transition_form,
        "case_form": case_form or CaseLinkForm(),
        "just_sent": request.GET.get("verstuurd") == "1" or bool(messages.get_messages(request)),
    }
    refused = transition_form.is_bound or (case_form is not None and case_form.is_bound)
    return render(request, "signals/detail.html", context, status=400 if refused else 200)


@personal_view
@require_POST
def signal_status_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    context = audit_context_of(request)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            signal_transition(
                context=context,
                signal_id=signal_id,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)  # at its field, on the page shown again
            return _detail_page(request, access_signal(context, signal_id), transition_form=form)
        messages.success(request, _("The status has been changed."))
    else:
        # Nothing changes: one row for the attempt, as a refused save in casework.
        access_signal(context, signal_id, need=Need.MANAGE, detail="invalid")
        messages.error(request, _("Choose a valid status."))
    return redirect("signals:detail", signal_id=signal_id)


@personal_view
@require_POST
def signal_case_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    context = audit_context_of(request)
    form = CaseLinkForm(request.POST)
    if not form.is_valid():
        access_signal(context, signal_id, need=Need.LINK, detail="invalid")
        return _detail_page(request, access_signal(context, signal_id), case_form=form)
    try:
        signal_link_case(
            context=context, signal_id=signal_id, case_reference=form.cleaned_data["reference"]
        )
    except ValidationError as exc:
        form.add_service_error(exc)  # at its field, on the page shown again
        return _detail_page(request, access_signal(context, signal_id), case_form=form)
    messages.success(request, _("The signal has been linked to the case."))
    return redirect("signals:detail", signal_id=signal_id)


@personal_view
@require_GET
def signal_photo(request: HttpRequest, signal_id: int, photo_id: int) -> HttpResponseBase:
    photo = access_signal_photo(audit_context_of(request), signal_id, photo_id)
    response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@personal_view
@require_POST
def address_search(request: HttpRequest) -> JsonResponse:
    """Addresses for the form's address search: street or postcode, at most 10.

    By POST: a typed address is personal data and must not end up in URLs or server logs.
    """
    access_address_search(audit_context_of(request))
    query = request.POST.get("q", "").strip()[:80]
    results = [
        {"id": address.pk, "label": str(address), "lat": address.lat, "lon": address.lon}
        for address in addresses_matching(query)
    ]
    return JsonResponse({"results": results})


# --- Teams ----------------------------------------------------------------------------------


@personal_view
@require_GET
def team_index(request: HttpRequest) -> HttpResponse:
    teams = list(access_team_index(audit_context_of(request)))
    if len(teams) == 1:
        return redirect("signals:team", team_id=teams[0].pk)
    return render(request, "signals/team_index.html", {"teams": teams})


def _map_filter(request: HttpRequest) -> tuple[MapFilterForm, MapFilter]:
    form = MapFilterForm(request.GET or None)
    days, category = 30, None
    if form.is_valid():
        category = form.cleaned_data["category"]
        days = PERIODS.get(form.cleaned_data["period"] or "30", 30)
    return form, MapFilter(days=days, category=category)


def _early_filter_links(request: HttpRequest) -> dict[str, str]:
    """The team page with its early signals open only or all, keeping the map's filters."""
    links = {}
    for key, value in (("open", ""), ("all", EARLY_ALL)):
        query = request.GET.copy()
        query.pop(EARLY_PARAMETER, None)
        if value:
            query[EARLY_PARAMETER] = value
        encoded = query.urlencode()
        links[key] = f"?{encoded}#early-heading" if encoded else "?#early-heading"
    return links


@personal_view
@require_GET
def team_view(request: HttpRequest, team_id: int) -> HttpResponse:
    user = signed_in_user(request)
    team = access_team(audit_context_of(request), team_id)
    form, filters = _map_filter(request)
    visible = signals_visible_to(user)
    open_signals = _mark_overdue(list(open_signals_by_deadline(visible, area=team.area.code)[:100]))
    early_statuses = None if request.GET.get(EARLY_PARAMETER) == EARLY_ALL else open_statuses()
    early = early_signal_list(early_signals_visible_to(user), statuses=early_statuses, team=team)
    query = request.GET.urlencode()
    overdue_count = len([s for s in open_signals if getattr(s, "overdue", False)])
    context = {
        "team": team,
        "form": form,
        "filters": filters,
        "open_signals": open_signals,
        "overdue_count": overdue_count,
        "early_rows": named_rows(user, list(early[:50])),
        "early_all": early_statuses is None,
        "early_links": _early_filter_links(request),
        "map_url": reverse("signals:team_map", args=[team.pk]) + (f"?{query}" if query else ""),
        "area_url": reverse("geo:explorer_geojson")
        + f"?jaar={team.area.boundary_year}&stadsdeel={team.area.code}",
        "members": team_members(team=team),
    }
    return render(request, "signals/team.html", context)


@personal_view
@require_GET
def team_map(request: HttpRequest, team_id: int) -> JsonResponse:
    user = signed_in_user(request)
    team = access_team(audit_context_of(request), team_id)
    _form, filters = _map_filter(request)
    data = team_map_data(team=team, signals=signals_visible_to(user), filters=filters)
    for point in data.get("points", []):
        if point["type"] == "signal":
            point["url"] = reverse("signals:detail", args=[point["id"]])
    return JsonResponse(data)
