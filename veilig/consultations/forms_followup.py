"""The follow-up overview's settings, read strictly from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from veilig.consultations.selectors.followup import DEFAULT_PERIOD_MONTHS, DEFAULT_QUIET_DAYS
from veilig.ui.forms import UiForm
from veilig.ui.params import parse_int

QUIET_DAYS_MAX = 730
PERIOD_MONTHS_MAX = 60


class _WholeNumber(forms.CharField):
    """1 to 18 ASCII digits within ``minimum..maximum`` (``veilig.ui.params``), else a clear
    error; empty is the default."""

    def __init__(self, *, minimum: int, maximum: int, default: int, **kwargs: Any) -> None:
        super().__init__(required=False, strip=True, **kwargs)
        self.minimum, self.maximum, self.default = minimum, maximum, default
        self.widget.attrs.update({"inputmode": "numeric", "size": "4"})

    def clean(self, value: Any) -> int:
        raw = super().clean(value)
        if raw == "":
            return self.default
        number = parse_int(raw, minimum=self.minimum, maximum=self.maximum)
        if number is None:
            raise ValidationError(
                _("Enter a whole number from %(minimum)s to %(maximum)s."),
                code="invalid",
                params={"minimum": self.minimum, "maximum": self.maximum},
            )
        return number


class FollowupForm(UiForm):
    """Codes and numbers only: it travels in the URL."""

    marks_optional = False

    dagen = _WholeNumber(
        label=_("Without progress for at least (days)"),
        minimum=1,
        maximum=QUIET_DAYS_MAX,
        default=DEFAULT_QUIET_DAYS,
    )
    maanden = _WholeNumber(
        label=_("Lead times over the last (months)"),
        minimum=1,
        maximum=PERIOD_MONTHS_MAX,
        default=DEFAULT_PERIOD_MONTHS,
    )

    def settings(self) -> tuple[int, int]:
        """The valid values; a value in error is reported and replaced by its default."""
        self.is_valid()
        cleaned = self.cleaned_data
        days = cleaned.get("dagen") if "dagen" not in self.errors else None
        months = cleaned.get("maanden") if "maanden" not in self.errors else None
        return (
            days if isinstance(days, int) else DEFAULT_QUIET_DAYS,
            months if isinstance(months, int) else DEFAULT_PERIOD_MONTHS,
        )
