"""Mount under /registraties/ (``path("registraties/", include("veilig.events.urls"))``)."""

from django.urls import path

from veilig.events import views

app_name = "events"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/nieuw/", views.import_new, name="import_new"),
    path("imports/<int:run_id>/", views.import_detail, name="import_detail"),
    path("imports/<int:run_id>/kolommen/", views.import_mapping, name="import_mapping"),
    path("imports/<int:run_id>/voortgang/", views.import_progress, name="import_progress"),
    path(
        "imports/<int:run_id>/rapport.<export_format:fmt>",
        views.import_report_view,
        name="import_report",
    ),
]
