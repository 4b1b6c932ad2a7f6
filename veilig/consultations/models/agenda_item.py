from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.cases.models import Case
from veilig.consultations.models.meeting import Meeting
from veilig.consultations.vocabulary import AgendaReason


class AgendaItem(models.Model):
    """A case on a meeting's agenda, with its minutes in the BOB form (beeldvorming,
    oordeelsvorming, besluitvorming). The minutes are case content: they are shown only where
    the case itself may be shown."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    reason = models.CharField(_("reason"), max_length=16, choices=AgendaReason.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beeld = models.TextField(_("picture (beeldvorming)"), blank=True)
    oordeel = models.TextField(_("judgement (oordeelsvorming)"), blank=True)
    besluit = models.TextField(_("decision (besluitvorming)"), blank=True)
    minuted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minuted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once"),
        ]
        indexes = [models.Index(fields=["case", "meeting"], name="agenda_case_meeting")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.meeting_id}#{self.position}"

    @property
    def minuted(self) -> bool:
        return bool(self.beeld or self.oordeel or self.besluit)
