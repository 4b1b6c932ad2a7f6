"""Imported incident records (police BVH, E33, BOA, resident reports) and their imports.

Events carry no names: a person appears only as a pseudonym key, an address only as a keyed
address key. Each event stores its location in RD and WGS84 and its area codes at ingest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceFormat(models.TextChoices):
    BVH = "bvh", _("Police BVH export (XLSX)")
    GENERIC = "generic", _("CSV or XLSX with a column mapping")
    POLICE_UK = "police_uk", _("data.police.uk street-level CSV")


class EventSource(models.Model):
    """A source of records with its saved column mapping (e.g. 'Politie BVH', 'BOA-registratie')."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    format = models.CharField(_("format"), max_length=16, choices=SourceFormat.choices)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    theme_map = models.JSONField(
        _("incident code → theme"),
        default=dict,
        blank=True,
        help_text=_('For example {"A72": "fietsdiefstal"}.'),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("event source")
        verbose_name_plural = _("event sources")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportPhase(models.TextChoices):
    """Where a run is, written by its job as it goes (the progress block shows it)."""

    WAITING = "waiting", _("Waiting for the worker")
    READING = "reading", _("Reading and checking rows")
    SAVING = "saving", _("Saving the rows")
    ENDED = "ended", _("Ended")


class ImportRun(models.Model):
    source = models.ForeignKey(EventSource, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(_("file name"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Imported rows whose point lies in no buurt (kept, with empty area codes).
    outside_area = models.PositiveIntegerField(default=0)
    # Where the uploaded file is kept (under VAR_DIR/imports); empty for command-line imports.
    stored_path = models.CharField(max_length=500, blank=True)
    # Rejected rows with their reasons: [{"row": 12, "external_id": "...", "reasons": ["..."]}].
    rejections = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress, written by the job (veilig/events/importing/progress.py); progress_at is its
    # heartbeat, from which the run page tells a job whose worker died (selectors).
    phase = models.CharField(
        max_length=16, choices=ImportPhase.choices, default=ImportPhase.WAITING
    )
    progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"import #{self.pk} ({self.status})"


class Event(models.Model):
    # Indexes are few on purpose: every index costs each imported row (see docs/events.md,
    # Speed). The source is the first column of the unique constraint and the theme of
    # events_theme_begin; plain indexes (Meta) instead of db_index avoid PostgreSQL's extra
    # "_like" pattern indexes, which no query needs.
    source = models.ForeignKey(
        EventSource, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    external_id = models.CharField(_("id in the source"), max_length=64)
    theme = models.CharField(_("theme"), max_length=40)
    category = models.CharField(_("category"), max_length=100, blank=True)
    incident_code = models.CharField(_("incident code"), max_length=16, blank=True)
    begin_at = models.DateTimeField(_("begin"))
    end_at = models.DateTimeField(_("end"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    rd_x = models.FloatField()
    rd_y = models.FloatField()
    lat = models.FloatField()
    lon = models.FloatField()
    buurt_code = models.CharField(max_length=16, blank=True)
    wijk_code = models.CharField(max_length=16, blank=True)
    person_key = models.CharField(_("person pseudonym"), max_length=64, blank=True)
    address_key = models.CharField(_("address pseudonym"), max_length=64, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    # Digest of the imported content: a re-import compares it (updated or unchanged).
    content_hash = models.CharField(max_length=32, blank=True)
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )

    class Meta:
        ordering = ["-begin_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="events_event_external_id"
            ),
        ]
        indexes = [
            models.Index(fields=["theme", "begin_at"], name="events_theme_begin"),
            models.Index(fields=["begin_at"], name="events_begin"),
            models.Index(fields=["buurt_code"], name="events_buurt"),
            models.Index(fields=["person_key"], name="events_person"),
            models.Index(fields=["address_key"], name="events_address"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"
