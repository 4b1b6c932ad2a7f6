from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilig.cases.models import Case, Table
from veilig.consultations.vocabulary import TriageOutcome


class TriageDecision(models.Model):
    """One triage (weegploeg) decision on a case: the route, the table, why, who and when.

    "More information needed" may precede a final decision, so a case can have more than one.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="triage_decisions")
    outcome = models.CharField(_("outcome"), max_length=20, choices=TriageOutcome.choices)
    table = models.ForeignKey(
        Table,
        verbose_name=_("case table"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    # The Tuesday of the weekly triage session the decision belongs to.
    session = models.DateField(_("triage session"))

    class Meta:
        ordering = ["decided_at", "pk"]
        indexes = [models.Index(fields=["table", "decided_at"], name="triage_table_at")]
        verbose_name = _("triage decision")
        verbose_name_plural = _("triage decisions")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome}"
