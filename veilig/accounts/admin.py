"""Users, organisations and requests for privileged rights in ``/beheer/``.

Every save goes through ``veilig.accounts.administration``, which holds the rules (no changes to
one's own rights, four-eyes grants, superuser-only fields) and writes the audit rows; the
forms below only keep what the rules forbid out of reach. ``AuditedAdmin`` logs what does not
pass a service (a superuser's deletion of a user).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from veilig.accounts.administration import (
    GrantOutcome,
    RightsRefused,
    organisation_save,
    privilege_request_approve,
    privilege_request_reject,
    user_password_changed,
    user_role_grant,
    user_role_revoke,
    user_save,
)
from veilig.accounts.models import Organisation, PrivilegeRequest, User, UserRole
from veilig.accounts.roles import Role
from veilig.audit.admin_changes import AuditedAdmin
from veilig.audit.context import audit_context_of


def _hide_device_admins() -> None:
    """django-otp's device admins show and edit the secret keys: none of them in ``/beheer/``.

    Their admin modules are imported first, so that the admin's later autodiscovery cannot
    register them again whatever the order of INSTALLED_APPS.
    """
    for config in apps.get_app_configs():
        if not config.name.startswith("django_otp.plugins."):
            continue
        import_module(f"{config.name}.admin")
        for model in config.get_models():
            if admin.site.is_registered(model):
                admin.site.unregister(model)


_hide_device_admins()


def _is_self(request: HttpRequest, obj: object) -> bool:
    """``obj`` is the user being edited (inlines get the parent object, whatever the stubs say)."""
    return isinstance(obj, User) and obj.pk is not None and obj.pk == request.user.pk


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin[Organisation]):
    list_display = ["name", "code", "partner_type"]
    list_filter = ["partner_type"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return False  # users and the log refer to organisations

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: ModelForm[Organisation], change: bool
    ) -> None:
        organisation_save(
            context=audit_context_of(request),
            organisation=obj,
            changed_fields=form.changed_data,
            created=not change,
        )


class UserRoleInline(admin.StackedInline[UserRole, User]):
    """A user's roles; read-only on one's own account (nobody changes their own rights).

    Stacked, not tabular: each select then has its own label (axe: select-name).
    """

    model = UserRole
    extra = 1

    def has_add_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return not _is_self(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(  # type: ignore[override]  # as the stubs' own InlineModelAdmin
        self, request: HttpRequest, obj: User | None = None
    ) -> bool:
        return not _is_self(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(  # type: ignore[override]  # as the stubs' own InlineModelAdmin
        self, request: HttpRequest, obj: User | None = None
    ) -> bool:
        return not _is_self(request, obj) and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(AuditedAdmin[User], DjangoUserAdmin[User]):
    inlines = [UserRoleInline]
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "roles__role", "is_active", "is_staff"]
    list_select_related = ["organisation"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Organisation"), {"fields": ("organisation",)}),
    )
    # One form makes a working account: name, organisation and (in the inline) its roles.
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Organisation"), {"fields": ("organisation",)}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            fields += ["is_superuser", "groups", "user_permissions"]
        if _is_self(request, obj):
            fields += ["organisation", "is_active", "is_staff"]
        return list(dict.fromkeys(fields))

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        # A superuser's account (its password included) is not for an administrator to edit.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        user_save(
            context=audit_context_of(request),
            user=obj,
            changed_fields=[name for name in form.changed_data if name not in _M2M_FIELDS],
            created=not change,
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not UserRole:
            super().save_formset(request, form, formset, change)
            return
        _roles_save(request, form.instance, formset)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        # Success is the redirect to the user's page; a redirect to the form itself is not.
        if (
            request.method == "POST"
            and response.status_code == 302
            and response["Location"] != request.get_full_path()
        ):
            user = self.get_object(request, unquote(id))
            if user is not None:
                user_password_changed(context=audit_context_of(request), user=user)
        return response


_M2M_FIELDS = frozenset({"groups", "user_permissions"})


def _roles_save(
    request: HttpRequest, user: User, formset: BaseInlineFormSet[Any, Any, Any]
) -> None:
    """Apply the roles inline through the services: revoke, grant, or request approval."""
    context = audit_context_of(request)
    formset.save(commit=False)
    revoke = [row.role for row in formset.deleted_objects]
    grant = [row.role for row in formset.new_objects]
    for row, _fields in formset.changed_objects:
        previous = UserRole.objects.filter(pk=row.pk).values_list("role", flat=True).first()
        if previous is not None and previous != row.role:
            revoke.append(previous)
            grant.append(row.role)
    try:
        for role in revoke:
            user_role_revoke(context=context, user=user, role=role)
        for role in grant:
            if user_role_grant(context=context, user=user, role=role) is GrantOutcome.PENDING:
                messages.warning(
                    request,
                    _t(
                        "The role %(role)s takes effect only after a second administrator "
                        "approves it (Requests for privileged rights)."
                    )
                    % {"role": Role(role).label},
                )
    except RightsRefused as refusal:
        messages.error(request, refusal.message)


@admin.register(PrivilegeRequest)
class PrivilegeRequestAdmin(AuditedAdmin[PrivilegeRequest]):
    """Pending and decided requests; another administrator approves or rejects them here."""

    list_display = ["created_at", "target", "what", "requester", "outcome", "decided_by"]
    list_filter = ["outcome"]
    list_select_related = ["target", "requester", "decided_by", "table"]
    readonly_fields = [
        "requester",
        "target",
        "role",
        "table",
        "created_at",
        "outcome",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "reject"]

    @admin.display(description=_("right"))
    def what(self, obj: PrivilegeRequest) -> str:
        if obj.table is not None:
            return _t("Representative of %(table)s") % {"table": obj.table}
        return str(Role(obj.role).label)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests come from granting a role or a table membership

    def has_delete_permission(
        self, request: HttpRequest, obj: PrivilegeRequest | None = None
    ) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: PrivilegeRequest | None = None
    ) -> bool:
        # The list's actions need it; a single request is never edited by hand.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Approve the selected requests"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[PrivilegeRequest]) -> None:
        _decide_all(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected requests"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[PrivilegeRequest]) -> None:
        _decide_all(request, queryset, approve=False)


def _decide_all(
    request: HttpRequest, queryset: QuerySet[PrivilegeRequest], *, approve: bool
) -> None:
    context = audit_context_of(request)
    decide = privilege_request_approve if approve else privilege_request_reject
    done = 0
    refusals: set[str] = set()
    for request_id in queryset.values_list("pk", flat=True):
        try:
            decide(context=context, request_id=request_id)
        except RightsRefused as refusal:
            refusals.add(refusal.message)
        else:
            done += 1
    if done:
        messages.success(request, _t("Requests decided: %(count)d.") % {"count": done})
    for message in sorted(refusals):
        messages.error(request, message)
