"""The one error an area import raises for bad input."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

# A command-line error message lists at most this many problems (and how many more there are).
MAX_LISTED = 20


class AreaImportError(Exception):
    """Bad input for an area import: nothing has been changed.

    ``problems`` are translated, one per rejected row or field, so that a user can fix them all
    in one go instead of one per run.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.message())

    def message(self) -> str:
        listed = self.problems[:MAX_LISTED]
        lines = [_("The areas were not imported; nothing has been changed."), *listed]
        rest = len(self.problems) - len(listed)
        if rest > 0:
            lines.append(_("... and %(count)d more problems.") % {"count": rest})
        return "\n".join(lines)
