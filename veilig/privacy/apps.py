from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The privacy officer's pages on the access log; the log itself is ``veilig.audit``."""

    name = "veilig.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
