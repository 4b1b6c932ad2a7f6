"""Why a row is rejected. The English texts are the gettext msgids; they are stored untranslated
in ``ImportRun.rejections`` and translated when shown, so a report reads in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

MISSING_ID = gettext_noop("missing id")
ID_TOO_LONG = gettext_noop("id longer than 64 characters")
DUPLICATE_ID = gettext_noop("duplicate id in the file")
MISSING_COORDINATES = gettext_noop("missing coordinates")
UNPARSEABLE_COORDINATES = gettext_noop("unparseable coordinates")
OUTSIDE_NL = gettext_noop("coordinates outside the Netherlands")
OUTSIDE_UK = gettext_noop("coordinates outside the United Kingdom")
MISSING_BEGIN = gettext_noop("missing begin date")
UNPARSEABLE_DATE = gettext_noop("unparseable date")
BEGIN_AFTER_END = gettext_noop("begin after end")
MISSING_THEME = gettext_noop("missing theme")
UNKNOWN_INCIDENT_CODE = gettext_noop("incident code not in the theme map")
VALUE_TOO_LONG = gettext_noop("value too long")

ALL_REASONS: tuple[str, ...] = (
    MISSING_ID,
    ID_TOO_LONG,
    DUPLICATE_ID,
    MISSING_COORDINATES,
    UNPARSEABLE_COORDINATES,
    OUTSIDE_NL,
    OUTSIDE_UK,
    MISSING_BEGIN,
    UNPARSEABLE_DATE,
    BEGIN_AFTER_END,
    MISSING_THEME,
    UNKNOWN_INCIDENT_CODE,
    VALUE_TOO_LONG,
)


def reason_label(reason: str, column: str = "") -> str:
    """A reason in the active language, with the column it concerns (if any)."""
    text = gettext(reason)
    return f"{text} ({column})" if column else text
