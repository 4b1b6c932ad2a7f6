"""Veiliger Wijkteams, street signals, routing rules and early-warning (vroegsignalering).

Rows are written only by ``veilig.signals.services`` and opened only through
``veilig.access.signals``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import Organisation
from veilig.cases.models import Case, DocumentStorage
from veilig.geo.models import Area, AreaLevel
from veilig.registry.models import Address, Person
from veilig.signals.vocabulary import (
    EarlyRecipient,
    EarlyRuleKind,
    EarlySignalStatus,
    LocationMethod,
    Priority,
    SignalSource,
    SignalStatus,
    TeamFunction,
)


def _photo_storage() -> FileSystemStorage:
    # Outside the static and media roots: only the access-checked view serves these files.
    return DocumentStorage(subfolder="signals")


class Team(models.Model):
    """A Veiliger Wijkteam: police, enforcement (BOA) and area management of one stadsdeel."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="teams",
        limit_choices_to={"level": AreaLevel.STADSDEEL},
    )
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMembership",
        related_name="teams",
        verbose_name=_("members"),
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighbourhood team")
        verbose_name_plural = _("neighbourhood teams")

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    function = models.CharField(_("function"), max_length=20, choices=TeamFunction.choices)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="signals_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_function_display()}"


class Category(models.Model):
    """A node of the signal category tree. Children of a restricted category are restricted."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Only members of the radicalisation table see signals of this category."),
    )
    event_themes = models.JSONField(
        _("event themes"),
        default=list,
        blank=True,
        help_text=_("Themes of imported events that count as this category in early warning."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("signal category")
        verbose_name_plural = _("signal categories")

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if self.parent_id is not None and self.parent is not None and self.parent.restricted:
            self.restricted = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class RoutingRule(models.Model):
    """Area × category × time of day × source → team or partner. Evaluated by ``order``;
    the first active rule that matches wins. An empty condition matches everything."""

    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("A district, neighbourhood or quarter; empty: everywhere."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Includes its subcategories; empty: every category."),
    )
    time_from = models.TimeField(_("from (time of day)"), null=True, blank=True)
    time_until = models.TimeField(
        _("until (time of day)"),
        null=True,
        blank=True,
        help_text=_("A window may pass midnight, e.g. 22:00–06:00. Empty: all day."),
    )
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=SignalSource.choices,
        blank=True,
        help_text=_("Empty: every source."),
    )
    target_team = models.ForeignKey(
        Team,
        verbose_name=_("to team"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    target_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("to partner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    deadline_hours = models.PositiveIntegerField(_("deadline (hours)"), default=72)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_team__isnull=False, target_organisation__isnull=True)
                    | models.Q(target_team__isnull=True, target_organisation__isnull=False)
                ),
                name="signals_rule_one_target",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(time_from__isnull=True, time_until__isnull=True)
                    | models.Q(time_from__isnull=False, time_until__isnull=False)
                ),
                name="signals_rule_time_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Signal(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="signals"
    )
    occurred_at = models.DateTimeField(_("time"))
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    source = models.CharField(_("source"), max_length=16, choices=SignalSource.choices)
    description = models.TextField(_("description"))
    rd_x = models.FloatField()
    rd_y = models.FloatField()
    lat = models.FloatField()
    lon = models.FloatField()
    location_method = models.CharField(
        _("location from"), max_length=8, choices=LocationMethod.choices
    )
    buurt_code = models.CharField(max_length=16, blank=True, db_index=True)
    wijk_code = models.CharField(max_length=16, blank=True)
    stadsdeel_code = models.CharField(max_length=16, blank=True, db_index=True)
    gemeente_code = models.CharField(max_length=16, blank=True)
    address = models.ForeignKey(
        Address,
        verbose_name=_("address"),
        on_delete=models.PROTECT,
        related_name="signals",
        null=True,
        blank=True,
    )
    persons = models.ManyToManyField(
        Person, verbose_name=_("persons involved"), related_name="signals", blank=True
    )
    addresses = models.ManyToManyField(
        Address,
        verbose_name=_("addresses involved"),
        related_name="involved_in_signals",
        blank=True,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="signals_reported",
        null=True,
        blank=True,
    )
    reporting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="signals_reported",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    routed_by = models.ForeignKey(
        RoutingRule,
        verbose_name=_("routed by rule"),
        on_delete=models.SET_NULL,
        related_name="signals",
        null=True,
        blank=True,
    )
    routed_rule_name = models.CharField(_("rule name at routing"), max_length=200, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="signals",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="signals_routed",
        null=True,
        blank=True,
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        related_name="signals",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(fields=["stadsdeel_code", "occurred_at"], name="signals_area_time"),
            models.Index(fields=["status", "deadline_at"], name="signals_status_deadline"),
            models.Index(fields=["occurred_at"], name="signals_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"


class SignalPhoto(models.Model):
    """A photo, re-encoded without any metadata (EXIF, GPS, XMP, ICC) at upload."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=_photo_storage, upload_to="%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"photo {self.pk} of signal {self.signal_id}"


class StatusChange(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=SignalStatus.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class EarlyWarningRule(models.Model):
    """A configurable vroegsignalering rule: a kind with its parameters (see docs/signals.md)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=EarlyRuleKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    recipient = models.CharField(
        _("for"),
        max_length=16,
        choices=EarlyRecipient.choices,
        default=EarlyRecipient.COORDINATOR,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("early-warning rule")
        verbose_name_plural = _("early-warning rules")

    def __str__(self) -> str:
        return self.name


class EarlySignal(models.Model):
    """One hit of an early-warning rule with its evidence; deduplicated per rule and subject."""

    rule = models.ForeignKey(
        EarlyWarningRule, on_delete=models.CASCADE, related_name="early_signals"
    )
    subject_key = models.CharField(max_length=64, blank=True, db_index=True)
    address = models.ForeignKey(
        Address, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, related_name="early_signals", null=True, blank=True
    )
    stadsdeel_code = models.CharField(max_length=16, blank=True)
    buurt_code = models.CharField(max_length=16, blank=True)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    signal_ids = models.JSONField(default=list)
    event_ids = models.JSONField(default=list)
    # Rule and counts only: never the subject (the page names it within the viewer's access).
    summary = models.CharField(max_length=255)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EarlySignalStatus.choices,
        default=EarlySignalStatus.NEW,
    )
    # The case registered from this early signal ("casus aanmelden"), shown to who may see it.
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        related_name="early_signals",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-window_end", "-pk"]
        verbose_name = _("early signal")
        verbose_name_plural = _("early signals")
        indexes = [models.Index(fields=["rule", "subject_key"], name="signals_early_rule_key")]

    def __str__(self) -> str:
        return self.summary

    @property
    def evidence_count(self) -> int:
        return len(self.signal_ids) + len(self.event_ids)


class EarlySignalStatusChange(models.Model):
    """Who moved an early signal to which status, when, and why (the note)."""

    early_signal = models.ForeignKey(
        EarlySignal, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=EarlySignalStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=EarlySignalStatus.choices)
    note = models.TextField(_("note"), blank=True)
    # Empty for a change by the platform itself (new evidence reopens a closed early signal).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change of an early signal")
        verbose_name_plural = _("status changes of early signals")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
