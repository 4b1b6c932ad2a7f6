"""Strict reading of numbers from query parameters.

``str.isdigit()`` is not a test for "int() will work": it accepts "²" and other Unicode digits
that int() refuses, and int() refuses strings of more than 4,300 digits; both gave server errors.
A query parameter is a number here only when it is 1 to 18 ASCII digits within the given range;
anything else counts as absent, and the page says so through its form where it has one.
"""

from __future__ import annotations

import re

from django.http import HttpRequest

_DIGITS = re.compile(r"[0-9]{1,18}")  # below 2**63: every database's bigint


def parse_int(raw: str, *, minimum: int = 0, maximum: int = 2**63 - 1) -> int | None:
    """``raw`` as a whole number in ``minimum..maximum``, else None."""
    if not _DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if minimum <= number <= maximum else None


def query_int(
    request: HttpRequest, name: str, *, minimum: int = 0, maximum: int = 2**63 - 1
) -> int | None:
    """The query parameter ``name`` as a whole number in ``minimum..maximum``, else None."""
    return parse_int(request.GET.get(name, ""), minimum=minimum, maximum=maximum)
