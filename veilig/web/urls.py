from django.urls import path

from veilig.web import views, views_two_factor

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    # The administrator's second-factor pages (accounts' data, choke points in access/accounts):
    # here, above the choke points, because accounts itself is below them.
    path("account/beheer/tweestaps/", views_two_factor.two_factor_admin, name="two_factor_admin"),
    path(
        "account/beheer/tweestaps/<int:user_id>/",
        views_two_factor.two_factor_admin_user,
        name="two_factor_admin_user",
    ),
    path(
        "account/beheer/tweestaps/<int:user_id>/activeringscode/",
        views_two_factor.two_factor_admin_issue,
        name="two_factor_admin_issue",
    ),
    path(
        "account/beheer/tweestaps/<int:user_id>/herstellen/",
        views_two_factor.two_factor_admin_reset,
        name="two_factor_admin_reset",
    ),
]
