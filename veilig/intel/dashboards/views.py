"""The theme dashboards: the index, one dashboard, its exports. Views parse and render only."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from veilig.access.dashboards import dashboard_grant_for
from veilig.access.errors import NotFound
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.intel.dashboards.build import dashboard_request, geometries
from veilig.intel.dashboards.exports import chart_response, table_response
from veilig.intel.dashboards.page import change_text, charts_of, per_label, shown
from veilig.intel.themes import THEMES
from veilig.ui.views import personal_view


@personal_view
@require_GET
def dashboard_index(request: HttpRequest) -> HttpResponse:
    grant = dashboard_grant_for(signed_in_user(request))
    if grant is None:
        raise NotFound("dashboard")
    context = {"themes": THEMES, "grant": grant, "threshold": settings.DISCLOSURE_THRESHOLD}
    return render(request, "intel/dashboard_index.html", context)


@personal_view
@require_GET
def dashboard_page(request: HttpRequest, theme: str) -> HttpResponse:
    built = dashboard_request(audit_context_of(request), theme_code=theme, params=request.GET)
    dash = built.dashboard
    charts = charts_of(
        dash,
        geometries=geometries([r.code for r in dash.map_rows], built.engine.areas().boundary_year),
    )
    params = urlencode(built.query.url_params())
    base = reverse("dashboards:page", args=[theme])
    context = {
        "built": built,
        "dash": dash,
        "form": built.form,
        "charts": charts,
        "summary": charts[0].summary if charts else "",
        "per_label": per_label(dash),
        "rows": [
            (
                r,
                shown(r.count),
                shown(r.rate, decimals=1) if r.count is not None else shown(None),
                shown(r.previous),
                change_text(r),
            )
            for r in dash.rows
        ],
        "total": (
            dash.total,
            shown(dash.total.count),
            shown(dash.total.rate, decimals=1) if dash.total.count is not None else shown(None),
            shown(dash.total.previous),
            change_text(dash.total),
        ),
        "params": params,
        "share_url": f"{base}?{params}",
        "themes": THEMES,
        "threshold": settings.DISCLOSURE_THRESHOLD,
    }
    return render(request, "intel/dashboard.html", context)


@personal_view
@require_GET
def dashboard_export(request: HttpRequest, theme: str, fmt: str) -> HttpResponseBase:
    if fmt not in {"csv", "xlsx", "geojson", "gpkg"}:
        raise NotFound("dashboard")
    built = dashboard_request(
        audit_context_of(request), theme_code=theme, params=request.GET, fmt=fmt
    )
    return table_response(built, fmt)


@personal_view
@require_GET
def dashboard_chart(request: HttpRequest, theme: str, chart: str, fmt: str) -> HttpResponseBase:
    if fmt not in {"png", "svg", "pdf"}:
        raise NotFound("dashboard")
    built = dashboard_request(
        audit_context_of(request), theme_code=theme, params=request.GET, fmt=f"{chart}.{fmt}"
    )
    return chart_response(built, chart, fmt)
