from django.urls import path

from veilig.consultations import views_meetings as views

app_name = "meetings"

# Only ids in paths.
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nieuw/", views.meeting_schedule_view, name="schedule"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/agenda/nieuw/", views.agenda_add_view, name="agenda_add"),
    path("<int:meeting_id>/agenda/volgorde/", views.agenda_move_view, name="agenda_move"),
    path("<int:meeting_id>/agenda/publiceren/", views.agenda_publish_view, name="publish"),
    path("<int:meeting_id>/gehouden/", views.meeting_hold_view, name="hold"),
    path("<int:meeting_id>/afgelast/", views.meeting_cancel_view, name="cancel"),
    path("<int:meeting_id>/aanwezigen/", views.attendance_view, name="attendance"),
    path("<int:meeting_id>/verklaring/", views.statement_view, name="statement"),
    path("punten/<int:item_id>/", views.item_detail, name="item"),
    path("punten/<int:item_id>/verslag/", views.minutes_view, name="minutes"),
    path("punten/<int:item_id>/besluiten/", views.decision_view, name="decision"),
    path("punten/<int:item_id>/acties/", views.action_view, name="action"),
    path("casussen/<int:case_id>/bespreken/", views.discussion_flag_view, name="flag"),
]
