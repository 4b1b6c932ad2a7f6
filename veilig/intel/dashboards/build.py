"""One dashboard request from URL to figures: the grant, the form, the counts, the figures.

Shared by the page, its exports and the API, so that each shows exactly the same numbers
with the same suppression.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilig.access.base import acting_user
from veilig.access.dashboards import DashboardGrant, access_dashboard, dashboard_grant_for
from veilig.audit.context import AuditContext
from veilig.geo.selectors import area_geometries
from veilig.intel.aggregates import Engine, engine
from veilig.intel.dashboards.counts import Counts, EngineCounts
from veilig.intel.dashboards.figures import Dashboard, dashboard_build
from veilig.intel.dashboards.params import DashboardForm, DashboardQuery
from veilig.intel.dashboards.suppression import ProtectedCounts
from veilig.intel.themes import DashboardTheme, theme_get


@dataclass
class Built:
    grant: DashboardGrant
    form: DashboardForm
    query: DashboardQuery
    dashboard: Dashboard
    engine: Engine


def audit_detail(query: DashboardQuery, fmt: str = "") -> str:
    """What the audit row says of a view: parameters only (area codes, a period, a format)."""
    params = query.url_params()
    parts = [f"{key}={value}" for key, value in params.items()]
    if fmt:
        parts.append(f"format={fmt}")
    return " ".join(parts)[:200]


def counts_for(eng: Engine, theme: DashboardTheme, query: DashboardQuery) -> Counts:
    if query.suppressed:
        return ProtectedCounts(eng, theme, int(settings.DISCLOSURE_THRESHOLD))
    return EngineCounts(eng, theme, query.kinds)


# The parameters a role with suppressed figures may not choose (the form drops their fields).
UNSUPPRESSED_ONLY = ("source", "trend", "start", "end")


def _refuse_invalid(form: DashboardForm, params: QueryDict) -> None:
    """The API's strict reading: a ValidationError (field -> messages) for anything the form
    refuses or a role may not choose, where the page would show the defaults instead."""
    errors: dict[str, list[ValidationError]] = {}
    if form.is_bound and not form.is_valid():
        errors.update(form.errors.as_data())
    for name in UNSUPPRESSED_ONLY:
        if name in params and name not in form.fields:
            errors[name] = [
                ValidationError(
                    _("This choice is not available with suppressed figures."), code="suppressed"
                )
            ]
    if errors:
        raise ValidationError(errors)


def dashboard_request(
    context: AuditContext,
    *,
    theme_code: str,
    params: QueryDict,
    fmt: str = "",
    strict: bool = False,
) -> Built:
    """Parse, decide (one audit row) and compute; NotFound for an unknown theme or a user
    without a dashboard role (after a denied row).

    ``strict`` (the API): parameters the form refuses raise a ValidationError before the row is
    written, as input that does not parse touches nothing (docs/architecture.md)."""
    theme = theme_get(theme_code)
    grant = dashboard_grant_for(acting_user(context))
    if theme is None or grant is None:
        access_dashboard(context, theme=theme_code, known=theme is not None, detail="")
        raise AssertionError("refused above")  # pragma: no cover
    eng = engine()
    tree = eng.areas()
    form = DashboardForm(
        params or None, tree=tree, suppressed=grant.suppressed, default_day=timezone.localdate()
    )
    if strict:
        _refuse_invalid(form, params)
    query = form.query(theme)
    grant = access_dashboard(
        context, theme=theme.code, known=True, detail=audit_detail(query, fmt), export=bool(fmt)
    )
    span = eng.day_range()
    dashboard = dashboard_build(
        query=query,
        counts=counts_for(eng, theme, query),
        tree=tree,
        first_day=span[0] if span else None,
    )
    return Built(grant, form, query, dashboard, eng)


def geometries(codes: list[str], year: int | None) -> dict[str, dict[str, Any]]:
    """The WGS84 GeoJSON geometry of each area (of the engine's boundary year)."""
    return {} if year is None else area_geometries(codes=codes, year=year)
