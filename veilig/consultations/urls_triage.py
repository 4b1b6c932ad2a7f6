from django.urls import path

from veilig.consultations import views_triage

app_name = "triage"

# Only ids in paths.
urlpatterns = [
    path("", views_triage.queue_view, name="queue"),
    path("<int:case_id>/besluit/", views_triage.decide_view, name="decide"),
    path("<int:case_id>/informeren/", views_triage.inform_view, name="inform"),
]
