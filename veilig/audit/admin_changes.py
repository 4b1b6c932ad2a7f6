"""Every change made in ``/beheer/`` is an audit row: who changed which configuration, and how.

``AuditedAdmin`` is the one place: the admin site (``veilig.web.admin_site``) mixes it into every
model admin it registers, so no admin can forget it. A row names the model by a code
(``routing_rule``, ``team_membership``: the model's class name in snake case, or the admin's
``audit_object_type``), the object's id and, for a change, the names of the changed fields, one
row per field (``field:<name>``), as the services of users, organisations and case tables
already do. Never a value: a value may be personal data.

Admins whose saves go through a service that writes its own rows (users, organisations, case
tables) subclass ``AuditedAdmin`` themselves and override ``save_model``; the mixin then still
logs their inlines and deletions.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any, ClassVar, TypeVar

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from veilig.audit.context import AuditContext, audit_context_of
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditAction
from veilig.audit.services import audit_record

_M = TypeVar("_M", bound=Model)
# Before a capital that follows a small letter or digit, or that starts a word after capitals.
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def object_type_of(model: type[Model]) -> str:
    """The audit code of a model: ``RoutingRule`` -> ``routing_rule``, ``DBTask`` -> ``db_task``."""
    return _WORD_START.sub("_", model.__name__).lower()


def configuration_saved(
    *,
    context: AuditContext,
    object_type: str,
    object_id: str | int,
    created: bool,
    fields: Collection[str] = (),
    detail: str = "",
) -> None:
    """A created object is one ``create`` row; a change one ``update`` row per changed field."""
    if created:
        audit_record(
            context=context,
            action=AuditAction.CREATE,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )
        return
    for name in sorted(set(fields)):
        code = f"field:{name}"
        audit_record(
            context=context,
            action=AuditAction.UPDATE,
            object_type=object_type,
            object_id=object_id,
            detail=detail_join(code, detail),
        )


def configuration_deleted(
    *, context: AuditContext, object_type: str, object_ids: Iterable[str | int], detail: str = ""
) -> None:
    for object_id in object_ids:
        audit_record(
            context=context,
            action=AuditAction.DELETE,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )


class AuditedAdmin(admin.ModelAdmin[_M]):
    """Writes the audit rows of the admin's own saves, inline saves and deletions."""

    audit_object_type: ClassVar[str] = ""

    def _object_type(self) -> str:
        return self.audit_object_type or object_type_of(self.model)

    def save_model(self, request: HttpRequest, obj: _M, form: ModelForm[_M], change: bool) -> None:
        super().save_model(request, obj, form, change)
        configuration_saved(
            context=audit_context_of(request),
            object_type=self._object_type(),
            object_id=obj.pk,
            created=not change,
            fields=form.changed_data,
        )

    def delete_model(self, request: HttpRequest, obj: _M) -> None:
        object_id = obj.pk
        super().delete_model(request, obj)
        configuration_deleted(
            context=audit_context_of(request),
            object_type=self._object_type(),
            object_ids=[object_id],
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[_M]) -> None:
        object_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        configuration_deleted(
            context=audit_context_of(request),
            object_type=self._object_type(),
            object_ids=object_ids,
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """An inline's rows name its own object and, in ``detail``, the parent being edited."""
        deleted_ids = [f.instance.pk for f in formset.deleted_forms if f.instance.pk is not None]
        super().save_formset(request, form, formset, change)
        context = audit_context_of(request)
        object_type = object_type_of(formset.model)
        parent = f"{self._object_type()}:{form.instance.pk}"
        for obj in formset.new_objects:
            configuration_saved(
                context=context,
                object_type=object_type,
                object_id=obj.pk,
                created=True,
                detail=parent,
            )
        for obj, fields in formset.changed_objects:
            configuration_saved(
                context=context,
                object_type=object_type,
                object_id=obj.pk,
                created=False,
                fields=fields,
                detail=parent,
            )
        configuration_deleted(
            context=context, object_type=object_type, object_ids=deleted_ids, detail=parent
        )
