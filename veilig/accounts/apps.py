from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "veilig.accounts"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        # Sign-in events go to the audit log; imported here because it needs the models.
        from veilig.accounts import auth_events

        auth_events.connect()
