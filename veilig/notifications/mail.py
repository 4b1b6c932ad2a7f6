"""The e-mails of notifications: a fixed sentence per kind and the absolute link, nothing else.

No name, no BSN, no case reference, no case text: a mail can be forwarded, printed or read
over a shoulder, so it says only that there is something in Veilig and where. The text is in
the site's language (Dutch), whatever language the user last chose on screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from veilig.notifications.models import Notification
from veilig.notifications.vocabulary import NotificationKind


def _subject(kind: str) -> str:
    subjects = {
        NotificationKind.CASE_INVITED: _("Veilig: you have been invited to a case"),
        NotificationKind.ACTION_ASSIGNED: _("Veilig: an action has been assigned to you"),
        NotificationKind.ACTION_DUE_SOON: _("Veilig: the deadline of an action is in 3 days"),
        NotificationKind.AGENDA_READY: _("Veilig: an agenda is ready"),
        NotificationKind.TRIAGE_OUTCOME: _("Veilig: the outcome of a triage is known"),
    }
    return subjects.get(NotificationKind(kind), _("Veilig: a new notification"))


def _sentence(kind: str) -> str:
    sentences = {
        NotificationKind.CASE_INVITED: _(
            "Your organisation has been invited to take part in a case."
        ),
        NotificationKind.ACTION_ASSIGNED: _("An action in a case has been assigned to you."),
        NotificationKind.ACTION_DUE_SOON: _("An action of yours reaches its deadline in 3 days."),
        NotificationKind.AGENDA_READY: _("The agenda of a case consultation is ready."),
        NotificationKind.TRIAGE_OUTCOME: _("A triage decision has been taken on a case."),
    }
    return sentences.get(NotificationKind(kind), _("There is a new notification for you."))


def absolute_link(link: str) -> str:
    return f"{settings.SITE_URL}{link}"


def _closing() -> str:
    return _(
        "Sign in to Veilig to see what it is about. This e-mail holds no details on purpose. "
        "You choose between one e-mail per notification and a daily digest under "
        "“Notifications”, “E-mail settings”."
    )


def single_mail(notification: Notification) -> tuple[str, str]:
    """Subject and body of the e-mail of one notification."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(notification.kind)
        body = (
            f"{_sentence(notification.kind)}\n\n"
            f"{absolute_link(notification.link)}\n\n"
            f"{_closing()}\n"
        )
    return subject, body


def digest_mail(notifications: Sequence[Notification]) -> tuple[str, str]:
    """Subject and body of the daily digest: one line per notification, its link under it."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Veilig: your notifications of today")
        lines = [_("New notifications for you in Veilig:"), ""]
        for item in notifications:
            lines.append(f"- {NotificationKind(item.kind).label}")
            lines.append(f"  {absolute_link(item.link)}")
        body = "\n".join(lines) + f"\n\n{_closing()}\n"
    return subject, body
