from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import Organisation
from veilig.consultations.models.meeting import Meeting


class Attendance(models.Model):
    """Who attends a meeting, for which organisation, and when they accepted the confidentiality
    statement (geheimhoudingsverklaring). Nothing of a case is shown in the meeting before it is
    recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Not a representative of the table: invited for this meeting (or one case) only.
    incidental = models.BooleanField(_("incidental participant"), default=False)
    present = models.BooleanField(_("present"), default=True)
    statement_accepted_at = models.DateTimeField(
        _("confidentiality statement accepted at"), null=True, blank=True
    )
    statement_version = models.CharField(max_length=16, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_user_once"),
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.user_id}"

    @property
    def statement_recorded(self) -> bool:
        return self.statement_accepted_at is not None
