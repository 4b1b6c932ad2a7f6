"""The ``detail`` column of an audit row: codes, never free or translated text.

Codes are joined by ``DETAIL_SEPARATOR``; a read under break-the-glass ends with one
``grant:<id>`` code per grant it used, so that the privacy officer's queue can count them.
"""

from __future__ import annotations

DETAIL_SEPARATOR = ";"
GRANT_CODE_PREFIX = "grant:"
GRANT_CODE = GRANT_CODE_PREFIX + "{}"
DETAIL_MAX = 255


def detail_join(*codes: str) -> str:
    """Codes joined by the separator; a code that would not fit whole is left out, never cut."""
    kept: list[str] = []
    length = 0
    for code in codes:
        if not code:
            continue
        extra = len(code) + (len(DETAIL_SEPARATOR) if kept else 0)
        if length + extra > DETAIL_MAX:
            break
        kept.append(code)
        length += extra
    return DETAIL_SEPARATOR.join(kept)
