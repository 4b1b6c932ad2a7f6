from django.urls import path

from veilig.signals import views, views_early, views_exports

app_name = "signals"

# Only ids in paths; names and addresses never appear in a URL.
urlpatterns = [
    path("", views.signal_list_view, name="list"),
    path("export.<export_format:fmt>", views_exports.signal_list_export, name="export"),
    path("nieuw/", views.signal_create_view, name="create"),
    path("verzonden/", views.signal_sent_view, name="sent"),
    path("adressen/", views.address_search, name="address_search"),
    path("<int:signal_id>/", views.signal_detail, name="detail"),
    path("<int:signal_id>/status/", views.signal_status_view, name="status"),
    path("<int:signal_id>/casus/", views.signal_case_view, name="link_case"),
    path("<int:signal_id>/fotos/<int:photo_id>/", views.signal_photo, name="photo"),
    path("teams/", views.team_index, name="teams"),
    path("teams/<int:team_id>/", views.team_view, name="team"),
    path("teams/<int:team_id>/kaart.json", views.team_map, name="team_map"),
    path(
        "teams/<int:team_id>/signalen.<export_format:fmt>",
        views_exports.team_signal_export,
        name="team_export",
    ),
    path(
        "teams/<int:team_id>/vroegsignalen.<export_format:fmt>",
        views_exports.team_early_signal_export,
        name="team_early_export",
    ),
    path("vroegsignalen/", views_early.early_signal_list_view, name="early_list"),
    path("vroegsignalen/<int:early_id>/", views_early.early_signal_detail, name="early_detail"),
    path(
        "vroegsignalen/<int:early_id>/status/",
        views_early.early_signal_status_view,
        name="early_status",
    ),
]
