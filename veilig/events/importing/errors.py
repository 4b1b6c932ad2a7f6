"""File-level errors: the whole file cannot be imported (nothing is written)."""

from __future__ import annotations

from django.utils.functional import Promise


class ImportFileError(Exception):
    """The file or the mapping is unusable; the message is translatable and meant for users."""

    def __init__(self, message: str | Promise, **params: object) -> None:
        self.template = message
        self.params = params
        super().__init__(str(message) % params if params else str(message))

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(self.template) % self.params if self.params else str(self.template)
