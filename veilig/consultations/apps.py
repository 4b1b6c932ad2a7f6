from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "veilig.consultations"
    verbose_name = _("Case tables")

    def ready(self) -> None:
        from veilig.cases.hooks import action_changed
        from veilig.consultations.receivers import action_to_agenda

        # An action due by the next meeting of its table is put on that agenda by itself.
        action_changed.connect(action_to_agenda, dispatch_uid="consultations-action-to-agenda")
