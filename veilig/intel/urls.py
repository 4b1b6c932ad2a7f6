from django.urls import path

from veilig.intel import views

app_name = "forecasts"

urlpatterns = [
    path("teams/", views.team_index, name="teams"),
    path("teams/<int:team_id>/", views.team_map, name="team_map"),
]
