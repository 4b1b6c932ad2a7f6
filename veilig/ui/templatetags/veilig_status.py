"""Status badges: a status is always shown as its word; the colour only repeats it.

``{% status_badge code label %}`` renders an Utrecht status badge whose tone follows the status
code. The tones (docs/ui.md, "Status badges"): open, active (in progress), done, ended (stopped
without a result), late (overdue or failed), warning. The codes are the stored values of the
status vocabularies of cases, actions, signals, early signals and imports; they are listed here
as plain strings because this bottom layer may not import those apps. An unknown code is shown
in the neutral "active" tone, still with its word.
"""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

TONES = frozenset({"open", "active", "done", "ended", "late", "warning"})

STATUS_TONES: dict[str, str] = {
    # New, nobody has picked it up yet.
    "nieuw": "open",  # signal
    "open": "open",  # action
    "new": "open",  # early signal
    "aangemeld": "open",  # case
    "in_triage": "open",  # case
    "queued": "open",  # import
    # Being worked on.
    "in_behandeling": "active",  # signal
    "doorgezet": "active",  # signal
    "in_progress": "active",  # early signal
    "geaccepteerd": "active",  # case
    "bilateraal": "active",  # case
    "lokaal_opgepakt": "active",  # case
    "plan_van_aanpak": "active",  # case
    "monitoring": "active",  # case
    "running": "active",  # import
    # Done.
    "afgehandeld": "done",  # signal
    "afgesloten": "done",  # case
    "afgeschaald": "done",  # case
    "done": "done",  # action, import, early signal
    # Stopped without a result.
    "niet_opgepakt": "ended",  # case
    "cancelled": "ended",  # action
    # Needs attention now.
    "failed": "late",  # import
}


def status_tone(code: str) -> str:
    return STATUS_TONES.get(code, "active")


@register.simple_tag
def status_badge(code: str, label: str | Promise, tone: str = "") -> SafeString:
    """A badge with the status word; ``tone`` overrides the tone of ``code`` (e.g. "late")."""
    chosen = tone if tone in TONES else status_tone(str(code))
    return format_html(
        '<span class="utrecht-status-badge veilig-status veilig-status--{}">{}</span>',
        chosen,
        label,
    )
