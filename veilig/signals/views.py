"""HTML views of the signals and team views. They parse and render; ``access`` opens, services
write. Every page here may hold personal data: signed in (2FA by middleware), never cached."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record
from veilig.registry.models import Address
from veilig.signals.access import (
    Need,
    access_early_signal,
    access_signal,
    access_signal_list,
    access_signal_photo,
    access_team,
    audit_context,
    early_signals_visible_to,
    is_coordinator,
    may_manage_signal,
    may_report,
    may_report_check,
    signals_visible_to,
    team_area_codes,
    teams_visible_to,
)
from veilig.signals.forms import (
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
    early_signals_for_team,
    is_overdue,
    open_signals_by_deadline,
    signal_list,
    team_map_data,
)
from veilig.signals.services import (
    NamedPerson,
    signal_create,
    signal_link_case,
    signal_transition,
)
from veilig.signals.vocabulary import TRANSITIONS, SignalSource, SignalStatus

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
PAGE_SIZE = 50


def signal_view(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store, max-age=0"
        return response

    return login_required(never_cache(wrapper))  # type: ignore[return-value]


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _mark_overdue(signals: list[Signal]) -> list[Signal]:
    now = timezone.now()
    for signal in signals:
        signal.overdue = is_overdue(signal, now)  # type: ignore[attr-defined]
    return signals


# --- List, create, detail -------------------------------------------------------------------


@signal_view
@require_GET
def signal_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    visible = access_signal_list(user, request=request)
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
        "may_report": may_report(user),
        "teams": list(teams_visible_to(user)[:20]),
    }
    return render(request, "signals/list.html", context)


def _default_source(user: User) -> str:
    codes = user.role_codes()
    if Role.TEAM_MEMBER.value in codes:
        return SignalSource.TEAM
    if user.organisation is not None and user.organisation.partner_type == "politie":
        return SignalSource.POLICE
    return SignalSource.PARTNER


def _map_area_code(user: User) -> str:
    codes = team_area_codes(user)
    return codes[0] if len(codes) == 1 else ""


@signal_view
@require_http_methods(["GET", "POST"])
def signal_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    may_report_check(user, request=request)
    form = SignalForm(
        request.POST or None, request.FILES or None, default_source=_default_source(user)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
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
                signal = signal_create(
                    reporter=user,
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
                    request=request,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if signals_visible_to(user).filter(pk=signal.pk).exists():
                    messages.success(request, _("The signal has been logged."))
                    return redirect("signals:detail", signal_id=signal.pk)
                return redirect(reverse("signals:sent") + f"?nr={signal.pk}")
        status = 400
    context = {
        "form": form,
        "map_area_code": _map_area_code(user),
    }
    return render(request, "signals/form.html", context, status=status)


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


@signal_view
@require_GET
def signal_sent_view(request: HttpRequest) -> HttpResponse:
    """After logging a signal the reporter may not see (a restricted category)."""
    _user(request)
    return render(request, "signals/sent.html", {"number": request.GET.get("nr", "")[:12]})


@signal_view
@require_GET
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    user = _user(request)
    signal = access_signal(user, signal_id, request=request)
    may_manage = may_manage_signal(user, signal)
    context = {
        "signal": signal,
        "overdue": is_overdue(signal),
        "photos": list(signal.photos.all()),
        "changes": list(signal.status_changes.select_related("by")),
        "persons": list(signal.persons.all()),
        "addresses": list(signal.addresses.all()),
        "may_manage": may_manage,
        "may_link": is_coordinator(user),
        "next_statuses": [
            SignalStatus(s) for s in sorted(TRANSITIONS[SignalStatus(signal.status)])
        ],
        "transition_form": TransitionForm(),
        "case_form": CaseLinkForm(),
        "just_sent": request.GET.get("verstuurd") == "1" or bool(messages.get_messages(request)),
    }
    return render(request, "signals/detail.html", context)


@signal_view
@require_POST
def signal_status_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    user = _user(request)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            signal_transition(
                user=user,
                signal_id=signal_id,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The status has been changed."))
    else:
        access_signal(user, signal_id, need=Need.MANAGE, request=request)
        messages.error(request, _("Choose a valid status."))
    return redirect("signals:detail", signal_id=signal_id)


@signal_view
@require_POST
def signal_case_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    user = _user(request)
    form = CaseLinkForm(request.POST)
    if not form.is_valid():
        access_signal(user, signal_id, need=Need.LINK, request=request)
        messages.error(request, _("Give the reference of the case."))
        return redirect("signals:detail", signal_id=signal_id)
    try:
        signal_link_case(
            user=user,
            signal_id=signal_id,
            case_reference=form.cleaned_data["reference"],
            request=request,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The signal has been linked to the case."))
    return redirect("signals:detail", signal_id=signal_id)


@signal_view
@require_GET
def signal_photo(request: HttpRequest, signal_id: int, photo_id: int) -> HttpResponseBase:
    user = _user(request)
    photo = access_signal_photo(user, signal_id, photo_id, request=request)
    response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _address_condition(query: str) -> Q:
    """'9711AB 12', '9711 AB', 'Grote Markt 12' or 'Grote Ma'."""
    head, _sep, tail = query.rpartition(" ")
    number = int(tail) if head and tail.isdigit() else None
    if query[:4].isdigit():
        if number is not None:
            return Q(postcode=head.replace(" ", "").upper(), house_number=number)
        return Q(postcode__startswith=query.replace(" ", "").upper()[:6])
    if number is not None:
        return Q(street__istartswith=head.strip(), house_number=number)
    return Q(street__istartswith=query)


@signal_view
@require_POST
def address_search(request: HttpRequest) -> JsonResponse:
    """Addresses for the form's address search: street or postcode, at most 10.

    By POST: a typed address is personal data and must not end up in URLs or server logs.
    """
    user = _user(request)
    query = request.POST.get("q", "").strip()[:80]
    granted = may_report(user)
    audit_record(
        context=audit_context(user, request),
        action=AuditAction.SEARCH,
        object_type="address",
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        detail="search:address",
    )
    if not granted:
        raise Http404
    results: list[dict[str, Any]] = []
    if len(query) >= 3:
        for address in Address.objects.filter(_address_condition(query)).order_by(
            "street", "house_number", "house_letter"
        )[:10]:
            results.append(
                {"id": address.pk, "label": str(address), "lat": address.lat, "lon": address.lon}
            )
    return JsonResponse({"results": results})


# --- Teams ----------------------------------------------------------------------------------


@signal_view
@require_GET
def team_index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not (is_coordinator(user) or Role.TEAM_MEMBER.value in user.role_codes()):
        audit_record(
            context=audit_context(user, request),
            action=AuditAction.LIST,
            object_type="signal",
            result=AuditResult.DENIED,
            detail="teams",
        )
        raise Http404
    teams = list(teams_visible_to(user))
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


@signal_view
@require_GET
def team_view(request: HttpRequest, team_id: int) -> HttpResponse:
    user = _user(request)
    team = access_team(user, team_id, request=request)
    form, filters = _map_filter(request)
    visible = signals_visible_to(user).filter(stadsdeel_code=team.area.code)
    open_signals = _mark_overdue(list(open_signals_by_deadline(visible)[:100]))
    early = list(early_signals_for_team(early_signals_visible_to(user), team)[:50])
    query = request.GET.urlencode()
    overdue_count = len([s for s in open_signals if getattr(s, "overdue", False)])
    context = {
        "team": team,
        "form": form,
        "filters": filters,
        "open_signals": open_signals,
        "overdue_count": overdue_count,
        "early_signals": early,
        "map_url": reverse("signals:team_map", args=[team.pk]) + (f"?{query}" if query else ""),
        "area_url": reverse("geo:explorer_geojson")
        + f"?jaar={team.area.boundary_year}&stadsdeel={team.area.code}",
        "members": list(team.memberships.select_related("user")),
    }
    return render(request, "signals/team.html", context)


@signal_view
@require_GET
def team_map(request: HttpRequest, team_id: int) -> JsonResponse:
    user = _user(request)
    team = access_team(user, team_id, request=request)
    _form, filters = _map_filter(request)
    data = team_map_data(team=team, signals=signals_visible_to(user), filters=filters)
    for point in data.get("points", []):
        if point["type"] == "signal":
            point["url"] = reverse("signals:detail", args=[point["id"]])
    return JsonResponse(data)


@signal_view
@require_GET
def early_signal_detail(request: HttpRequest, early_id: int) -> HttpResponse:
    user = _user(request)
    early = access_early_signal(user, early_id, request=request)
    visible = set(
        signals_visible_to(user).filter(pk__in=early.signal_ids).values_list("pk", flat=True)
    )
    context = {
        "early": early,
        "evidence_signals": [(pk, pk in visible) for pk in early.signal_ids],
    }
    return render(request, "signals/early_detail.html", context)
