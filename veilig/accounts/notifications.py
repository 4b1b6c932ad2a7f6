"""E-mail to a user when their second factor changes, so that a change they did not make shows.

The mail names only the account and what happened: never a code, a secret, an address or the
administrator's reason. A user without an e-mail address gets no mail. A mail server that is
down must not undo or block the change itself, so a failure is logged (by code and user id)
and swallowed.
"""

from __future__ import annotations

import logging
import smtplib
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilig.accounts.models import User

logger = logging.getLogger(__name__)


class Notice(StrEnum):
    ENROLLED = "enrolled"
    REPLACED = "replaced"
    BACKUP_CODE_USED = "backup_code_used"
    ACTIVATION_CODE_ISSUED = "activation_code_issued"
    RESET = "reset"


def _texts(notice: Notice, *, username: str, remaining: int) -> tuple[str, str]:
    if notice is Notice.ENROLLED:
        return (
            _("Veilig: two-factor authentication set up"),
            _(
                "An authenticator app was set up for two-factor authentication of your Veilig "
                "account %(username)s."
            )
            % {"username": username},
        )
    if notice is Notice.REPLACED:
        return (
            _("Veilig: authenticator app replaced"),
            _(
                "The authenticator app of your Veilig account %(username)s was replaced by a new "
                "one. The old app no longer works, and your earlier backup codes are void."
            )
            % {"username": username},
        )
    if notice is Notice.BACKUP_CODE_USED:
        return (
            _("Veilig: a backup code was used"),
            _("A backup code was used to sign in to your Veilig account %(username)s.")
            % {"username": username}
            + " "
            + ngettext(
                "You have %(remaining)d backup code left.",
                "You have %(remaining)d backup codes left.",
                remaining,
            )
            % {"remaining": remaining},
        )
    if notice is Notice.ACTIVATION_CODE_ISSUED:
        return (
            _("Veilig: activation code issued"),
            _(
                "A functional administrator issued an activation code for two-factor "
                "authentication of your Veilig account %(username)s. You receive the code from "
                "the administrator in person or by phone, never by e-mail."
            )
            % {"username": username},
        )
    return (
        _("Veilig: two-factor authentication reset"),
        _(
            "A functional administrator reset the two-factor authentication of your Veilig "
            "account %(username)s. Your authenticator app and backup codes no longer work. "
            "You receive an activation code from the administrator to set up a new app."
        )
        % {"username": username},
    )


def two_factor_notify(*, user: User, notice: Notice, remaining: int = 0) -> bool:
    """Mail ``user`` about ``notice``; True when a mail was handed to the mail server."""
    if not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, text = _texts(notice, username=user.get_username(), remaining=remaining)
        closing = _(
            "Was this not you? Tell the functional administrator of your organisation at once."
        )
    try:
        send_mail(subject, f"{text}\n\n{closing}\n", None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.warning("two-factor notice %s not sent to user %s", notice.value, user.pk)
        return False
    return True
