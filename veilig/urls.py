from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("veilig.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("veilig.api_urls")),
    path("casussen/", include("veilig.cases.urls")),
    path("berichten/", include("veilig.notifications.urls")),
    path("tafels/", include("veilig.consultations.urls")),
    path("overleggen/", include("veilig.consultations.urls_outputs")),
    path("overleggen/", include("veilig.consultations.urls_meetings")),
    path("triage/", include("veilig.consultations.urls_triage")),
    path("bijsturen/", include("veilig.consultations.urls_followup")),
    path("privacy/", include("veilig.privacy.urls")),
    path("signalen/", include("veilig.signals.urls")),
    path("registraties/", include("veilig.events.urls")),
    path("voorspellingen/", include("veilig.intel.urls")),
    path("dashboards/", include("veilig.intel.urls_dashboards")),
    path("algoritmeregister/", include("veilig.intel.urls_public")),
    path("", include("veilig.geo.urls")),
    path("", include("veilig.web.urls")),
]
