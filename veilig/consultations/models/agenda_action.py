from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.cases.models import Action
from veilig.consultations.models.agenda_item import AgendaItem
from veilig.consultations.vocabulary import AgendaActionKind


class AgendaAction(models.Model):
    """An action agreed at an agenda item, or brought back to one because it was not done: the
    rows of one action are its history across meetings."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="agenda_actions")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="agenda_links")
    kind = models.CharField(_("kind"), max_length=16, choices=AgendaActionKind.choices)

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "action"], name="agenda_action_once"),
        ]
        verbose_name = _("action on the agenda")
        verbose_name_plural = _("actions on the agenda")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.action_id} ({self.kind})"
