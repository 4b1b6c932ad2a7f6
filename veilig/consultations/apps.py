from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "veilig.consultations"
    verbose_name = _("Case tables")

    def ready(self) -> None:
        # The receivers of veilig.cases.hooks; imported here because they need the models.
        from veilig.consultations import receivers

        receivers.connect()
