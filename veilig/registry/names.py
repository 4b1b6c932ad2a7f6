"""When two spellings of a name are the same name: the normal form registration matches on.

``name_key`` is the person's whole name (first name, prefix, last name, in that order) folded so
that differences of capitals, accents and spacing do not count: "Jan  van der Berg",
"jan Van Der berg" and "Ján van der Bérg" share one key, whether "van der" was typed as the
prefix or as part of the last name. Hyphens, apostrophes and full stops count as spaces
("Ødegård-Çelik" = "Odegard Celik"). Letters that Unicode does not decompose into a base letter
and an accent are mapped by hand (ø → o, ł → l, æ → ae, ß → ss, ...). Anything else (a
different letter, a missing first name, initials against a full first name) is a different name:
the key is for the exact match at registration, not for guessing; the possible-duplicates page
does the guessing, for a person to judge (``name_similarity``).
"""

from __future__ import annotations

import difflib
import unicodedata

# Letters without a canonical decomposition into base letter + combining mark.
_BASE_LETTERS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ĳ": "ij",
    }
)
_SPACES = str.maketrans({"-": " ", "‐": " ", "–": " ", "'": " ", "’": " ", "`": " ", ".": " "})


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(bare.translate(_BASE_LETTERS).translate(_SPACES).split())


def name_key(*, first_name: str, prefix: str = "", last_name: str) -> str:
    """The normal form of a whole name (see the module's docstring); '' for no name."""
    return _fold(" ".join((first_name, prefix, last_name)))


def name_similarity(key_a: str, key_b: str) -> float:
    """How alike two name keys are, 0 to 1 (a ratio of matching characters); for suggestions."""
    return difflib.SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()
