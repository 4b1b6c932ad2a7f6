"""Why a row is rejected. The English texts are the gettext msgids; they are stored untranslated
in ``ImportRun.rejections`` and translated when shown, so a report reads in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

MISSING_ID = N_("missing id")
ID_TOO_LONG = N_("id longer than 64 characters")
DUPLICATE_ID = N_("duplicate id in the file")
MISSING_COORDINATES = N_("missing coordinates")
UNPARSEABLE_COORDINATES = N_("unparseable coordinates")
OUTSIDE_NL = N_("coordinates outside the Netherlands")
OUTSIDE_UK = N_("coordinates outside the United Kingdom")
MISSING_BEGIN = N_("missing begin date")
UNPARSEABLE_DATE = N_("unparseable date")
BEGIN_AFTER_END = N_("begin after end")
MISSING_THEME = N_("missing theme")
UNKNOWN_INCIDENT_CODE = N_("incident code not in the theme map")
VALUE_TOO_LONG = N_("value too long")

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
