"""Forms of the privacy officer's pages. They only parse; the views call the choke points
(``veilig.access.privacy``), selectors and services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilig.access.privacy import PersonCriteria
from veilig.accounts.models import User
from veilig.privacy.selectors import audit_users_for_review
from veilig.ui.forms import DateField, UiForm


class PeriodForm(UiForm):
    """A period of calendar days (both inclusive); empty ends leave the period open."""

    marks_optional = False  # a filter

    van = DateField(label=_("From"), required=False)
    tot = DateField(label=_("Up to and including"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("van"), cleaned.get("tot")
        if since and until and since > until:
            raise forms.ValidationError(_("The start of the period lies after its end."))
        return cleaned

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The valid period, or an open one when the input was invalid (the form says why)."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("van"), self.cleaned_data.get("tot")


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, User)
        name = obj.get_full_name() or obj.username
        organisation = obj.organisation.name if obj.organisation else _("no organisation")
        return f"{name} ({obj.username}, {organisation})"


class UserLogForm(PeriodForm):
    gebruiker = UserChoiceField(
        label=_("User"), queryset=User.objects.none(), empty_label=_("Choose a user")
    )

    field_order = ["gebruiker", "van", "tot"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["gebruiker"]
        assert isinstance(field, UserChoiceField)
        field.queryset = audit_users_for_review()


class PersonLookupForm(UiForm):
    """Find a person by id, or by name, date of birth and/or BSN. Posted: nothing in the URL."""

    CRITERIA = ("person_id", "naam", "geboortedatum", "bsn")
    marks_optional = False  # a search: at least one of them, which the intro says

    person_id = forms.IntegerField(
        label=_("Person number"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("The number of the person in Veilig, if you know it."),
    )
    naam = forms.CharField(label=_("Name"), required=False, max_length=200)
    geboortedatum = DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("As dd-mm-yyyy, for example 31-01-1990."),
    )
    bsn = forms.CharField(
        label=_("Citizen service number (BSN)"),
        required=False,
        max_length=9,
        min_length=9,
        help_text=_("Compared in encrypted form; the number is not written to the log."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_bsn(self) -> str:
        value: str = self.cleaned_data.get("bsn", "").strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("A BSN consists of 9 digits."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given = any(cleaned.get(f) for f in self.CRITERIA)
        if not given and not self.errors:
            raise forms.ValidationError(
                _("Fill in a person number, or a name, date of birth or BSN.")
            )
        return cleaned

    def criteria(self) -> PersonCriteria | None:
        """What to search by (the audit row names the kinds, never the values); None if invalid."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return PersonCriteria(
            person_id=data.get("person_id"),
            name=data.get("naam") or "",
            date_of_birth=data.get("geboortedatum"),
            bsn=data.get("bsn") or "",
        )


class BreakGlassReviewForm(UiForm):
    note = forms.CharField(
        label=_("Review note"),
        max_length=2000,
        help_text=_("Was the access justified? Write down what you checked and concluded."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_note(self) -> str:
        note: str = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Write a review note."))
        return note


class ReportOptionsForm(UiForm):
    verzoek = DateField(
        label=_("Date the request was received"),
        required=False,
        help_text=_(
            "As dd-mm-yyyy. Printed in the PDF with the date by which it must be answered "
            "(one month)."
        ),
    )
    namen = forms.BooleanField(
        label=_("Include the names of the employees who consulted the data"),
        required=False,
        help_text=_(
            "Not needed as a rule: the person has a right to the organisations, dates and "
            "purposes of consultations (CJEU C-579/21)."
        ),
    )

    def clean_verzoek(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("verzoek")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of the request cannot lie in the future."))
        return value
