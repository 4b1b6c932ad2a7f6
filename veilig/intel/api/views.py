"""Views of the dashboards API: parse the query string, call ``dashboard_request`` (the page's
code path: the same grant, suppression and audit row), render.

Roles without the dashboards (everyone but analysts and policy officers) get 404, as on the
pages; unknown themes too.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from veilig.access.dashboards import dashboard_grant_for
from veilig.access.errors import NotFound
from veilig.cases.api.views.base import ERROR_400, ERRORS_READ, VeiligAPIView
from veilig.intel.api import serializers as s
from veilig.intel.api.present import dashboard_data, theme_data
from veilig.intel.dashboards.build import dashboard_request
from veilig.intel.themes import THEMES

TAGS = ["dashboards"]


def _query(name: str, description: str, enum: list[str] | None = None) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.QUERY, enum=enum, description=description
    )


THEME = OpenApiParameter(
    "theme",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=[t.code for t in THEMES],
    description="The theme's code (`GET /api/v1/dashboards/themes/`).",
)
DASHBOARD_PARAMETERS = [
    THEME,
    _query("level", "The level of the rows (default `stadsdeel`).", ["stadsdeel", "wijk", "buurt"]),
    _query("area", "The CBS code of the area whose parts are shown (default the municipality)."),
    _query(
        "period",
        "The kind of period (default `month`); `week` and `custom` only unsuppressed.",
        ["week", "month", "quarter", "year", "custom"],
    ),
    _query("at", "Which period: `2024-07`, `2024-Q3`, `2024` or `2024-W27` (default last month)."),
    _query("start", "First day of a custom period (`yyyy-mm-dd` or `dd-mm-jjjj`)."),
    _query("end", "Last day of a custom period (at most three years after `start`)."),
    _query(
        "source",
        "Which records count (default `all`); unsuppressed only.",
        ["all", "events", "signals"],
    ),
    _query("trend", "The trend per month (default) or week; unsuppressed only.", ["month", "week"]),
]


class DashboardThemeListView(VeiligAPIView):
    @extend_schema(
        operation_id="dashboards_themes_list",
        tags=TAGS,
        summary="The safety themes of the dashboards",
        description="Analysts and policy officers; others get 404. No audit row (no figures).",
        responses={200: s.DashboardThemeSerializer(many=True), **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        if dashboard_grant_for(self.actor(request)) is None:
            raise NotFound("dashboard")
        return Response(s.DashboardThemeSerializer([theme_data(t) for t in THEMES], many=True).data)


class DashboardDetailView(VeiligAPIView):
    @extend_schema(
        operation_id="dashboards_retrieve",
        tags=TAGS,
        summary="The figures of one theme's dashboard",
        description=(
            "The same figures as the page `/dashboards/{theme}/` with the same parameters: "
            "unsuppressed for analysts; for policy officers small cells are `null` with "
            "`suppressed: true`, and only months, quarters and years of all sources together "
            "may be asked. One audit row per request. Parameters the page would replace by its "
            "defaults are a 400 here, before anything is read (no audit row)."
        ),
        parameters=DASHBOARD_PARAMETERS,
        responses={
            200: s.DashboardSerializer,
            400: OpenApiResponse(
                ERROR_400.response,
                description="Invalid parameters: parameter name → list of messages.",
            ),
            **ERRORS_READ,
        },
    )
    def get(self, request: Request, theme: str) -> Response:
        built = dashboard_request(
            self.context(request), theme_code=theme, params=request.query_params, strict=True
        )
        return Response(s.DashboardSerializer(dashboard_data(built)).data)
