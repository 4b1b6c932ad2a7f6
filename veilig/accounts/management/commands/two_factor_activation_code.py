"""An activation code from the command line: for the very first functional administrator.

Nobody may issue a code for themselves in the application, so the first administrator of a new
installation gets theirs from whoever runs the server. The row in the audit log has channel
``cli`` and no actor.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from veilig.accounts.models import User
from veilig.accounts.two_factor import TwoFactorError, activation_code_issue
from veilig.audit.context import AuditContext


class Command(BaseCommand):
    help = "Issue a one-time activation code with which a user sets up two-factor authentication."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("There is no user with this user name."))
        try:
            row, code = activation_code_issue(
                user=user, issued_by=None, context=AuditContext(actor=None, channel="cli")
            )
        except TwoFactorError as error:
            raise CommandError(
                _("No activation code issued: %(reason)s.") % {"reason": error.code}
            ) from error
        self.stdout.write(
            _("Activation code: %(code)s (valid until %(until)s, once).")
            % {"code": code, "until": row.expires_at.isoformat(timespec="minutes")}
        )
