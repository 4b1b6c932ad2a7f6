from django.urls import path

from veilig.geo import views

app_name = "geo"

urlpatterns = [
    path("gebieden/", views.explorer, name="explorer"),
    path("gebieden/kaart.geojson", views.explorer_geojson, name="explorer_geojson"),
    path("gebieden/straten.geojson", views.streets_geojson, name="streets_geojson"),
]
