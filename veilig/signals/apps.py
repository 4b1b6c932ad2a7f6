from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "veilig.signals"
    verbose_name = _("Signals and neighbourhood teams")

    def ready(self) -> None:
        # A case registered from an early signal links back to it (veilig.cases.hooks);
        # imported here because it needs the models.
        from veilig.signals import receivers

        receivers.connect()
