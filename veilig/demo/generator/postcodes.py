"""Dutch postcodes: four digits (1000-9999) and two letters, never SA, SD or SS.

A PC4 covers a buurt; a PC6 covers one side of a stretch of one street, about 15-25 addresses,
as in reality.
"""

from __future__ import annotations

import re
import string

import numpy as np

EXCLUDED_LETTER_PAIRS = ("SA", "SD", "SS")
LETTER_PAIRS: tuple[str, ...] = tuple(
    first + second
    for first in string.ascii_uppercase
    for second in string.ascii_uppercase
    if first + second not in EXCLUDED_LETTER_PAIRS
)
POSTCODE_PATTERN = re.compile(r"[1-9][0-9]{3}(?!SA|SD|SS)[A-Z]{2}")
MAX_PC4 = 9999


def postcode_is_valid(postcode: str) -> bool:
    """True for a well-formed Dutch postcode without space (``1234AB``)."""
    return POSTCODE_PATTERN.fullmatch(postcode) is not None


class PostcodeBook:
    """Hands out PC4 areas and, within the current area, PC6 postcodes in ascending order."""

    def __init__(self, *, rng: np.random.Generator, first_pc4: int) -> None:
        if not 1000 <= first_pc4 <= MAX_PC4:
            raise ValueError("a PC4 runs from 1000 to 9999")
        self._rng = rng
        self._next_pc4 = first_pc4
        self._pc4 = 0
        self._pair = len(LETTER_PAIRS)

    def next_area(self) -> None:
        """Start a new PC4 (a new buurt)."""
        if self._next_pc4 > MAX_PC4:
            raise ValueError("the postcode range is exhausted")
        self._pc4 = self._next_pc4
        self._next_pc4 += 1
        self._pair = int(self._rng.integers(0, 4))

    def next_postcode(self) -> str:
        """The next PC6; moves on to a new PC4 when the letters run out."""
        if self._pair >= len(LETTER_PAIRS):
            self.next_area()
        postcode = f"{self._pc4}{LETTER_PAIRS[self._pair]}"
        self._pair += 1 + int(self._rng.random() < 0.15)  # real ranges have gaps
        return postcode
