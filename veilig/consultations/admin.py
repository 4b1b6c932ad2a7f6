"""Case tables in ``/beheer/``: the covenant as configuration, saved through the services."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from veilig.accounts.administration import RightsRefused
from veilig.accounts.models import User
from veilig.audit.admin_changes import AuditedAdmin
from veilig.audit.context import audit_context_of
from veilig.cases.models import Table
from veilig.cases.vocabulary import DataCategory
from veilig.consultations.services import (
    table_member_organisations_set,
    table_representatives_set,
    table_save,
    table_theme_change_refusal,
)

_M2M_FIELDS = frozenset({"member_organisations", "representatives"})


class _RepresentativesField(forms.ModelMultipleChoiceField[User]):
    """Users as "name (user name) – organisation": a user name alone does not say who it is."""

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        organisation = obj.organisation.name if obj.organisation else _t("no organisation")
        return f"{name} ({obj.username}) – {organisation}"


class TableForm(forms.ModelForm[Table]):
    """Refuses in the form what the services would refuse, so nothing is saved half-way."""

    actor: ClassVar[User | None] = None  # set per request by ``TableAdmin.get_form``
    # Boxes to tick, not a list to type; the model keeps the codes as a JSON list.
    data_categories = forms.MultipleChoiceField(
        label=_("Data categories members may see"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Of other organisations' contributions and documents shared with all participants, "
            "members see only these categories. With none ticked they see every category. "
            "Their own organisation's items they always see."
        ),
    )

    class Meta:
        model = Table
        fields = [
            "code",
            "name",
            "theme",
            "member_organisations",
            "representatives",
            "data_categories",
            "retention_months",
            "subject_informed",
        ]
        field_classes = {"representatives": _RepresentativesField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Ticked boxes, readable without JavaScript (the admin's two-list widget is not: axe).
        for name in _M2M_FIELDS:
            field = cast(forms.ModelMultipleChoiceField[Any], self.fields[name])
            field.widget = forms.CheckboxSelectMultiple()
            field.queryset = field.queryset  # hands the choices to the new widget
            field.help_text = ""  # the admin's "hold down Control" is for the list widget
        representatives = cast(_RepresentativesField, self.fields["representatives"])
        representatives.queryset = User.objects.select_related("organisation").order_by(
            "organisation__name", "last_name", "username"
        )

    def clean_data_categories(self) -> list[str]:
        value = self.cleaned_data.get("data_categories") or []
        return sorted(set(value))

    def clean_representatives(self) -> Any:
        users = self.cleaned_data.get("representatives")
        actor = self.actor
        current = set(self.instance.representatives.all()) if self.instance.pk else set()
        if actor is not None and users is not None and actor in set(users) ^ current:
            raise forms.ValidationError(
                _("You cannot change your own representation. Ask another administrator."),
                code="self",
            )
        return users

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        theme = cleaned.get("theme")
        if theme and table_theme_change_refusal(table=self.instance, new_theme=theme):
            self.add_error("theme", RightsRefused("radicalisation_with_representatives").message)
        return cleaned


@admin.register(Table)
class TableAdmin(AuditedAdmin[Table]):
    """Saves through the services, which write the rows (``AuditedAdmin`` logs the rest)."""

    form = TableForm
    list_display = ["name", "code", "theme", "retention_months", "subject_informed", "matrix"]
    list_filter = ["theme"]
    search_fields = ["name", "code"]

    @admin.display(description=_("who sees what"))
    def matrix(self, obj: Table) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', reverse("tables:matrix", args=[obj.pk]), _t("Access matrix")
        )

    def get_form(
        self, request: HttpRequest, obj: Table | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Table]]:
        form = super().get_form(request, obj, change, **kwargs)
        actor = request.user if isinstance(request.user, User) else None
        return cast(type[forms.ModelForm[Table]], type(form.__name__, (form,), {"actor": actor}))

    def has_delete_permission(self, request: HttpRequest, obj: Table | None = None) -> bool:
        return False  # cases refer to their table; a covenant that ended keeps its history

    def save_model(
        self, request: HttpRequest, obj: Table, form: forms.ModelForm[Table], change: bool
    ) -> None:
        table_save(
            context=audit_context_of(request),
            table=obj,
            changed_fields=[name for name in form.changed_data if name not in _M2M_FIELDS],
            created=not change,
        )

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm[Table], formsets: Any, change: bool
    ) -> None:
        """Membership through the services (no ``save_m2m``): a row per change, four eyes."""
        context = audit_context_of(request)
        table = form.instance
        table_member_organisations_set(
            context=context, table=table, organisations=form.cleaned_data["member_organisations"]
        )
        try:
            pending = table_representatives_set(
                context=context, table=table, users=form.cleaned_data["representatives"]
            )
        except RightsRefused as refusal:
            messages.error(request, refusal.message)
            return
        if pending:
            messages.warning(
                request,
                _t(
                    "New representatives of a radicalisation table take effect only after a "
                    "second administrator approves them (Requests for privileged rights)."
                ),
            )
