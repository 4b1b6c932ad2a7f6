"""The inbox at /berichten/: ids only in paths."""

from django.urls import path

from veilig.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("instellingen/", views.preferences, name="preferences"),
    path("<int:notification_id>/", views.follow, name="follow"),
]
