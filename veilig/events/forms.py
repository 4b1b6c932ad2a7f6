"""Forms of the import screens. They parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from veilig.events.importing.readers import mapping_errors, target_labels
from veilig.events.importing.tables import SUPPORTED_SUFFIXES
from veilig.events.models import EventSource, SourceFormat
from veilig.ui.forms import UiForm

NEW = "__new__"


class UploadForm(UiForm):
    """A file and the source it belongs to: an existing source, or a new one."""

    required_when = frozenset({"new_code", "new_name", "new_format"})  # for a new source

    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods"}),
        help_text=_(
            "CSV or XLSX: a police BVH export, a data.police.uk file, or any table of "
            "incidents with a column for the id, the location and the date."
        ),
    )
    source = forms.ChoiceField(
        label=_("Source"), error_messages={"required": _("Choose the source of the file.")}
    )
    new_code = forms.SlugField(label=_("Code of the new source"), required=False, max_length=40)
    new_name = forms.CharField(label=_("Name of the new source"), required=False, max_length=200)
    new_format = forms.ChoiceField(
        label=_("Format of the new source"),
        choices=[("", _("Choose a format")), *SourceFormat.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ChoiceField)
        # None preselected: rows imported into the wrong source are hard to take out again.
        field.choices = [
            ("", _("Choose a source")),
            *(
                (str(s.pk), f"{s.name} ({s.get_format_display()})")
                for s in EventSource.objects.order_by("name")
            ),
            (NEW, _("A new source …")),
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not any(name.endswith(suffix) for suffix in SUPPORTED_SUFFIXES):
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB."), params={"mb": limit // (1024 * 1024)}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("source") == NEW:
            if not cleaned.get("new_code"):
                self.add_error("new_code", _("Give the new source a code."))
            elif EventSource.objects.filter(code=cleaned["new_code"]).exists():
                self.add_error("new_code", _("A source with this code exists already."))
            if not cleaned.get("new_name"):
                self.add_error("new_name", _("Give the new source a name."))
            if not cleaned.get("new_format"):
                self.add_error("new_format", _("Choose the format of the new source."))
        return cleaned


class MappingForm(UiForm):
    """One select per target field, filled with the file's column names."""

    crs = forms.ChoiceField(
        label=_("Coordinate system"),
        choices=[("rd", _("RD New (x/y in metres)")), ("wgs84", _("WGS84 (longitude/latitude)"))],
        widget=forms.RadioSelect,
    )
    theme = forms.SlugField(
        label=_("Theme for every row"),
        required=False,
        max_length=40,
        help_text=_(
            "A fixed theme code such as 'woninginbraak', used when no theme column or "
            "incident code gives one."
        ),
    )
    date_format = forms.CharField(
        label=_("Date format"),
        required=False,
        max_length=40,
        help_text=_(
            "Only when dates are not like 2024-03-05 14:30 or 5-3-2024 14:30; for "
            "example %d.%m.%Y %H:%M."
        ),
    )
    attributes = forms.MultipleChoiceField(
        label=_("Keep these columns as attributes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        columns = [("", _("— not in the file —")), *((h, h) for h in headers if h)]
        labels = target_labels()
        self.target_names = list(labels)
        for key, label in labels.items():
            self.fields[key] = forms.ChoiceField(label=label, choices=columns, required=False)
        attributes = self.fields["attributes"]
        assert isinstance(attributes, forms.MultipleChoiceField)
        attributes.choices = [(h, h) for h in headers if h]
        self.order_fields(["crs", *self.target_names, "theme", "date_format", "attributes"])

    def target_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.target_names]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for message in mapping_errors(self.mapping(cleaned), self.headers):
            self.add_error(None, message)
        return cleaned

    def mapping(self, cleaned: dict[str, Any] | None = None) -> dict[str, Any]:
        data = self.cleaned_data if cleaned is None else cleaned
        mapping: dict[str, Any] = {"crs": data.get("crs") or "rd"}
        for key in self.target_names:
            if data.get(key):
                mapping[key] = data[key]
        for key in ("theme", "date_format"):
            if data.get(key):
                mapping[key] = data[key]
        if data.get("attributes"):
            mapping["attributes"] = list(data["attributes"])
        return mapping

    @staticmethod
    def initial_from(mapping: dict[str, Any], headers: list[str]) -> dict[str, Any]:
        """The saved mapping as initial values (columns the file lacks are left out); without
        one, columns whose name matches a target are suggested."""
        if not mapping:
            lowered = {h.lower(): h for h in headers}
            guesses = {
                "external_id": ("id", "external_id", "nummer", "incident id"),
                "x": ("x", "rd_x"),
                "y": ("y", "rd_y"),
                "lon": ("lon", "longitude", "lng"),
                "lat": ("lat", "latitude"),
                "begin": ("begin", "datum", "date", "begin_at"),
                "end": ("end", "eind", "end_at"),
                "reported": ("reported", "gemeld", "melddatum"),
                "theme_column": ("theme", "thema"),
                "category": ("category", "categorie"),
            }
            initial: dict[str, Any] = {"crs": "rd"}
            for key, names in guesses.items():
                for name in names:
                    if name in lowered:
                        initial[key] = lowered[name]
                        break
            if "lon" in initial and "x" not in initial:
                initial["crs"] = "wgs84"
            return initial
        initial = {
            k: v
            for k, v in mapping.items()
            if not isinstance(v, str) or v in headers or k in ("crs", "theme", "date_format")
        }
        initial["attributes"] = [c for c in mapping.get("attributes", []) if c in headers]
        return initial
