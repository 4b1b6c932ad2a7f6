from django.urls import path

from veilig.accounts import views, views_admin

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("tweestaps/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("tweestaps/vervangen/", views.two_factor_replace, name="two_factor_replace"),
    path("tweestaps/noodcode/", views.two_factor_backup, name="two_factor_backup"),
    path("tweestaps/", views.two_factor_verify, name="two_factor_verify"),
    path("beheer/tweestaps/", views_admin.two_factor_admin, name="two_factor_admin"),
    path(
        "beheer/tweestaps/<int:user_id>/",
        views_admin.two_factor_admin_user,
        name="two_factor_admin_user",
    ),
    path(
        "beheer/tweestaps/<int:user_id>/activeringscode/",
        views_admin.two_factor_admin_issue,
        name="two_factor_admin_issue",
    ),
    path(
        "beheer/tweestaps/<int:user_id>/herstellen/",
        views_admin.two_factor_admin_reset,
        name="two_factor_admin_reset",
    ),
]
