"""Which characters an area name may hold (docs/areas.md).

Area names come from CBS files, stadsdeel groupings and the admin, and are shown on maps and in
tables. The pages only ever insert them as text, but a name that looks like markup or holds
control characters is refused at the door as well (defence in depth): letters of any script with
their accents, digits, spaces and a few signs that real Dutch place names use ('s-Hertogenbosch,
Helpman e.o., Bedrijventerrein A1/A12, Oost (Noord), ...).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_SIGNS = "-'’.,()/&:;+"
MAX_LENGTH = 200  # Area.name's column


def _allowed(character: str) -> bool:
    if character == " " or character in ALLOWED_SIGNS:
        return True
    category = unicodedata.category(character)
    # L*: letters of any script; M*: combining accents (a decomposed "é"); Nd: 0-9 and the like.
    return category[0] in "LM" or category == "Nd"


def _shown(character: str) -> str:
    """A refused character as a reader can see it: the sign itself, or its code point."""
    if character.isprintable() and not character.isspace():
        return f"“{character}”"
    return f"U+{ord(character):04X}"


def area_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an area name (translated), or None when it can."""
    if len(name) > MAX_LENGTH:
        return _("The name is longer than %(max)d characters.") % {"max": MAX_LENGTH}
    refused = list(dict.fromkeys(c for c in name if not _allowed(c)))
    if not refused:
        return None
    return _(
        "The name contains characters that are not allowed: %(characters)s. "
        "Use only letters, digits, spaces and these signs: %(signs)s"
    ) % {"characters": ", ".join(_shown(c) for c in refused), "signs": " ".join(ALLOWED_SIGNS)}


def validate_area_name(value: str) -> None:
    """The model field's validator: the admin shows the problem beside the field."""
    problem = area_name_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="area_name")
