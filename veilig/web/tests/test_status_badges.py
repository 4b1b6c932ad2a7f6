"""Status badges carry their word, and every list that becomes cards on a phone labels its cells.

The browser test (test_browser_pages.py) measures the result; these tests pin the markup it
relies on: a tone for every status of every vocabulary, the word inside the badge, and a
``data-label`` on every cell of a card table but its row header.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.db.models import TextChoices
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from veilig.accounts.models import User
from veilig.cases.models import Action
from veilig.cases.vocabulary import ActionStatus, Status
from veilig.events.models import ImportStatus
from veilig.signals.vocabulary import EarlySignalStatus, SignalStatus
from veilig.testing.casework import case_for
from veilig.testing.personas import verified_client
from veilig.ui.templatetags.veilig_status import STATUS_TONES, TONES

VOCABULARIES = (Status, ActionStatus, SignalStatus, EarlySignalStatus, ImportStatus)


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_status_has_its_own_tone(vocabulary: type[TextChoices]) -> None:
    missing = [value for value in vocabulary.values if value not in STATUS_TONES]
    assert not missing, f"{vocabulary.__name__}: no tone for {missing}"
    assert set(STATUS_TONES.values()) <= TONES


def _badge(code: str, label: str, tone: str = "") -> str:
    template = Template("{% load veilig_status %}{% status_badge code label tone=tone %}")
    return template.render(Context({"code": code, "label": label, "tone": tone}))


def test_the_badge_shows_the_word_and_escapes_it() -> None:
    assert _badge("afgesloten", "Closed") == (
        '<span class="utrecht-status-badge veilig-status veilig-status--done">Closed</span>'
    )
    assert "veilig-status--late" in _badge("", "overdue", tone="late")
    assert "&lt;b&gt;" in _badge("nieuw", "<b>")
    # An unknown code or tone still shows its word, in the neutral tone.
    assert _badge("iets-nieuws", "Something", tone="purple").endswith(
        'veilig-status--active">Something</span>'
    )


class _Cells(HTMLParser):
    """The cells of the table with ``table_id``: (tag, attributes) per cell of the body."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.inside = self.in_body = False
        self.table_classes = ""
        self.cells: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("id") == self.table_id:
            self.inside, self.table_classes = True, values.get("class") or ""
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag in {"td", "th"}:
            self.cells.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.inside:
            self.inside = self.in_body = False


def _cells(html: str, table_id: str) -> _Cells:
    parser = _Cells(table_id)
    parser.feed(html)
    return parser


@pytest.mark.django_db
def test_the_case_list_is_a_card_table_with_labelled_cells(alice: User, bob: User) -> None:
    case = case_for(bob)
    assert bob.organisation is not None
    Action.objects.create(
        case=case,
        description="Huisbezoek",
        owner_organisation=bob.organisation,
        deadline=timezone.localdate() - dt.timedelta(days=3),
    )
    html = verified_client(alice).get(reverse("cases:list")).content.decode()
    table = _cells(html, "case-table")
    assert "veilig-table--cards" in table.table_classes.split()
    headers = [attrs for tag, attrs in table.cells if tag == "th"]
    cells = [attrs for tag, attrs in table.cells if tag == "td"]
    assert len(headers) == 1 and headers[0].get("scope") == "row"  # the card's title
    assert len(cells) == 7 and all(attrs.get("data-label") for attrs in cells)
    # The status and "overdue" are words in badges, never a colour alone.
    assert 'veilig-status--open">Registered</span>' in html
    assert 'veilig-status--late">Overdue: 1 action</span>' in html


@pytest.mark.django_db
def test_the_actions_of_a_case_are_cards_with_labelled_cells(alice: User, bob: User) -> None:
    case = case_for(alice)
    assert alice.organisation is not None
    Action.objects.create(
        case=case,
        description="Huisbezoek",
        owner_organisation=alice.organisation,
        deadline=timezone.localdate() + dt.timedelta(days=3),
    )
    html = verified_client(alice).get(reverse("cases:detail", args=[case.pk])).content.decode()
    table = _cells(html, "actions")
    assert "veilig-table--cards" in table.table_classes.split()
    cells = [attrs for tag, attrs in table.cells if tag == "td"]
    assert cells and all("data-label" in attrs for attrs in cells)
    assert 'veilig-status--open">Open</span>' in html
