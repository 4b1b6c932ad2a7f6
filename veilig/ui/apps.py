from django.apps import AppConfig


class UiConfig(AppConfig):
    """The shared UI toolkit: form base class, the view decorator, parameters, uploads."""

    name = "veilig.ui"
    label = "ui"
