from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from veilig.audit.anchor import AnchorStatus
from veilig.audit.chain import VerifyResult
from veilig.audit.selectors import audit_chain_verify
from veilig.audit.services import audit_verification_record


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the access log and compare it with the last anchor; "
        "names the first tampered sequence number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor-file",
            type=Path,
            help="an anchor file to compare with, e.g. a copy from the write-once store "
            "(default: AUDIT_ANCHOR_FILE)",
        )

    def handle(self, *args: Any, anchor_file: Path | None = None, **options: Any) -> None:
        started = time.perf_counter()
        result = audit_chain_verify(anchor_file=anchor_file)
        seconds = time.perf_counter() - started
        audit_verification_record(result=result, channel="command")
        if result.first_bad_seq is not None:
            raise CommandError(
                _("Access log NOT intact: first tampered sequence number %(seq)s (%(reason)s).")
                % {"seq": result.first_bad_seq, "reason": result.reason}
            )
        anchor = result.anchor
        if anchor is not None and anchor.status == AnchorStatus.UNREADABLE:
            raise CommandError(
                _("Anchor file cannot be read: %(reason)s.") % {"reason": anchor.reason}
            )
        if anchor is not None and not anchor.ok:
            raise CommandError(
                _("Anchor file NOT intact: line %(line)s (%(reason)s).")
                % {"line": anchor.line or "-", "reason": anchor.reason}
            )
        self.stdout.write(
            _("Access log intact: %(rows)s rows verified in %(seconds).2f s.")
            % {"rows": result.rows, "seconds": seconds}
        )
        self.stdout.write(_anchor_line(result))


def _anchor_line(result: VerifyResult) -> str:
    anchor = result.anchor
    if anchor is None or anchor.status == AnchorStatus.NONE or anchor.last is None:
        return _("No anchor written yet: the log has not been compared with one.")
    last = anchor.last
    return _("Matches the last anchor (line %(line)s, sequence number %(seq)s, %(at)s UTC).") % {
        "line": last.number,
        "seq": last.seq,
        "at": last.at.strftime("%Y-%m-%d %H:%M:%S"),
    }
