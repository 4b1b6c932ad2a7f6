"""The shapes of the home page: a section per role, blocks of items, items with entries.

Everything here is a count, a date, a code or a case reference: no names (of persons, or
free text), so showing the home page writes no audit row. What a link opens is logged there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.functional import Promise

from veilig.accounts.models import User
from veilig.accounts.roles import Role

Text = str | Promise


@dataclass(frozen=True)
class Entry:
    """One line under an item: a case by reference, an import by number, a setting by name."""

    label: str
    url: str
    note: Text = ""


@dataclass(frozen=True)
class AttentionItem:
    label: Text
    url: str
    count: int | None = None  # None: a link without a number
    note: Text = ""
    entries: tuple[Entry, ...] = ()
    more: int = 0  # entries left out (the list names the first few)


@dataclass(frozen=True)
class Block:
    """A heading with its items; ``note`` is one honest sentence (what is not built yet)."""

    title: Text
    items: tuple[AttentionItem, ...] = ()
    empty: Text = ""  # shown when there are no items
    note: Text = ""
    key: str = ""  # the block's id on the page, for tests and links


@dataclass(frozen=True)
class HomeInput:
    """What every section is built from: the signed-in user, the request, one moment."""

    user: User
    request: HttpRequest
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)


@dataclass(frozen=True)
class RoleSection:
    role: Role
    title: Text
    blocks: Callable[[HomeInput], list[Block]]


def day(value: dt.datetime | dt.date | None) -> str:
    """A date as the pages write it (dd-mm-jjjj), in the local time zone."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "d-m-Y")


def moment(value: dt.datetime) -> str:
    """A time as the pages write it (dd-mm-jjjj uu:mm), in the local time zone."""
    return formats.date_format(timezone.localtime(value), "d-m-Y H:i")
