from django.urls import path

from veilig.intel.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("<slug:theme>/", views.dashboard_page, name="page"),
    path("<slug:theme>/export.<str:fmt>", views.dashboard_export, name="export"),
    path("<slug:theme>/grafiek/<slug:chart>.<str:fmt>", views.dashboard_chart, name="chart"),
]
