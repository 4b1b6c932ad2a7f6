"""The admin site of ``/beheer/``: audited changes, the styled 403 and one sign-in page.

- Every model admin registered here gets ``AuditedAdmin`` mixed in (unless it is one already),
  so every add, change and delete writes its audit rows, whichever app registers the admin.
- A signed-in user who may use nothing here (no staff status, or staff without any
  permission) gets the site's 403 page, not Django's login form or an empty index.
- Anonymous visitors go to the site's own sign-in page (password and second factor); the
  admin's login form is not used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from veilig.accounts.models import User
from veilig.audit.admin_changes import AuditedAdmin

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


def audited(admin_class: type[admin.ModelAdmin[Any]]) -> type[admin.ModelAdmin[Any]]:
    """``admin_class`` with the audit mixin in front (itself when it has it already)."""
    if issubclass(admin_class, AuditedAdmin):
        return admin_class
    return type(
        admin_class.__name__,
        (AuditedAdmin, admin_class),
        {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
    )


class VeiligAdminSite(admin.AdminSite):
    site_header = _("Veilig – management")
    site_title = _("Veilig management")
    index_title = _("Configuration")

    def register(
        self,
        model_or_iterable: type[Model] | Iterable[type[Model]],
        admin_class: type[admin.ModelAdmin[Any]] | None = None,
        **options: Any,
    ) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)

    def has_permission(self, request: HttpRequest) -> bool:
        """Staff who may use at least one thing here (a superuser, or any permission)."""
        user = request.user
        if not (isinstance(user, User) and user.is_active and user.is_staff):
            return False
        return user.is_superuser or bool(user.get_all_permissions())

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path())
            return inner(request, *args, **kwargs)

        return cast(_View, update_wrapper(never_cache(guarded), inner))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("admin:index", current_app=self.name))
        if not self.has_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
