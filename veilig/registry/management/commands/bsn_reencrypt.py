from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilig.registry.crypto import UnknownKeyError
from veilig.registry.selectors import persons_sealed_under_old_keys
from veilig.registry.services import person_bsn_reencrypt


class Command(BaseCommand):
    help = (
        "Seal every stored BSN under the current VEILIG_FIELD_ENCRYPTION_KEY (after a key change); "
        "--check only counts those still under an earlier key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="count only; exit code 1 if any remain"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            remaining = persons_sealed_under_old_keys().count()
            if remaining:
                message = ngettext(
                    "%(count)s BSN is still sealed under an earlier key.",
                    "%(count)s BSNs are still sealed under an earlier key.",
                    remaining,
                )
                raise CommandError(message % {"count": remaining})
            self.stdout.write(_("Every BSN is sealed under the current key."))
            return
        try:
            moved = person_bsn_reencrypt()
        except UnknownKeyError as exc:
            raise CommandError(
                _("A BSN is sealed under a key that is not configured: %(reason)s")
                % {"reason": exc}
            ) from exc
        message = ngettext(
            "%(count)s BSN sealed under the current key.",
            "%(count)s BSNs sealed under the current key.",
            moved,
        )
        self.stdout.write(message % {"count": moved})
