"""The form toolkit of every page: NL Design System classes, ARIA links, the error summary and
the one date input.

Rules (docs/ui.md, "Forms"):

- Nothing is styled invalid before the server said so: no ``required`` attribute (which makes an
  empty field ``:invalid`` on load and lets the browser report one field at a time); required
  fields carry ``aria-required="true"`` instead, errors ``aria-invalid="true"``.
- An optional field says "(optional)" once, after its label (``field_marks_optional``); a
  required one says nothing. Filter and search forms mark nothing (``marks_optional``).
- Every error at once: ``error_summary`` lists each field error once, linked to its input.
- Dates are typed as dd-mm-jjjj (``DateField``, ``DateTimeField``; ``veilig.ui.dates``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorList, from_current_timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilig.ui.dates import DATE_FORMAT, DATETIME_FORMAT, parse_date, parse_datetime


class UiForm(forms.Form):
    """A form that puts the NL Design System classes and the ARIA links on every widget.

    Description and error ids follow ``<auto_id>-description`` / ``<auto_id>-error`` (as in
    ``includes/form_field.html``); they are refreshed after validation and after a service
    added an error, so that ``aria-describedby`` always names what is on the page.
    """

    # No `required` attribute: see the module docstring (aria-required says it instead).
    use_required_attribute = False
    #: False for filter and search forms, whose fields are all optional by nature.
    marks_optional: ClassVar[bool] = True
    #: Optional to Django, required to the user: a service judges them (so that a refusal is
    #: audited too). Shown as required.
    required_by_service: ClassVar[frozenset[str]] = frozenset()
    #: Required only in some cases, which the field's help text names: neither marked optional
    #: nor announced as required.
    required_when: ClassVar[frozenset[str]] = frozenset()
    #: Form-level errors about a group of fields, by error code: (the group's first field, the
    #: group's name). The summary links them to that field; the template shows them at the group.
    error_groups: ClassVar[dict[str, tuple[str, str | Promise]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._refresh_attrs()

    def _refresh_attrs(self) -> None:
        errors: dict[str, ErrorList] = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            bound = self[name]
            widget = field.widget
            for key in ("class", "aria-describedby", "aria-invalid", "aria-required"):
                widget.attrs.pop(key, None)
            widget.attrs.update(field_attrs(bound, has_errors=name in errors))

    def full_clean(self) -> None:
        super().full_clean()
        self._refresh_attrs()

    def add_service_error(self, error: ValidationError) -> None:
        """Attach a service's ValidationError to the fields it names (others: to the form)."""
        if hasattr(error, "error_dict"):
            for name, messages in error.error_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.error_list)
        self._refresh_attrs()

    def group_errors(self, code: str) -> list[str]:
        """The form-level messages about one group of fields (``error_groups``)."""
        return [
            message
            for error in self.errors.as_data().get(NON_FIELD_ERRORS, [])
            if error.code == code
            for message in error.messages
        ]


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
    textbox = "utrecht-textbox utrecht-textbox--html-input"
    if isinstance(widget, DateTimeInput):
        return f"{textbox} veilig-date-input veilig-date-input--time"
    if isinstance(widget, DateInput):
        return f"{textbox} veilig-date-input"
    return textbox


def shown_as_required(field: forms.BoundField) -> bool:
    """Whether the user must fill the field in (Django's ``required`` or a service's rule)."""
    return field.field.required or field.name in getattr(field.form, "required_by_service", ())


def field_marks_optional(field: forms.BoundField) -> bool:
    """Whether the label says "(optional)": an optional field of a form that marks them, not a
    single checkbox (ticking it is the answer) and not a field required in some cases."""
    form = field.form
    return (
        getattr(form, "marks_optional", True)
        and not shown_as_required(field)
        and field.name not in getattr(form, "required_when", ())
        and field.widget_type != "checkbox"
        and not field.is_hidden
    )


