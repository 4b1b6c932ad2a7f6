from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "veilig.signals"
    verbose_name = _("Signals and neighbourhood teams")
