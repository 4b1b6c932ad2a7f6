"""The REST API (v1): one URL list over the apps' api modules, mounted at /api/v1/.

URL names are namespaced ``api:`` (e.g. ``api:case-detail``). The OpenAPI schema of everything
here is committed as ``openapi.yaml``; see docs/api.md to regenerate it.
"""

from django.urls import include, path

from veilig.notifications.api import NotificationListView

app_name = "api"

urlpatterns = [
    path("", include("veilig.cases.api.urls")),
    path("notifications/", NotificationListView.as_view(), name="notification-list"),
    path("", include("veilig.consultations.api.urls")),
    path("", include("veilig.intel.api.urls")),
]
