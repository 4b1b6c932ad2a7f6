from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from veilig.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the access log; names the first tampered sequence number."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = audit_chain_verify()
        seconds = time.perf_counter() - started
        if not result.intact:
            raise CommandError(
                _("Access log NOT intact: first tampered sequence number %(seq)s (%(reason)s).")
                % {"seq": result.first_bad_seq, "reason": result.reason}
            )
        self.stdout.write(
            _("Access log intact: %(rows)s rows verified in %(seconds).2f s.")
            % {"rows": result.rows, "seconds": seconds}
        )
