"""Code lists of the signals: sources, statuses and their workflow, team functions, priorities."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SignalSource(models.TextChoices):
    TEAM = "wijkteam", _("Neighbourhood team")
    PARTNER = "partner", _("Partner")
    RESIDENT = "bewoner", _("Resident")
    POLICE = "politie", _("Police")


class LocationMethod(models.TextChoices):
    MAP = "kaart", _("Tapped on the map")
    ADDRESS = "adres", _("Address search")
    GPS = "gps", _("Location of the phone")


class SignalStatus(models.TextChoices):
    NEW = "nieuw", _("New")
    IN_PROGRESS = "in_behandeling", _("In progress")
    FORWARDED = "doorgezet", _("Forwarded")
    CLOSED = "afgehandeld", pgettext_lazy("signal status", "Closed")


# The workflow: from each status, the statuses a signal may move to. Closed -> in progress is
# the reopening; it needs a written reason (NEEDS_NOTE).
TRANSITIONS: dict[SignalStatus, frozenset[SignalStatus]] = {
    SignalStatus.NEW: frozenset({SignalStatus.IN_PROGRESS}),
    SignalStatus.IN_PROGRESS: frozenset({SignalStatus.FORWARDED, SignalStatus.CLOSED}),
    SignalStatus.FORWARDED: frozenset({SignalStatus.IN_PROGRESS, SignalStatus.CLOSED}),
    SignalStatus.CLOSED: frozenset({SignalStatus.IN_PROGRESS}),
}
NEEDS_NOTE = frozenset({(SignalStatus.CLOSED, SignalStatus.IN_PROGRESS)})
OPEN_STATUSES = frozenset({SignalStatus.NEW, SignalStatus.IN_PROGRESS, SignalStatus.FORWARDED})


class TeamFunction(models.TextChoices):
    COMMUNITY_OFFICER = "wijkagent", _("Community police officer")
    ENFORCEMENT = "boa", _("Enforcement officer (BOA)")
    AREA_MANAGER = "gebiedsregisseur", _("Area manager")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    NORMAL = 2, _("Normal")
    LOW = 3, _("Low")


class EarlyRuleKind(models.TextChoices):
    REPEAT_SUBJECT = "repeat_subject", _("Address or person with repeated signals or events")
    REPEAT_ADDRESS_CATEGORY = (
        "repeat_address_category",
        _("The same category at the same address, repeated"),
    )
    SPATIAL_BURST = "spatial_burst", _("A burst of one category close together")


class EarlyRecipient(models.TextChoices):
    COORDINATOR = "coordinator", _("Process director")
    TEAM = "team", _("The neighbourhood team of the area")


class EarlySignalStatus(models.TextChoices):
    """Where a team is with an early signal: nieuw → in behandeling → afgehandeld."""

    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("signal status", "Closed")


# The workflow of an early signal. Closing needs a written note (what was done), and so does
# reopening a closed one (why). A case registered from an early signal moves it to in progress.
EARLY_TRANSITIONS: dict[EarlySignalStatus, frozenset[EarlySignalStatus]] = {
    EarlySignalStatus.NEW: frozenset({EarlySignalStatus.IN_PROGRESS, EarlySignalStatus.DONE}),
    EarlySignalStatus.IN_PROGRESS: frozenset({EarlySignalStatus.DONE}),
    EarlySignalStatus.DONE: frozenset({EarlySignalStatus.IN_PROGRESS}),
}
EARLY_NEEDS_NOTE = frozenset(
    {
        (EarlySignalStatus.NEW, EarlySignalStatus.DONE),
        (EarlySignalStatus.IN_PROGRESS, EarlySignalStatus.DONE),
        (EarlySignalStatus.DONE, EarlySignalStatus.IN_PROGRESS),
    }
)
EARLY_OPEN_STATUSES = frozenset({EarlySignalStatus.NEW, EarlySignalStatus.IN_PROGRESS})
