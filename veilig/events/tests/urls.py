"""The URLs the import screens need, with the events app at /registraties/ (as the lead mounts it
in veilig/urls.py); standalone, so that these tests do not depend on other apps' URLs."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("veilig.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("registraties/", include("veilig.events.urls")),
    path("", include("veilig.geo.urls")),
    path("", include("veilig.web.urls")),
]
