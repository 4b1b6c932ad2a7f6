"""The privacy officer's pages, mounted at /privacy/. Person ids in URLs, never names or BSNs."""

from django.urls import path

from veilig.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.person_search, name="person_search"),
    path("personen/<int:person_id>/", views.person_log, name="person_log"),
    path("personen/<int:person_id>/inzage/", views.subject_access, name="subject_access"),
    path(
        "personen/<int:person_id>/inzage.json",
        views.subject_access_json,
        name="subject_access_json",
    ),
    path(
        "personen/<int:person_id>/inzage.pdf", views.subject_access_pdf, name="subject_access_pdf"
    ),
    path("gebruikers/", views.user_log, name="user_log"),
    path("noodtoegang/", views.break_glass_queue, name="break_glass"),
    path(
        "noodtoegang/<int:grant_id>/beoordelen/",
        views.break_glass_review_view,
        name="break_glass_review",
    ),
    path("logboek/controle/", views.chain_status, name="chain"),
]
