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
from veilig.cases.models import Table, TableMember
from veilig.cases.vocabulary import DataCategory, LegalBasis
from veilig.consultations.services import (
    table_member_add,
    table_member_change,
    table_member_remove,
    table_representatives_set,
    table_save,
    table_theme_change_refusal,
)

_M2M_FIELDS = frozenset({"representatives"})


def _user_label(obj: User) -> str:
    name = obj.get_full_name() or obj.username
    organisation = obj.organisation.name if obj.organisation else _t("no organisation")
    return f"{name} ({obj.username}) – {organisation}"


class _RepresentativesField(forms.ModelMultipleChoiceField[User]):
    """Users as "name (user name) – organisation": a user name alone does not say who it is."""

    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class _ChairField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class TableMemberForm(forms.ModelForm[TableMember]):
    """A member: its organisation (fixed once saved), legal basis and categories as boxes."""

    # No basis is chosen for the administrator: the empty choice first (an untouched extra row
    # stays unchanged and is not saved).
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=[("", "---------"), *LegalBasis.choices]
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Data categories it may see"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Of other organisations' contributions and documents shared with all participants, "
            "this member sees only these categories; with none ticked it sees none of them. "
            "Its own organisation's items it always sees."
        ),
    )

    class Meta:
        model = TableMember
        fields = ["organisation", "legal_basis", "data_categories"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Another organisation is another membership: remove this one and add that one.
            self.fields["organisation"].disabled = True

    def clean_data_categories(self) -> list[str]:
        value = self.cleaned_data.get("data_categories") or []
        return sorted(set(value))


class TableMemberInline(admin.StackedInline[TableMember, Table]):
    model = TableMember
    form = TableMemberForm
    extra = 1  # one empty row: a member can be added without JavaScript
    verbose_name = _("member organisation")
    verbose_name_plural = _("member organisations: legal basis and data categories")

    # Membership is part of the table's configuration: the table's permissions decide, as they
    # did for the plain list of members (no permissions of its own for the group to hold).
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("cases.view_table")

    def has_add_permission(self, request: HttpRequest, obj: Table | None = None) -> bool:
        return request.user.has_perm("cases.change_table")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("cases.change_table")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("cases.change_table")


class TableForm(forms.ModelForm[Table]):
    """Refuses in the form what the services would refuse, so nothing is saved half-way."""

    actor: ClassVar[User | None] = None  # set per request by ``TableAdmin.get_form``

    class Meta:
        model = Table
        fields = [
            "code",
            "name",
            "theme",
            "representatives",
            "chair",
            "meeting_rhythm",
            "meeting_weekday",
            "retention_months",
            "subject_informed",
            "subject_informed_when",
            "subject_not_informed_reason",
        ]
        field_classes = {"representatives": _RepresentativesField, "chair": _ChairField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Ticked boxes, readable without JavaScript (the admin's two-list widget is not: axe).
        for name in _M2M_FIELDS:
            field = cast(forms.ModelMultipleChoiceField[Any], self.fields[name])
            field.widget = forms.CheckboxSelectMultiple()
            field.queryset = field.queryset  # hands the choices to the new widget
            field.help_text = ""  # the admin's "hold down Control" is for the list widget
        representatives = cast(_RepresentativesField, self.fields["representatives"])
        users = User.objects.select_related("organisation").order_by(
            "organisation__name", "last_name", "username"
        )
        representatives.queryset = users
        chair = cast(_ChairField, self.fields["chair"])
        chair.queryset = users.filter(is_active=True)

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
    inlines = [TableMemberInline]
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
        for formset in formsets:
            self.save_formset(request, form, formset, change)
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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """The members through the services; any other inline as ``AuditedAdmin`` saves it."""
        if formset.model is TableMember:
            self._members_save(request, form.instance, formset)
            return
        super().save_formset(request, form, formset, change)

    def _members_save(self, request: HttpRequest, table: Table, formset: Any) -> None:
        """The member inline through the services: GRANT, REVOKE and ``field:<name>`` rows.
        Fills in what ``formset.save`` would, for the admin's own history message."""
        context = audit_context_of(request)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for member_form in formset.forms:
            member = member_form.instance
            if member_form in formset.deleted_forms:
                if member.pk is not None:
                    table_member_remove(context=context, member=member)
                    formset.deleted_objects.append(member)
                continue
            if not member_form.has_changed():
                continue
            data = member_form.cleaned_data
            if member.pk is None:
                added = table_member_add(
                    context=context,
                    table=table,
                    organisation=data["organisation"],
                    legal_basis=data["legal_basis"],
                    data_categories=data["data_categories"],
                )
                formset.new_objects.append(added)
                continue
            changed = table_member_change(
                context=context,
                member=member,
                legal_basis=data["legal_basis"],
                data_categories=data["data_categories"],
            )
            if changed:
                formset.changed_objects.append((member, changed))
