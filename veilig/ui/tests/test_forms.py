"""The form toolkit: the error summary, the "(optional)" marker, the ARIA attributes and the one
date input (dd-mm-jjjj) that every form of the site uses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from veilig.ui.dates import parse_date, parse_datetime
from veilig.ui.forms import DateField, DateTimeField, SummaryItem, UiForm, error_summary


class ExampleForm(UiForm):
    name = forms.CharField(label="Name", help_text="Your full name.")
    nickname = forms.CharField(label="Nickname", required=False)
    colour = forms.ChoiceField(
        label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    born = DateField(label="Born", required=False)
    agree = forms.BooleanField(label="I agree", required=False)
    story = forms.CharField(label="Story", widget=forms.Textarea)
    secret = forms.CharField(required=False, widget=forms.HiddenInput)
    why = forms.CharField(label="Why", required=False)
    when_needed = forms.CharField(label="Only sometimes", required=False)
    first_tick = forms.BooleanField(label="First tick", required=False)

    required_by_service = frozenset({"why"})
    required_when = frozenset({"when_needed"})
    error_groups: ClassVar[dict[str, tuple[str, str | Promise]]] = {
        "ticks": ("first_tick", "The ticks")
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.add_error(None, ValidationError("Tick something.", code="ticks"))
        self.add_error(None, "The whole form is wrong.")
        return cleaned


def _bad() -> ExampleForm:
    form = ExampleForm(
        {"name": "", "colour": "green", "born": "31-02-2020", "story": "", "secret": "x" * 3}
    )
    form.is_valid()
    return form


def _render(form: forms.BaseForm, *names: str) -> str:
    template = Template(
        '{% for field in fields %}{% include "includes/form_field.html" %}{% endfor %}'
    )
    return template.render(Context({"fields": [form[name] for name in names], "form": form}))


def _label_of(html: str, field_id: str) -> str:
    match = re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', html, re.S)
    if match is None:  # a radio group: the legend
        match = re.search(r"<legend[^>]*>(.*?)</legend>", html, re.S)
    assert match is not None
    return match.group(1)


# --- The error summary ----------------------------------------------------------------------


class TestErrorSummary:
    def test_lists_every_error_once_in_page_order_linked_to_its_input(self) -> None:
        items = error_summary(_bad())
        assert items[0] == SummaryItem("The whole form is wrong.")
        linked = [(item.label, item.href) for item in items if item.href]
        assert linked == [
            ("Name", "#id_name"),
            ("Colour", "#id_colour_0"),  # a radio group: its first radio
            ("Born", "#id_born"),
            ("Story", "#id_story"),
            ("The ticks", "#id_first_tick"),  # a group's error: where the group starts
        ]
        assert len(items) == len(set(items))

    def test_an_error_added_twice_is_listed_once(self) -> None:
        form = _bad()
        form.add_error("name", "This field is required.")
        assert [item.label for item in error_summary(form)].count("Name") == 1

    def test_a_hidden_field_is_named_without_a_link(self) -> None:
        form = ExampleForm({"secret": "x"})
        form.add_error("secret", "Hidden trouble.")
        assert SummaryItem("Hidden trouble.") in error_summary(form)

    def test_the_template_shows_the_summary_with_heading_and_links(self) -> None:
        html = Template('{% include "includes/form_errors.html" %}').render(
            Context({"form": _bad()})
        )
        assert 'id="form-errors"' in html and 'tabindex="-1"' in html
        assert "data-error-summary" in html and 'role="alert"' in html
        assert '<h2 class="nl-heading nl-heading--level-2' in html
        assert gettext("There is a problem") in html
        assert html.count('<a class="nl-link" href="#') == 5
        assert html.count("The whole form is wrong.") == 1

    def test_no_summary_for_a_valid_or_unbound_form(self) -> None:
        template = Template('{% include "includes/form_errors.html" %}')
        assert "form-errors" not in template.render(Context({"form": ExampleForm()}))
        assert "form-errors" not in template.render(Context({}))

    def test_heading_level_fits_the_page(self) -> None:
        html = Template('{% include "includes/form_errors.html" with heading_level=4 %}').render(
            Context({"form": _bad()})
        )
        assert "<h4 " in html and "</h4>" in html


# --- Labels and ARIA ------------------------------------------------------------------------


class TestLabelsAndAria:
    def test_optional_is_said_once_and_required_never(self) -> None:
        with translation.override("nl"):
            html = _render(ExampleForm(), "name", "nickname", "born", "colour")
            optional = f"({gettext('optional')})"
            assert optional == "(niet verplicht)"
            assert html.count(optional) == 2  # nickname and born
            assert optional not in _label_of(html, "id_name")
            assert _label_of(html, "id_nickname").count(optional) == 1

    def test_a_label_that_says_optional_itself_would_be_doubled(self) -> None:
        """No label of a form of the site carries its own "(optional)": the partial adds it."""
        from veilig.cases import forms as case_forms

        for form_class in (case_forms.RegistrationForm, case_forms.ActionForm):
            for field in form_class.base_fields.values():
                assert "optional" not in str(field.label).lower()

    def test_single_checkbox_hidden_and_required_in_some_cases_are_not_marked(self) -> None:
        html = _render(ExampleForm(), "agree", "when_needed", "why")
        assert gettext("optional") not in html

    def test_filter_forms_mark_nothing(self) -> None:
        class Filter(UiForm):
            marks_optional = False
            q = forms.CharField(label="Search", required=False)

        assert gettext("optional") not in _render(Filter(), "q")

    def test_required_fields_have_aria_required_and_no_required_attribute(self) -> None:
        html = _render(ExampleForm(), "name", "story", "nickname", "why", "colour")
        assert not re.search(r"\srequired[\s>=]", html)
        assert re.search(r'<input[^>]*name="name"[^>]*aria-required="true"', html)
        assert re.search(r'<textarea[^>]*aria-required="true"', html)
        assert re.search(r'<input[^>]*name="why"[^>]*aria-required="true"', html)  # the service
        assert not re.search(r'<input[^>]*name="nickname"[^>]*aria-required', html)
        # Radios say it on their group.
        assert 'role="radiogroup" aria-required="true"' in html
        assert not re.search(r'type="radio"[^>]*aria-required', html)

    def test_nothing_is_invalid_before_the_server_says_so(self) -> None:
        html = _render(ExampleForm(), "name", "story", "colour", "born")
        assert "aria-invalid" not in html and "--invalid" not in html

    def test_errors_are_linked_to_their_field(self) -> None:
        html = _render(_bad(), "name", "born", "story", "nickname")
        assert 'aria-describedby="id_name-description id_name-error"' in html
        assert 'id="id_name-error"' in html and 'id="id_born-error"' in html
        assert re.search(r'<textarea[^>]*aria-invalid="true"', html)
        assert re.search(r'name="name"[^>]*aria-invalid="true"', html) or re.search(
            r'aria-invalid="true"[^>]*name="name"', html
        )
        assert not re.search(r'name="nickname"[^>]*aria-invalid', html)
        assert "utrecht-form-field--invalid" in html

    def test_a_form_of_another_class_renders_alike(self) -> None:
        class Plain(forms.Form):
            name = forms.CharField(label="Name", help_text="Your full name.")

        form = Plain({"name": ""})
        form.is_valid()
        html = _render(form, "name")
        assert not re.search(r"\srequired[\s>=]", html)
        assert 'aria-required="true"' in html and 'aria-invalid="true"' in html
        assert 'aria-describedby="id_name-description id_name-error"' in html


# --- The one date input ---------------------------------------------------------------------


class TestDates:
    @pytest.mark.parametrize(
        "text",
        [
            "31-01-2026",
            "31/01/2026",
            "31.01.2026",
            "31 01 2026",
            " 31-1-2026 ",
            "31012026",
            "2026-01-31",
        ],
    )
    def test_dutch_ways_of_writing_a_day(self, text: str) -> None:
        assert parse_date(text) == dt.date(2026, 1, 31)

    def test_day_first_also_on_the_english_pages(self) -> None:
        with translation.override("en"):
            assert parse_date("01/02/2026") == dt.date(2026, 2, 1)

    def test_a_leap_day(self) -> None:
        assert parse_date("29-02-2024") == dt.date(2024, 2, 29)

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("31-02-2020", "nonexistent"),
            ("29-02-2021", "nonexistent"),
            ("00-01-2020", "nonexistent"),
            ("12-13-2020", "nonexistent"),
            ("01-02-20", "invalid_year"),
            ("2020", "invalid"),
            ("morgen", "invalid"),
            ("01-02-0000", "invalid"),
        ],
    )
    def test_refused_with_a_reason(self, text: str, code: str) -> None:
        with pytest.raises(ValidationError) as refused:
            parse_date(text)
        assert refused.value.code == code

    def test_31_february_gets_a_clear_dutch_message(self) -> None:
        with translation.override("nl"):
            with pytest.raises(ValidationError) as refused:
                parse_date("31-02-2020")
            message = refused.value.messages[0]
            expected = gettext("This date does not exist: %(month)s %(year)d has %(days)d days.")
            assert message == expected % {"month": "februari", "year": 2020, "days": 29}
        assert "februari 2020" in message and "29" in message

    def test_the_field_shows_a_valid_date_back_in_dutch_format(self) -> None:
        class Form(UiForm):
            day = DateField(label="Day")
            other = forms.CharField(label="Other")

        form = Form({"day": "2026-1-31", "other": ""})
        assert not form.is_valid()
        assert form.cleaned_data["day"] == dt.date(2026, 1, 31)
        assert 'value="31-01-2026"' in str(form["day"])
        assert 'type="text"' in str(form["day"]) and 'inputmode="numeric"' in str(form["day"])
        bad = Form({"day": "31-02-2020", "other": "x"})
        assert not bad.is_valid() and "day" in bad.errors
        assert 'value="31-02-2020"' in str(bad["day"])  # what the user typed, to correct it

    def test_an_initial_date_is_shown_in_dutch_format(self) -> None:
        class Form(UiForm):
            day = DateField(label="Day")

        assert 'value="09-03-2026"' in str(Form(initial={"day": dt.date(2026, 3, 9)})["day"])

    @pytest.mark.parametrize(
        "text",
        ["31-01-2026 14:30", "31-01-2026 14.30", "2026-01-31T14:30", "2026-01-31 14:30:00"],
    )
    def test_date_and_time(self, text: str) -> None:
        assert parse_datetime(text) == dt.datetime(2026, 1, 31, 14, 30)

    @pytest.mark.parametrize(
        ("text", "code"),
        [("31-01-2026", "no_time"), ("31-01-2026 25:00", "nonexistent_time"), ("nu", "invalid")],
    )
    def test_date_and_time_refused(self, text: str, code: str) -> None:
        with pytest.raises(ValidationError) as refused:
            parse_datetime(text)
        assert refused.value.code == code

    def test_the_datetime_field_is_in_the_local_time_zone(self) -> None:
        class Form(UiForm):
            at = DateTimeField(label="At")

        with timezone.override("Europe/Amsterdam"):
            form = Form({"at": "01-07-2026 14:30"})
            assert form.is_valid()
            assert form.cleaned_data["at"] == dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.UTC)
            initial = Form(initial={"at": dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.UTC)})
            assert 'value="01-07-2026 14:30"' in str(initial["at"])
