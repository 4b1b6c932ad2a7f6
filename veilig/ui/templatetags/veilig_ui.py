"""Template helpers for the NL Design System markup of the shell and its forms."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import template
from django.forms import BaseForm, BoundField
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilig.ui.forms import (
    SummaryItem,
    error_summary,
    field_attrs,
    field_marks_optional,
    shown_as_required,
)

register = template.Library()


@register.filter
def number(value: int | float | None) -> str:
    """A whole number with the locale's thousands separator; "unknown" when missing."""
    if value is None:
        return _("unknown")
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


@register.filter(expects_localtime=True)
def dmy(value: date | datetime | str | None) -> str:
    """A day as dd-mm-jjjj (a moment in time arrives in the local time zone).

    The same text as ``|date:"d-m-Y"`` without the format machinery per call, which a list of
    50 cases calls 150 times.
    """
    if not isinstance(value, date):
        return ""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


@register.filter
def minutes(value: timedelta | None) -> str:
    """A duration in whole minutes, e.g. "15 minutes" (rounded up)."""
    if value is None:
        return ""
    total = max(1, -(-int(value.total_seconds()) // 60))
    return ngettext("%(count)d minute", "%(count)d minutes", total) % {"count": total}


@register.simple_tag
def field_input(field: BoundField, extra_class: str = "") -> SafeString:
    """The field's widget with its NL Design System classes and the ARIA links to its
    description and error message (ids ``<auto_id>-description`` and ``<auto_id>-error``).

    The same rules as ``UiForm`` (``field_attrs``), so that a form of any class renders alike:
    also a form that is no ``UiForm`` (the sign-in form) gets no ``required`` attribute.
    """
    attrs: dict[str, str | bool] = dict(field_attrs(field, has_errors=bool(field.errors)))
    if extra_class:
        classes = f"{attrs['class']} {extra_class}".split()
        attrs["class"] = " ".join(dict.fromkeys(classes))
    field.form.use_required_attribute = False  # aria-required instead (veilig.ui.forms)
    return field.as_widget(attrs=attrs)


@register.filter
def marks_optional(field: BoundField) -> bool:
    """Whether the field's label says "(optional)" (``veilig.ui.forms.field_marks_optional``)."""
    return field_marks_optional(field)


@register.filter
def shown_required(field: BoundField) -> bool:
    return shown_as_required(field)


@register.simple_tag
def form_error_summary(form: object) -> list[SummaryItem]:
    """The lines of the error summary of ``form`` (``veilig.ui.forms.error_summary``); none
    when the page has no such form."""
    if not isinstance(form, BaseForm) or not form.is_bound or not form.errors:
        return []
    return error_summary(form)
