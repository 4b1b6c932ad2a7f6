"""A written reason that says something: one rule for break-the-glass and second-factor resets."""

from __future__ import annotations

import re

# A word: three or more letters (any alphabet, no digits), not one letter repeated ("aaaa").
_WORD = re.compile(r"[^\W\d_]{3,}")


def distinct_words(text: str) -> int:
    """How many different real words ``text`` holds ("test test test" holds one)."""
    return len({w.casefold() for w in _WORD.findall(text) if len(set(w.casefold())) > 1})
