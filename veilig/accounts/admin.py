from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import Organisation, User, UserRole


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "code", "partner_type"]
    list_filter = ["partner_type"]
    search_fields = ["name", "code"]


class UserRoleInline(admin.TabularInline[UserRole, User]):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    inlines = [UserRoleInline]
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "roles__role", "is_active", "is_staff"]
    list_select_related = ["organisation"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Organisation"), {"fields": ("organisation",)}),
    )
