from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.cases.models import Case
from veilig.consultations.models.agenda_item import AgendaItem


class DiscussionRequest(models.Model):
    """A case flagged for discussion at the next meeting of its table; ``item`` is set when
    the flag has put it on an agenda."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussion_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("request for discussion")
        verbose_name_plural = _("requests for discussion")

    def __str__(self) -> str:
        return f"{self.case_id}"
