"""A member organisation of a case table, as the covenant declares it.

Kept apart from ``veilig.cases.models`` (which imports it) so the covenant's pieces stay small.
The rows live in the table Django made for the former plain many-to-many
(``consultations_table_member_organisations``): ``cases.0007`` only told Django it has a model.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import Organisation
from veilig.cases.vocabulary import DataCategory, LegalBasis


class TableMember(models.Model):
    """An organisation at a table: on which legal basis it takes part, and which data categories
    of the other organisations' items it may see (an empty list: none of them)."""

    table = models.ForeignKey(
        "cases.Table",
        verbose_name=_("case table"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="table_memberships",
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=32, choices=LegalBasis.choices, blank=True
    )
    data_categories = models.JSONField(
        _("data categories this member may see"),
        default=list,
        blank=True,
        help_text=_("Codes: %(codes)s") % {"codes": ", ".join(DataCategory.values)},
    )

    class Meta:
        db_table = "consultations_table_member_organisations"
        unique_together = [("table", "organisation")]
        ordering = ["organisation__name"]
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")

    def __str__(self) -> str:
        return str(self.organisation)

    def category_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels.get(code, code)) for code in self.data_categories]
