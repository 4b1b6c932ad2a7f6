"""URLs of the dashboards API, mounted under /api/v1/. Parameters are area codes and periods."""

from django.urls import path

from veilig.intel.api import views

urlpatterns = [
    path("dashboards/themes/", views.DashboardThemeListView.as_view(), name="dashboard-theme-list"),
    path("dashboards/<slug:theme>/", views.DashboardDetailView.as_view(), name="dashboard-detail"),
]
