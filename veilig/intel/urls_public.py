"""The public pages of the intelligence part: the algorithm register (no sign-in)."""

from django.urls import path

from veilig.intel import views

app_name = "algorithms"

urlpatterns = [
    path("", views.register, name="register"),
    path("technisch/", views.register_technical, name="technical"),
]
