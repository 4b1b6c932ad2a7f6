"""Forms of the triage pages. They parse input; ``triage_decide`` and
``subject_informing_record`` decide and write (and check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from veilig.cases.models import Table
from veilig.cases.vocabulary import Theme
from veilig.consultations.vocabulary import (
    GENERAL_OUTCOMES,
    OUTCOMES_WITH_TABLE,
    WEEGPLOEG_OUTCOMES,
    TriageOutcome,
)
from veilig.ui.forms import DateField, UiForm

WEEGPLOEG, GENERAL = "weegploeg", "general"


def tables_for(tables: QuerySet[Table], *, weegploeg: bool) -> QuerySet[Table]:
    """Radicalisation cases go to the radicalisation table, all others to the other tables."""
    if weegploeg:
        return tables.filter(theme=Theme.RADICALISATION).order_by("name")
    return tables.exclude(theme=Theme.RADICALISATION).order_by("name")


class TriageDecisionForm(UiForm):
    required_when = frozenset({"table"})

    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[])
    table = forms.ModelChoiceField(
        label=_("Case table"),
        queryset=Table.objects.none(),
        required=False,
        empty_label=_("Choose a table"),
        help_text=_("Only when the case goes to a table: the table that takes it."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this decision. The registering partner is told the outcome."),
        error_messages={"required": _("Give a reason for this decision.")},
    )
    # Which outcomes the user was offered; only narrows the choices when the form is shown again.
    kind = forms.ChoiceField(
        choices=[(GENERAL, GENERAL), (WEEGPLOEG, WEEGPLOEG)],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, weegploeg: bool, tables: QuerySet[Table], **kwargs: Any):
        super().__init__(*args, **kwargs)
        outcomes = WEEGPLOEG_OUTCOMES if weegploeg else GENERAL_OUTCOMES
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]  # type: ignore[attr-defined]
        self.fields["outcome"].error_messages["required"] = _("Choose a decision.")
        self.weegploeg = weegploeg
        self.offer_tables(tables)
        self.fields["kind"].initial = WEEGPLOEG if weegploeg else GENERAL
        self._refresh_attrs()

    def offer_tables(self, tables: QuerySet[Table]) -> None:
        field = self.fields["table"]
        field.queryset = tables_for(tables, weegploeg=self.weegploeg)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome and TriageOutcome(outcome) in OUTCOMES_WITH_TABLE and not data.get("table"):
            self.add_error("table", _("Choose the case table that takes the case."))
        return data


class InformingForm(UiForm):
    """Informing the subject: done on a date, or postponed with a reason and a review date."""

    required_when = frozenset({"informed_on", "postponed_reason", "review_on"})

    step = forms.ChoiceField(
        label=_("Informing the person"),
        widget=forms.RadioSelect,
        choices=[
            ("informed", _("The person has been informed")),
            ("postponed", _("Informing is postponed")),
        ],
        error_messages={"required": _("Choose whether the person was informed.")},
    )
    informed_on = DateField(
        label=_("Informed on"),
        required=False,
        help_text=_("When the person was informed. As dd-mm-yyyy, for example 31-01-2026."),
    )
    postponed_reason = forms.CharField(
        label=_("Reason for postponing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When postponed: why the person cannot be informed yet."),
    )
    review_on = DateField(
        label=_("Review the postponement on"),
        required=False,
        help_text=_("When postponed: a date after today. As dd-mm-yyyy."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        step = data.get("step")
        if step == "informed" and not data.get("informed_on") and "informed_on" not in self.errors:
            self.add_error("informed_on", _("Give the date on which the person was informed."))
        if step == "postponed":
            if not (data.get("postponed_reason") or "").strip():
                self.add_error("postponed_reason", _("Give the reason for postponing."))
            if not data.get("review_on") and "review_on" not in self.errors:
                self.add_error("review_on", _("Choose a review date after today."))
        return data
