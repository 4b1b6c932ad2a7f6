from django.urls import path

from veilig.consultations import views_followup

app_name = "followup"

urlpatterns = [
    path("", views_followup.followup_overview, name="overview"),
    path("acties/<int:organisation_id>/", views_followup.followup_overdue, name="overdue"),
]
