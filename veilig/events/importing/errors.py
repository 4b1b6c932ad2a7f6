"""File-level errors: the whole file cannot be imported (nothing is written)."""

from __future__ import annotations

from django.utils.functional import Promise


class ImportFileError(Exception):
    """The file or the mapping is unusable; the message is translatable and meant for users.

    ``code`` names the reason for programs and tests (e.g. ``too_many_columns``); the message
    never holds the file's name (it can reach a log through the exception).
    """

    def __init__(self, message: str | Promise, *, code: str = "", **params: object) -> None:
        self.template = message
        self.params = params
        self.code = code
        super().__init__(str(message) % params if params else str(message))

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(self.template) % self.params if self.params else str(self.template)
