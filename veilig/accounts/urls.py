from django.urls import path

from veilig.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("tweestaps/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("tweestaps/vervangen/", views.two_factor_replace, name="two_factor_replace"),
    path("tweestaps/noodcode/", views.two_factor_backup, name="two_factor_backup"),
    path("tweestaps/", views.two_factor_verify, name="two_factor_verify"),
]
