"""Code lists of the case consultations: triage outcomes, meeting statuses, agenda reasons."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.cases.vocabulary import Status


class TriageOutcome(models.TextChoices):
    # The routes of the ZVH triage.
    ACCEPT = "accept", _("Accept into a case table")
    BILATERAL = "bilateral", _("Bilateral (partners without a table)")
    LOCAL = "local", _("Local route (neighbourhood team)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    # The four outcomes of the weegploeg (radicalisation, national approach).
    NO_ACTION = "no_action", _("No action")
    MORE_INFORMATION = "more_information", _("More information needed")
    ZVH_TABLE = "zvh_table", _("Approach through the ZVH table")
    CRIMINAL_LAW = "criminal_law", _("Criminal-law route")


GENERAL_OUTCOMES = (
    TriageOutcome.ACCEPT,
    TriageOutcome.BILATERAL,
    TriageOutcome.LOCAL,
    TriageOutcome.NOT_ACCEPTED,
)
WEEGPLOEG_OUTCOMES = (
    TriageOutcome.NO_ACTION,
    TriageOutcome.MORE_INFORMATION,
    TriageOutcome.ZVH_TABLE,
    TriageOutcome.CRIMINAL_LAW,
)
# Where each outcome leaves the case. "More information needed" keeps it in triage: it comes
# back in next week's queue. The criminal-law route leaves the table to police and OM, which
# the case workflow records as bilateral.
OUTCOME_STATUS: dict[TriageOutcome, Status] = {
    TriageOutcome.ACCEPT: Status.ACCEPTED,
    TriageOutcome.BILATERAL: Status.BILATERAL,
    TriageOutcome.LOCAL: Status.LOCAL,
    TriageOutcome.NOT_ACCEPTED: Status.NOT_ACCEPTED,
    TriageOutcome.NO_ACTION: Status.NOT_ACCEPTED,
    TriageOutcome.MORE_INFORMATION: Status.TRIAGE,
    TriageOutcome.ZVH_TABLE: Status.ACCEPTED,
    TriageOutcome.CRIMINAL_LAW: Status.BILATERAL,
}
OUTCOMES_WITH_TABLE = frozenset({TriageOutcome.ACCEPT, TriageOutcome.ZVH_TABLE})


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_READY = "agenda_ready", _("Agenda ready")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_MEETING_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_READY})


class AgendaReason(models.TextChoices):
    """Why a case is on an agenda; an item keeps the first reason it was put on for."""

    NEW = "new", _("Accepted since the last meeting")
    ACTION_DUE = "action_due", _("Action due or overdue")
    RETURNED = "returned", _("Action not done: back on the agenda")
    FLAGGED = "flagged", _("Flagged for discussion")
    ADDED = "added", _("Added by the chair")


class AgendaActionKind(models.TextChoices):
    AGREED = "agreed", _("Agreed at this item")
    RETURNED = "returned", _("Back on the agenda, not done")


# The version of the confidentiality statement (geheimhoudingsverklaring) attendees accept; a
# new text gets a new version, and the attendance row keeps the version that was accepted.
STATEMENT_VERSION = "2026-1"
