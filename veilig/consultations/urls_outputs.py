"""The files of a meeting, next to the meeting pages under ``/overleggen/<id>/``."""

from django.urls import path

from veilig.consultations.outputs import views

app_name = "meeting_outputs"

urlpatterns = [
    path("<int:meeting_id>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:meeting_id>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/overleg.ics", views.meeting_ics, name="ics"),
]
