from django.apps import AppConfig


class UiConfig(AppConfig):
    """The shared UI toolkit: form base class, the view decorator, parameters, uploads, exports."""

    name = "veilig.ui"
    label = "ui"

    def ready(self) -> None:
        from django.urls import register_converter

        from veilig.ui.exports import ExportFormatConverter

        # ``<export_format:fmt>`` in the URLs of the exports: csv or xlsx.
        register_converter(ExportFormatConverter, "export_format")
