"""Sources (mapping and theme map) are configuration; imports are read-only history."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from veilig.events.models import EventSource, ImportRun


@admin.register(EventSource)
class EventSourceAdmin(admin.ModelAdmin[EventSource]):
    list_display = ("name", "code", "format")
    search_fields = ("name", "code")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    list_display = (
        "started_at",
        "file_name",
        "source",
        "status",
        "created",
        "updated",
        "unchanged",
        "rejected",
    )
    list_filter = ("status", "source")
    exclude = ("rejections",)
    readonly_fields = (
        "source",
        "file_name",
        "started_by",
        "status",
        "rows_total",
        "rows_done",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "outside_area",
        "stored_path",
        "message",
        "started_at",
        "finished_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False
