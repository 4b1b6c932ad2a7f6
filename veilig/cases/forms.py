"""Forms of the case UI. They parse input; the services decide and write.

Choices that depend on a case (allowed transitions, participating organisations) are narrowed
by the view for display; the services check them again, so a forged POST changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.boundfield import BoundWidget
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import Organisation, User
from veilig.cases.models import ParticipantRole, Table
from veilig.cases.selectors import SORTS, search_kind
from veilig.cases.vocabulary import (
    TRANSITIONS,
    TRIAGE_OUTCOME_STATUSES,
    ActionStatus,
    DataCategory,
    LegalBasis,
    Scope,
    Status,
    Theme,
)
from veilig.geo.models import Area
from veilig.registry.crypto import bsn_is_valid
from veilig.ui.dates import parse_date
from veilig.ui.forms import DateField, UiForm

_LOOKS_LIKE_DATE = re.compile(r"^[\d\s./-]+$")
BSN_INVALID = _("This is not a valid BSN (9 digits that pass the 11-check).")

# What each sharing scope means, in words for the person who adds an item.
SCOPE_EXPLANATIONS: dict[str, Promise] = {
    Scope.PARTICIPANTS: _(
        "Every organisation that takes part in the case can read it (within the data "
        "categories the case table allows)."
    ),
    Scope.COORDINATION: _(
        "Only the process director of the Veiligheidshuis and your own organisation can read it."
    ),
    Scope.SOURCE: _("Only your own organisation can read it."),
}

SORT_LABELS: dict[str, Promise] = {
    "-registered": _("Newest registration first"),
    "registered": _("Oldest registration first"),
    "deadline": _("Earliest open deadline first"),
    "reference": _("Reference"),
    "status": _("Status"),
}


def _blank(label: Promise) -> list[tuple[str, Any]]:
    return [("", label)]


# --- List -----------------------------------------------------------------------------------


class CaseFilterForm(UiForm):
    """The list filters: codes and ids only, so they may travel in the URL."""

    marks_optional = False

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All partners"),
    )
    stadsdeel = forms.ModelChoiceField(
        label=_("District"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    overdue = forms.BooleanField(label=_("Only cases with overdue actions"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Organisation],
        stadsdelen: QuerySet[Area],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["theme"].choices = _blank(_("All themes")) + list(Theme.choices)  # type: ignore[attr-defined]
        fields["status"].choices = _blank(_("All statuses")) + list(Status.choices)  # type: ignore[attr-defined]
        fields["partner"].queryset = partners  # type: ignore[attr-defined]
        fields["stadsdeel"].queryset = stadsdelen  # type: ignore[attr-defined]
        fields["sort"].choices = [(key, SORT_LABELS[key]) for key in SORTS]  # type: ignore[attr-defined]


class CaseSearchForm(UiForm):
    """Search by name, date of birth or BSN. Sent by POST: the term is personal data."""

    marks_optional = False

    q = forms.CharField(
        label=_("Search by name, date of birth or BSN"),
        help_text=_("A name, a date of birth as dd-mm-yyyy, or a BSN of 9 digits."),
        max_length=100,
        required=False,
    )

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"].strip()
        kind = search_kind(query)
        if query.isdigit() and len(query) != 9 and kind != "date_of_birth":
            raise ValidationError(_("A BSN has exactly 9 digits."))
        if kind == "bsn" and not bsn_is_valid(query):
            raise ValidationError(BSN_INVALID)
        if kind == "name" and _LOOKS_LIKE_DATE.match(query):
            parse_date(query)  # raises the date's own message (31-02-2020 does not exist)
            raise ValidationError(_("This is not a valid date. Use dd-mm-yyyy."))
        if kind == "name" and len(query) < 2:
            raise ValidationError(_("Type at least 2 characters of a name."))
        return query


# --- Registration ---------------------------------------------------------------------------


class RegistrationForm(UiForm):
    """Everything the registration needs is checked here, at once: the service then finds
    nothing to refuse, so every error comes in one round (its own checks stay, for the API)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    name_prefix = forms.CharField(
        label=_("Name prefix"),
        max_length=20,
        required=False,
        help_text=_("For example “van”, “de” or “van der”."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("As dd-mm-yyyy, for example 31-01-1990."),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        required=False,
        help_text=_("9 digits. It is stored encrypted and shown only to the process director."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # No theme is preselected: the theme decides who may see the case.
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=[("", _("Choose a theme")), *Theme.choices],
        help_text=_(
            "The theme decides who may see the case: a radicalisation case, for example, only "
            "the radicalisation table."
        ),
        error_messages={"required": _("Choose the theme of the case.")},
    )
    stadsdeel = forms.ModelChoiceField(
        label=_("District"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Unknown or not area-bound"),
    )
    reason = forms.CharField(
        label=_("Reason for registration"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What is going on and why chain cooperation is needed. Only what is "
            "necessary for the case."
        ),
    )
    crit_multi_domain = forms.BooleanField(
        label=_("Problems in several life domains leading to crime, nuisance or decline"),
        required=False,
    )
    crit_coercion = forms.BooleanField(
        label=_("Chain cooperation with coercion and pressure is needed"), required=False
    )
    crit_surroundings = forms.BooleanField(
        label=_("Effects on family or surroundings"), required=False
    )
    crit_area_problem = forms.BooleanField(
        label=_("A serious area-bound safety problem"), required=False
    )

    CRITERIA = ("multi_domain", "coercion", "surroundings", "area_problem")
    error_groups = {"criteria": ("crit_multi_domain", _("Admission criteria"))}

    def __init__(self, *args: Any, stadsdelen: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stadsdeel"].queryset = stadsdelen  # type: ignore[attr-defined]

    def criteria_fields(self) -> list[forms.BoundField]:
        return [self[f"crit_{name}"] for name in self.CRITERIA]

    def clean_bsn(self) -> str:
        bsn = "".join(self.cleaned_data["bsn"].split())
        if bsn and not bsn_is_valid(bsn):
            raise ValidationError(BSN_INVALID)
        return bsn

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"crit_{name}") for name in self.CRITERIA):
            self.add_error(
                None, ValidationError(_("Tick at least one admission criterion."), code="criteria")
            )
        return cleaned

    def criteria_errors(self) -> list[str]:
        return self.group_errors("criteria")

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data["date_of_birth"]
        if value is not None and value > dt.date.today():
            raise ValidationError(_("The date of birth lies in the future."))
        return value

    def criteria(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(f"crit_{name}")) for name in self.CRITERIA}


# --- Work on a case -------------------------------------------------------------------------


class TransitionForm(UiForm):
    required_when = frozenset({"table", "reason"})

    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    table = forms.ModelChoiceField(
        label=_("Case table"),
        queryset=Table.objects.order_by("name"),
        required=False,
        empty_label=_("No table"),
        help_text=_("Required when the case is accepted: the table that takes it."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when the case is not picked up, stepped down or closed; for "
            "closing, describe the outcome."
        ),
    )
    # The status the user saw; only narrows the choices when the form is shown again.
    from_status = forms.ChoiceField(
        choices=Status.choices, required=False, widget=forms.HiddenInput
    )

    def narrow_to(self, current: Status) -> None:
        # Triage outcomes are decided on the triage page (veilig.consultations), not here.
        allowed = TRANSITIONS[current] - TRIAGE_OUTCOME_STATUSES
        self.fields["to_status"].choices = [  # type: ignore[attr-defined]
            (status.value, status.label) for status in Status if status in allowed
        ]
        self.fields["from_status"].initial = current.value


class InviteForm(UiForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Choose an organisation"),
    )
    # No role is preselected: the role decides what the organisation may see.
    role = forms.ChoiceField(
        label=_("Role in the case"),
        choices=[
            ("", _("Choose a role")),
            (ParticipantRole.PARTICIPANT.value, ParticipantRole.PARTICIPANT.label),
            (ParticipantRole.INFORMANT.value, ParticipantRole.INFORMANT.label),
        ],
    )

    def exclude(self, organisations: QuerySet[Organisation]) -> None:
        field = self.fields["organisation"]
        field.queryset = field.queryset.exclude(pk__in=organisations)  # type: ignore[attr-defined]


class ScopedForm(UiForm):
    def scope_options(self) -> list[tuple[BoundWidget, Promise]]:
        """The scope radios, each with its explanation."""
        bound = self["scope"]
        return [(radio, SCOPE_EXPLANATIONS[radio.data["value"]]) for radio in bound]


def _data_category() -> forms.ChoiceField:
    # Nothing preselected: the data category decides which partners may read the item.
    return forms.ChoiceField(
        label=_("Data category"),
        choices=[("", _("Choose a data category")), *DataCategory.choices],
    )


class ContributionForm(ScopedForm):
    text = forms.CharField(
        label=_("Contribution"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only what the other partners need for this case."),
    )
    data_category = _data_category()
    # Nothing preselected: the legal basis is a statement the author is accountable for.
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=[("", _("Choose a legal basis")), *LegalBasis.choices],
    )
    scope = forms.ChoiceField(
        label=_("Who may read this"), choices=Scope.choices, widget=forms.RadioSelect
    )


class PlanForm(UiForm):
    goals = forms.CharField(
        label=_("Goals of the plan of action"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the partners want to reach together, and by when."),
    )


class ActionForm(UiForm):
    description = forms.CharField(
        label=_("Action"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Choose an organisation"),
        help_text=_("One of the organisations that take part in the case."),
    )
    owner_user = forms.ModelChoiceField(
        label=_("Owner (person)"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        empty_label=_("Nobody in particular"),
        help_text=_("Someone who works for the owner organisation."),
    )
    deadline = DateField(label=_("Deadline"))

    def narrow_to(self, organisations: QuerySet[Organisation]) -> None:
        self.fields["owner_organisation"].queryset = organisations  # type: ignore[attr-defined]

    def narrow_users(self, users: QuerySet[User]) -> None:
        self.fields["owner_user"].queryset = users  # type: ignore[attr-defined]
        self.fields["owner_user"].label_from_instance = _owner_label  # type: ignore[attr-defined]


def _owner_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.organisation.name})" if user.organisation else name


class ActionUpdateForm(UiForm):
    required_when = frozenset({"result"})

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    result = forms.CharField(
        label=_("Result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the action is done."),
    )


class DocumentForm(ScopedForm):
    upload = forms.FileField(label=_("File"))
    data_category = _data_category()
    scope = forms.ChoiceField(
        label=_("Who may read this"), choices=Scope.choices, widget=forms.RadioSelect
    )


class BreakGlassForm(UiForm):
    required_by_service = frozenset({"reason"})

    reference = forms.CharField(
        label=_("Case reference"),
        max_length=20,
        help_text=_("For example ZVH-2026-00042."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Why do you need this access now?"),
        # Not required here: the service judges the reason, so that a refusal is audited too.
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "In your own words: at least 4 different words and 20 characters. "
            "The privacy officer reads this."
        ),
    )


class MergeForm(UiForm):
    """Which of two records of one person stays (the page offers one button per record)."""

    survivor = forms.TypedChoiceField(coerce=int)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = choices  # type: ignore[attr-defined]
