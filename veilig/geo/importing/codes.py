"""CBS area codes: the level and the parents follow from the code itself.

``GM0014`` (gemeente) -> ``WK001403`` (wijk: gemeente number + 2 digits) -> ``BU00140300``
(buurt: wijk number + 2 digits). Stadsdelen are Veilig's own: ``SD`` + gemeente number + 2 digits.
"""

from __future__ import annotations

import re

from veilig.geo.models import AreaLevel

_PATTERNS = {
    AreaLevel.GEMEENTE: re.compile(r"GM\d{4}"),
    AreaLevel.STADSDEEL: re.compile(r"SD\d{6}"),
    AreaLevel.WIJK: re.compile(r"WK\d{6}"),
    AreaLevel.BUURT: re.compile(r"BU\d{8}"),
}


def level_of_code(code: str) -> AreaLevel | None:
    """The level a code belongs to, or None when it has no known shape."""
    for level, pattern in _PATTERNS.items():
        if pattern.fullmatch(code):
            return level
    return None


def is_code_of_level(code: str, level: AreaLevel) -> bool:
    return _PATTERNS[level].fullmatch(code) is not None


def gemeente_code_of(code: str) -> str:
    """``GM`` + the gemeente number of any well-formed code."""
    return "GM" + code[2:6]


def wijk_code_of(buurt_code: str) -> str:
    return "WK" + buurt_code[2:8]
