"""The kinds of notification and the delivery choices. Each kind has one fixed text."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CASE_INVITED = "case_invited", _("Invited to a case")
    ACTION_ASSIGNED = "action_assigned", _("Action assigned")
    ACTION_DUE_SOON = "action_due_soon", _("Action deadline in 3 days")
    AGENDA_READY = "agenda_ready", _("Agenda ready")
    TRIAGE_OUTCOME = "triage_outcome", _("Triage outcome")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately, one e-mail per notification")
    DAILY_DIGEST = "daily_digest", _("Once a day, one e-mail with all new notifications")
