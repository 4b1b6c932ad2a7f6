from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("veilig.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("veilig.api_urls")),
    path("casussen/", include("veilig.cases.urls")),
    path("tafels/", include("veilig.consultations.urls")),
    path("bijsturen/", include("veilig.consultations.urls_followup")),
    path("privacy/", include("veilig.privacy.urls")),
    path("signalen/", include("veilig.signals.urls")),
    path("registraties/", include("veilig.events.urls")),
    path("voorspellingen/", include("veilig.intel.urls")),
    path("algoritmeregister/", include("veilig.intel.urls_public")),
    path("", include("veilig.geo.urls")),
    path("", include("veilig.web.urls")),
]
