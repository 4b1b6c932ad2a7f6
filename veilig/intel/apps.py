from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntelConfig(AppConfig):
    name = "veilig.intel"
    label = "intel"
    # Forecasts are all the app holds so far.
    verbose_name = _("Hotspot forecasts")
