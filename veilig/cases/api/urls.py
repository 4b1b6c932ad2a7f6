"""URLs of the casework API, mounted under /api/v1/. No personal data in any URL."""

from django.urls import path

from veilig.cases.api import views

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/search/", views.CaseSearchView.as_view(), name="case-search"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/transition/", views.CaseTransitionView.as_view(), name="case-transition"),
    path(
        "cases/<int:pk>/participants/",
        views.CaseParticipantsView.as_view(),
        name="case-participants",
    ),
    path(
        "cases/<int:pk>/contributions/",
        views.CaseContributionsView.as_view(),
        name="case-contributions",
    ),
    path("cases/<int:pk>/plan/", views.CasePlanView.as_view(), name="case-plan"),
    path("cases/<int:pk>/actions/", views.CaseActionsView.as_view(), name="case-actions"),
    path("cases/<int:pk>/documents/", views.CaseDocumentsView.as_view(), name="case-documents"),
    path("actions/<int:pk>/", views.ActionUpdateView.as_view(), name="action-detail"),
    path(
        "documents/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document-download",
    ),
    path(
        "contributions/<int:pk>/",
        views.ContributionDetailView.as_view(),
        name="contribution-detail",
    ),
    path("persons/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("break-glass/", views.BreakGlassView.as_view(), name="break-glass"),
]
