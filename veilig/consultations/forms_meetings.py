"""The forms of the meeting pages: scheduling, the agenda, attendance, minutes, decisions and
actions. Each only reads input; the services judge it (and audit a refusal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import User
from veilig.cases.forms import ActionForm
from veilig.cases.models import Case, Table
from veilig.ui.forms import DateTimeField, UiForm


def user_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.organisation.name})" if user.organisation else name


class ScheduleForm(UiForm):
    required_when = frozenset({"place", "video_link"})

    table = forms.ModelChoiceField(
        label=_("Case table"), queryset=Table.objects.none(), empty_label=_("Choose a case table")
    )
    starts_at = DateTimeField(label=_("Date and time"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=90
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("A place or a video link, or both."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        help_text=_("A place or a video link, or both."),
        assume_scheme="https",
    )
    chair = forms.ModelChoiceField(
        label=_("Chair"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("You yourself"),
    )

    def __init__(self, *args: Any, tables: QuerySet[Table], chairs: QuerySet[User], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["table"].queryset = tables  # type: ignore[attr-defined]
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["chair"].label_from_instance = user_label  # type: ignore[attr-defined]


class AgendaAddForm(UiForm):
    case = forms.ModelChoiceField(
        label=_("Case"), queryset=Case.objects.none(), empty_label=_("Choose a case")
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["case"].label_from_instance = _case_label  # type: ignore[attr-defined]


def _case_label(case: Case) -> str:
    return f"{case.reference} – {case.subject_full_name}"


class MoveForm(UiForm):
    item = forms.IntegerField(widget=forms.HiddenInput)
    position = forms.IntegerField(widget=forms.HiddenInput)


class AttendanceForm(UiForm):
    user = forms.ModelChoiceField(
        label=_("Attendee"),
        queryset=User.objects.none(),
        empty_label=_("Choose a person"),
        help_text=_(
            "Representatives of the table's members, or anyone of a partner organisation as an "
            "incidental participant."
        ),
    )
    present = forms.BooleanField(label=_("Present"), required=False, initial=True)

    def __init__(self, *args: Any, users: QuerySet[User], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = user_label  # type: ignore[attr-defined]


class MinutesForm(UiForm):
    beeld = forms.CharField(
        label=_("Picture (beeldvorming)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is going on: the facts the partners bring."),
    )
    oordeel = forms.CharField(
        label=_("Judgement (oordeelsvorming)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partners make of it."),
    )
    besluit = forms.CharField(
        label=_("Decision-making (besluitvorming)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was decided, in short."),
    )
    required_when = frozenset({"beeld", "oordeel", "besluit"})


class DecisionForm(UiForm):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))


class MeetingActionForm(ActionForm):
    """An action agreed at the item (the case form's fields and checks)."""
