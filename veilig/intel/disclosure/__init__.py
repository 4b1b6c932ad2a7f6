"""Disclosure control for aggregates shown to roles without case access.

Pure library (numpy; scipy only in the audit), no Django: see ``docs/disclosure.md``.
"""

from .cube import cell_values
from .dimension import Dimension, nested
from .protect import Protection, protect
from .witness import Witness

__all__ = ["Dimension", "Protection", "Witness", "cell_values", "nested", "protect"]
