"""The forecast map of a team and the algorithm register. Views parse and render only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from veilig.access.errors import NotFound
from veilig.access.forecasts import access_forecast_team, may_see_forecasts
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.intel.register import (
    METHOD_TEXTS,
    PUBLIC_RESULTS,
    REGISTER_COVERAGES,
    plain_result,
    run_table,
)
from veilig.intel.selectors import backtests_latest_per_theme, event_themes, forecast_teams
from veilig.intel.teammap import (
    COVERAGE,
    HORIZON_DAYS,
    LOOKBACK_DAYS,
    NEARBY_METRES,
    RECENT_DAYS,
    backtest_hit_rates,
    cell_place,
    configured_method,
    configured_theme,
    team_forecast,
)
from veilig.ui.forms import UiForm
from veilig.ui.views import personal_view


class ThemeForm(UiForm):
    marks_optional = False  # a filter

    thema = forms.ChoiceField(label=gettext_lazy("Theme"), required=False)

    def __init__(self, *args: Any, themes: list[tuple[str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["thema"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t, f"{t} ({n})") for t, n in themes]


def _theme(request: HttpRequest, themes: list[tuple[str, int]]) -> tuple[ThemeForm, str | None]:
    names = [t for t, _n in themes]
    default = configured_theme()
    if default not in names:
        default = names[0] if names else ""
    form = ThemeForm(request.GET or None, themes=themes, initial={"thema": default})
    theme = default
    if form.is_bound and form.is_valid() and form.cleaned_data["thema"]:
        theme = form.cleaned_data["thema"]
    return form, theme or None


@personal_view
@require_GET
def team_index(request: HttpRequest) -> HttpResponse:
    if not may_see_forecasts(signed_in_user(request)):
        raise NotFound("team")
    teams = forecast_teams(context=audit_context_of(request))
    if len(teams) == 1:
        return redirect("forecasts:team_map", team_id=teams[0].pk)
    return render(request, "intel/team_index.html", {"teams": teams})


DRIVER_TEXTS = {
    "both": gettext_lazy("long-term level and recent events nearby"),
    "long_term": gettext_lazy("mainly the long-term level in this cell"),
    "recent": gettext_lazy("mainly recent events nearby"),
    "surroundings": gettext_lazy("events in the surrounding cells"),
}


def _map_payload(cells: list[Any]) -> dict[str, Any]:
    return {
        "cells": [
            {
                "rank": c.rank,
                "id": c.cell_id,
                "corners": c.corners,
                "label": _(
                    "%(rank)s. %(place)s: %(year)s in the cell in the past year, "
                    "%(recent)s within %(metres)s m in the past %(days)s days"
                )
                % {
                    "rank": c.rank,
                    "place": cell_place(c),
                    "year": c.long_term,
                    "recent": c.recent_nearby,
                    "metres": f"{NEARBY_METRES:g}",
                    "days": RECENT_DAYS,
                },
            }
            for c in cells
        ]
    }


@personal_view
@require_GET
def team_map(request: HttpRequest, team_id: int) -> HttpResponse:
    audit_context = audit_context_of(request)
    team = access_forecast_team(audit_context, team_id)
    themes = event_themes()
    form, theme = _theme(request, themes)
    method = configured_method()
    result = team_forecast(team=team, theme=theme, method=method) if theme else None
    forecast = result.forecast if result else None
    cells = forecast.flagged if forecast else []
    rows = [(c, cell_place(c), DRIVER_TEXTS[c.driver]) for c in cells]
    context = {
        "team": team,
        "form": form,
        "themes": themes,
        "theme": theme,
        "method": method,
        "method_text": METHOD_TEXTS.get(method, ""),
        "result": result,
        "forecast": forecast,
        "rows": rows,
        "payload": _map_payload(cells),
        "backtest": backtest_hit_rates(theme=theme, method=method) if theme else None,
        "coverage_percent": f"{COVERAGE * 100:g}",
        "horizon": HORIZON_DAYS,
        "lookback": LOOKBACK_DAYS,
        "recent_days": RECENT_DAYS,
        "nearby_metres": f"{NEARBY_METRES:g}",
        "area_url": reverse("geo:explorer_geojson")
        + f"?jaar={team.area.boundary_year}&stadsdeel={team.area.code}",
        "teams": forecast_teams(context=audit_context, limit=50),
    }
    return render(request, "intel/team_map.html", context)


def _register_context() -> dict[str, Any]:
    return {
        "configured_method": configured_method(),
        "configured_theme": configured_theme(),
        "horizon": HORIZON_DAYS,
        "lookback": LOOKBACK_DAYS,
        "coverage_percent": f"{COVERAGE * 100:g}",
        "contact": settings.PRIVACY_CONTACT,
    }


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The algorithm register for residents: public, plain Dutch, no personal data."""
    runs = backtests_latest_per_theme()
    results = [
        result
        for run in runs
        if (result := plain_result(run=run, method=configured_method(), coverage=COVERAGE))
    ]
    context = {**_register_context(), "results": results}
    return render(request, "intel/register.html", context)


@require_GET
def register_technical(request: HttpRequest) -> HttpResponse:
    """The technical appendix: the methods, the protocol and every figure of the backtests."""
    runs = [(run, run_table(run)) for run in backtests_latest_per_theme()]
    context = {
        **_register_context(),
        "runs": runs,
        "methods": METHOD_TEXTS,
        "coverages": REGISTER_COVERAGES,
        "public_results": PUBLIC_RESULTS,
    }
    return render(request, "intel/register_technical.html", context)
