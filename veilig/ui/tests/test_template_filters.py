"""The small template filters give the same text as Django's slower built-ins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone

from veilig.cases.models import Case
from veilig.cases.vocabulary import Status, Theme
from veilig.ui.templatetags.veilig_ui import dmy


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 3, 9),
        dt.date(987, 12, 31),
        dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC),  # 1 January in Amsterdam
        dt.datetime(2026, 6, 30, 22, 0, tzinfo=dt.UTC),  # summer time: 1 July
        dt.datetime(2026, 6, 30, 21, 59),
    ],
)
def test_dmy_matches_the_date_filter(value: dt.date) -> None:
    ours = Template("{% load veilig_ui %}{{ value|dmy }}")
    django = Template('{{ value|date:"d-m-Y" }}')
    with timezone.override("Europe/Amsterdam"):
        context = Context({"value": value})
        assert ours.render(context) == django.render(context)


def test_dmy_of_nothing_is_empty() -> None:
    assert dmy(None) == ""
    assert dmy("") == ""


def test_case_labels_match_the_display_methods() -> None:
    for theme in Theme.values:
        for status in Status.values:
            case = Case(theme=theme, status=status)
            assert case.theme_label == case.get_theme_display()
            assert case.status_label == case.get_status_display()
    assert Case(theme="unknown", status="odd").theme_label == "unknown"
