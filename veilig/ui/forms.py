"""The form base class of every page: NL Design System classes and ARIA links on each widget."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList


class UiForm(forms.Form):
    """A form that puts the NL Design System classes and the ARIA links on every widget.

    Description and error ids follow ``<auto_id>-description`` / ``<auto_id>-error`` (as in
    ``includes/form_field.html``); they are refreshed after validation and after a service
    added an error, so that ``aria-describedby`` always names what is on the page.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._refresh_attrs()

    def _refresh_attrs(self) -> None:
        errors: dict[str, ErrorList] = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            widget = field.widget
            auto_id = self[name].auto_id
            classes = widget_classes(widget)
            described_by = []
            if field.help_text:
                described_by.append(f"{auto_id}-description")
            if name in errors:
                described_by.append(f"{auto_id}-error")
                classes += f" {classes.split()[0]}--invalid"
                widget.attrs["aria-invalid"] = "true"
            else:
                widget.attrs.pop("aria-invalid", None)
            widget.attrs["class"] = classes
            if described_by:
                widget.attrs["aria-describedby"] = " ".join(described_by)
            else:
                widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()
        self._refresh_attrs()

    def add_service_error(self, error: ValidationError) -> None:
        """Attach a service's ValidationError to the fields it names (others: to the form)."""
        if hasattr(error, "error_dict"):
            for name, messages in error.error_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)
        self._refresh_attrs()


def widget_classes(widget: forms.Widget) -> str:
    """The NL Design System classes of a widget (the first one takes the ``--invalid`` suffix)."""
    if isinstance(widget, forms.FileInput):
        return "veilig-file-input"  # NL Design System has no file input; the browser's own
    if isinstance(widget, forms.CheckboxInput):
        return "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
    if isinstance(widget, forms.RadioSelect):
        return "utrecht-radio-button utrecht-radio-button--html-input"
    if isinstance(widget, forms.Select):
        return "utrecht-select utrecht-select--html-select"
    if isinstance(widget, forms.Textarea):
        return "utrecht-textarea utrecht-textarea--html-textarea"
    return "utrecht-textbox utrecht-textbox--html-input"
