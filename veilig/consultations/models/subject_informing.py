from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.cases.models import Case


class SubjectInforming(models.Model):
    """Informing the subject of a case (AVG art. 14): done on a date, or postponed with a reason
    and a date on which the postponement is reviewed."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="informing")
    informed_on = models.DateField(_("informed on"), null=True, blank=True)
    postponed_reason = models.TextField(_("reason for postponing"), blank=True)
    review_on = models.DateField(_("review the postponement on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="informing_done_or_postponed",
                condition=models.Q(informed_on__isnull=False)
                | (~models.Q(postponed_reason="") & models.Q(review_on__isnull=False)),
            )
        ]
        verbose_name = _("informing the subject")
        verbose_name_plural = _("informing the subject")

    def __str__(self) -> str:
        return f"{self.case_id}"

    @property
    def postponed(self) -> bool:
        return self.informed_on is None
