from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from veilig.audit.anchor import AnchorFileBrokenError, AnchorRefusedError
from veilig.audit.services import audit_anchor_write


class Command(BaseCommand):
    help = "Write the chain head to the anchor file now (the worker does so on a schedule)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchor = audit_anchor_write()
        except (AnchorFileBrokenError, AnchorRefusedError) as exc:
            raise CommandError(_("No anchor written: %(reason)s.") % {"reason": exc}) from exc
        self.stdout.write(
            _("Anchor %(line)s written: sequence number %(seq)s.")
            % {"line": anchor.number, "seq": anchor.seq}
        )
