"""Forms of the signals: they parse; services write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from veilig.registry.keys import address_parts
from veilig.registry.models import Address
from veilig.signals.models import Category
from veilig.signals.selectors import PERIODS, category_choices
from veilig.signals.vocabulary import (
    EARLY_OPEN_STATUSES,
    EarlySignalStatus,
    LocationMethod,
    SignalSource,
    SignalStatus,
)
from veilig.ui.forms import DateField, DateTimeField, UiForm

_STREET_NUMBER = re.compile(r"^\s*(?P<street>\D+?)\s+(?P<nr>\d{1,5})\s*(?P<letter>[A-Za-z])?\s*$")


def address_from_text(text: str) -> list[Address]:
    """The addresses a typed "9711 AB 12" or "Grote Markt 12" refers to (0, 1 or more)."""
    parts = address_parts(text)
    if parts is not None:
        postcode, number, letter, addition = parts
        found = Address.objects.filter(
            postcode=postcode, house_number=int(number), house_letter=letter
        )
        if addition:
            found = found.filter(house_number_addition__iexact=addition)
        return list(found[:5])
    match = _STREET_NUMBER.match(text)
    if match:
        found = Address.objects.filter(
            street__iexact=match["street"].strip(),
            house_number=int(match["nr"]),
            house_letter=(match["letter"] or "").upper(),
        )
        return list(found[:5])
    return []


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in files]


class CategoryChoiceField(forms.ModelChoiceField[Category]):
    def label_from_instance(self, obj: Category) -> str:
        return f"– {obj.name}" if obj.parent_id else obj.name


class SignalForm(UiForm):
    # A location is needed: an address here, or a point on the map or from the phone.
    required_when = frozenset({"address_text"})

    category = CategoryChoiceField(
        label=_("What is it about?"), queryset=Category.objects.none(), empty_label=_("Choose…")
    )
    description = forms.CharField(
        label=_("What did you see?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    occurred_at = DateTimeField(label=_("When"))
    address_text = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=120,
        help_text=_(
            "Postcode and house number (9711 AB 12) or street and number. "
            "Or tap the map, or use the location of your phone."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "search"}),
    )
    address_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    location_method = forms.ChoiceField(
        choices=LocationMethod.choices, required=False, widget=forms.HiddenInput
    )
    source = forms.ChoiceField(label=_("Source"), choices=SignalSource.choices)
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("At most 5. Location and camera data are removed from each photo."),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    person_first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    person_prefix = forms.CharField(label=_("Name prefix"), required=False, max_length=20)
    person_last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    person_date_of_birth = DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("As dd-mm-yyyy, for example 31-01-1990."),
    )

    def __init__(self, *args: Any, default_source: str = SignalSource.TEAM, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category_field = self.fields["category"]
        assert isinstance(category_field, CategoryChoiceField)
        category_field.queryset = Category.objects.filter(active=True)
        categories = category_choices()
        category_field.choices = [("", _("Choose…"))] + [
            (c.pk, f"– {c.name}" if c.parent_id else c.name) for c in categories
        ]
        self.fields["source"].initial = default_source
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.address: Address | None = None

    PERSON_FIELDS = (
        "person_first_name",
        "person_prefix",
        "person_last_name",
        "person_date_of_birth",
    )

    def person_open(self) -> bool:
        """Whether the folded "person involved" part opens: it has a value or an error (the
        error summary links into it)."""
        return any(self[name].value() or self[name].errors for name in self.PERSON_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        address_id = cleaned.get("address_id")
        text = (cleaned.get("address_text") or "").strip()
        has_point = cleaned.get("lat") is not None and cleaned.get("lon") is not None
        if address_id:
            self.address = Address.objects.filter(pk=address_id).first()
            if self.address is None:
                self.add_error("address_text", _("This address was not found."))
        elif text:
            found = address_from_text(text)
            if len(found) == 1:
                self.address = found[0]
            elif len(found) > 1:
                self.add_error("address_text", _("Several addresses match; add the postcode."))
            elif not has_point:
                self.add_error("address_text", _("This address was not found."))
        if self.address is not None:
            cleaned["location_method"] = LocationMethod.ADDRESS
        elif has_point:
            if cleaned.get("location_method") not in (LocationMethod.MAP, LocationMethod.GPS):
                cleaned["location_method"] = LocationMethod.MAP
        elif not self.has_error("address_text"):
            self.add_error(
                "address_text",
                _(
                    "Choose a location: tap the map, search an address or use the location of "
                    "your phone."
                ),
            )
        person = [cleaned.get("person_first_name"), cleaned.get("person_last_name")]
        if any(person) and not all(person):
            self.add_error("person_last_name", _("Give both the first and the last name."))
        return cleaned


class TransitionForm(UiForm):
    required_when = frozenset({"note"})  # when a signal is reopened (the service says so)

    status = forms.ChoiceField(label=_("New status"), choices=SignalStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def narrow_to(self, current: SignalStatus, allowed: list[str]) -> None:
        """Offer only the moves the workflow allows from ``current`` (the service checks again)."""
        reopen = current == SignalStatus.CLOSED
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                status,
                format_lazy("{} ({})", _("Reopen"), SignalStatus(status).label)
                if reopen
                else SignalStatus(status).label,
            )
            for status in allowed
        ]


class CaseLinkForm(UiForm):
    reference = forms.CharField(label=_("Case reference"), max_length=20)


class ListFilterForm(UiForm):
    marks_optional = False

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.select_related("parent"),
        required=False,
        empty_label=_("All categories"),
    )
    open = forms.BooleanField(label=_("Open signals only"), required=False)

    def filter_codes(self) -> dict[str, str]:
        """The valid filters as URL parameters (an id and a flag), for the export links."""
        if not self.is_valid():
            return {}
        codes: dict[str, str] = {}
        if self.cleaned_data["category"] is not None:
            codes["category"] = str(self.cleaned_data["category"].pk)
        if self.cleaned_data["open"]:
            codes["open"] = "on"
        return codes


class MapFilterForm(UiForm):
    marks_optional = False

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.select_related("parent"),
        required=False,
        empty_label=_("All categories"),
    )
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        # Lazy, so that each request gets the labels in its own language.
        choices=[(key, format_lazy(_("last {days} days"), days=key)) for key in PERIODS],
        initial="30",
    )


class EarlyTransitionForm(UiForm):
    status = forms.ChoiceField(label=_("New status"), choices=EarlySignalStatus.choices)
    # No max_length here: the service refuses a long note with its own message (and a row).
    note = forms.CharField(
        label=_("Note"),
        required=False,
        help_text=_("Needed when you close or reopen the early signal: what was done, or why."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The early-signal lists: the open ones (new or in progress) unless asked otherwise.
EARLY_OPEN = "open"
EARLY_ALL = "alle"


class EarlyListFilterForm(UiForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (EARLY_OPEN, _("Open (new or in progress)")),
            *EarlySignalStatus.choices,
            (EARLY_ALL, _("All")),
        ],
        initial=EARLY_OPEN,
    )

    def statuses(self) -> list[str] | None:
        """The statuses to list; None: all of them."""
        chosen = self.cleaned_data.get("status") if self.is_valid() else ""
        if chosen == EARLY_ALL:
            return None
        if chosen in EarlySignalStatus.values:
            return [chosen]
        return [s.value for s in EARLY_OPEN_STATUSES]
