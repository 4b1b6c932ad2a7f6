from django.urls import path

from veilig.cases import views

app_name = "cases"

# Only ids in paths; names, dates of birth and BSNs never appear in a URL.
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("export.<export_format:fmt>", views.case_export_view, name="export"),
    path("aanmelden/", views.register_view, name="register"),
    path("noodtoegang/", views.break_glass_view, name="break_glass"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/besluit/", views.transition_view, name="transition"),
    path("<int:case_id>/deelnemers/", views.participant_invite_view, name="invite"),
    path("<int:case_id>/inbreng/", views.contribution_add_view, name="contribution_add"),
    path("<int:case_id>/plan/", views.plan_view, name="plan"),
    path("<int:case_id>/acties/nieuw/", views.action_add_view, name="action_add"),
    path("<int:case_id>/acties/<int:action_id>/", views.action_update_view, name="action_update"),
    path("<int:case_id>/documenten/nieuw/", views.document_upload_view, name="document_upload"),
    path("documenten/<int:document_id>/", views.document_download, name="document_download"),
    path("personen/<int:person_id>/", views.person_detail, name="person"),
    path("personen/dubbel/", views.duplicates_view, name="duplicates"),
    path("personen/<int:first_id>/samenvoegen/<int:second_id>/", views.merge_view, name="merge"),
    path("personen/samenvoegingen/<int:merge_id>/", views.merge_detail_view, name="merge_detail"),
    path(
        "personen/samenvoegingen/<int:merge_id>/ongedaan-maken/",
        views.merge_undo_view,
        name="merge_undo",
    ),
    path(
        "personen/samenvoegingen/<int:merge_id>/bevestigen/",
        views.merge_confirm_view,
        name="merge_confirm",
    ),
]