def field_attrs(field: forms.BoundField, *, has_errors: bool) -> dict[str, str]:
    """The classes and ARIA attributes of a field's widget, for ``UiForm`` and ``field_input``."""
    widget = field.field.widget
    classes = widget_classes(widget)
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-description")
    attrs: dict[str, str] = {}
    if has_errors:
        described_by.append(f"{field.auto_id}-error")
        classes += f" {classes.split()[0]}--invalid"
        attrs["aria-invalid"] = "true"
    attrs["class"] = classes
    if described_by and not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        attrs["aria-describedby"] = " ".join(described_by)  # a group: on its fieldset
    if shown_as_required(field) and _takes_aria_required(widget):
        attrs["aria-required"] = "true"
    return attrs


def _takes_aria_required(widget: forms.Widget) -> bool:
    # Radios and checkbox groups say it on their fieldset (role radiogroup); a file input has no
    # ARIA role that allows aria-required; hidden inputs are not announced.
    return (
        not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.FileInput)
        and not widget.is_hidden
    )


# --- The error summary ----------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryItem:
    """One line of the error summary: ``href`` is ``#<input id>`` or empty (no field to go to)."""

    message: str
    label: str = ""
    href: str = ""


def error_summary(form: forms.BaseForm) -> list[SummaryItem]:
    """Every error of the form once, in the order of the page: form-level errors first, then the
    fields in form order, each linked to its input (a radio group: to its first radio). An error
    about a group of fields (``UiForm.error_groups``) stands where the group starts."""
    items: list[SummaryItem] = []
    at_field: dict[str, list[SummaryItem]] = {}
    groups: dict[str, tuple[str, str | Promise]] = getattr(form, "error_groups", {})
    for error in form.errors.as_data().get(NON_FIELD_ERRORS, []):
        group = groups.get(error.code or "")
        for message in error.messages:
            if group is None:
                items.append(SummaryItem(message))
            else:
                first, label = group
                href = f"#{_input_id(form[first])}"
                at_field.setdefault(first, []).append(SummaryItem(message, str(label), href))
    for field in form:
        items.extend(at_field.get(field.name, []))
        for text in map(str, field.errors):
            if field.is_hidden:  # nothing to go to; the message alone
                items.append(SummaryItem(text))
            else:
                items.append(SummaryItem(text, str(field.label), f"#{_input_id(field)}"))
    return list(dict.fromkeys(items))


def _input_id(field: forms.BoundField) -> str:
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.id_for_label


# --- The one date input ---------------------------------------------------------------------


class DateInput(forms.DateInput):
    """A text input for dd-mm-jjjj: the same in every browser and language, typed fast (a date
    of birth is not picked from a calendar), and shown as every date on the site is shown."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"autocomplete": "off", "spellcheck": "false"}
        super().__init__(attrs={**base, **(attrs or {})}, format=DATETIME_FORMAT)


class DateField(forms.DateField):
    """A day typed as dd-mm-jjjj (``veilig.ui.dates``), in any language of the page."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("As dd-mm-yyyy, for example 31-01-2026."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date(str(value))

    def prepare_value(self, value: Any) -> Any:
        """A valid typed date is shown back as dd-mm-jjjj (``2026-1-31`` → ``31-01-2026``)."""
        if isinstance(value, str):
            try:
                return parse_date(value)
            except ValidationError:
                return value
        return value


class DateTimeField(forms.DateTimeField):
    """A moment typed as dd-mm-jjjj uu:mm, in the current time zone."""

    widget = DateTimeInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("As dd-mm-yyyy hh:mm, for example 31-01-2026 14:30."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return from_current_timezone(value) if value.tzinfo is None else value
        if isinstance(value, dt.date):
            return from_current_timezone(dt.datetime(value.year, value.month, value.day))
        return from_current_timezone(parse_datetime(str(value)))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return parse_datetime(value)
            except ValidationError:
                return value
        return super().prepare_value(value)
