"""URLs of the consultations API, mounted under /api/v1/. No personal data in any URL."""

from django.urls import path

from veilig.consultations.api import views

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "meetings/<int:pk>/transition/",
        views.MeetingTransitionView.as_view(),
        name="meeting-transition",
    ),
    path(
        "meetings/<int:pk>/agenda-items/",
        views.MeetingAgendaItemsView.as_view(),
        name="meeting-agenda-items",
    ),
    path(
        "meetings/<int:pk>/agenda-items/move/",
        views.MeetingAgendaMoveView.as_view(),
        name="meeting-agenda-move",
    ),
    path(
        "meetings/<int:pk>/attendance/",
        views.MeetingAttendanceView.as_view(),
        name="meeting-attendance",
    ),
    path(
        "meetings/<int:pk>/statement/",
        views.MeetingStatementView.as_view(),
        name="meeting-statement",
    ),
    path("agenda-items/<int:pk>/", views.AgendaItemDetailView.as_view(), name="agenda-item-detail"),
    path(
        "agenda-items/<int:pk>/minutes/",
        views.AgendaItemMinutesView.as_view(),
        name="agenda-item-minutes",
    ),
    path(
        "agenda-items/<int:pk>/decisions/",
        views.AgendaItemDecisionsView.as_view(),
        name="agenda-item-decisions",
    ),
    path(
        "agenda-items/<int:pk>/actions/",
        views.AgendaItemActionsView.as_view(),
        name="agenda-item-actions",
    ),
    path("triage/", views.TriageQueueView.as_view(), name="triage-list"),
    path(
        "cases/<int:pk>/triage-decision/",
        views.CaseTriageDecisionView.as_view(),
        name="case-triage-decision",
    ),
    path(
        "cases/<int:pk>/subject-informing/",
        views.CaseSubjectInformingView.as_view(),
        name="case-subject-informing",
    ),
]
