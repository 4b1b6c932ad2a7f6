from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "veilig.registry"
    verbose_name = _("Persons and addresses")

    def ready(self) -> None:
        from veilig.registry import checks  # noqa: F401 - registers the deploy checks
