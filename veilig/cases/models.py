"""Veiligheidshuis cases: case tables, registration, participants, contributions, plan, actions,
documents.

Rows are written only by ``veilig.cases.services`` and read only through ``veilig.access``.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.accounts.models import Organisation
from veilig.cases.table_member import TableMember as TableMember
from veilig.cases.vocabulary import (
    ActionStatus,
    DataCategory,
    LegalBasis,
    MeetingRhythm,
    Scope,
    Status,
    SubjectInformedWhen,
    Theme,
    Weekday,
)
from veilig.geo.models import Area
from veilig.registry.models import Person


class Table(models.Model):
    """A case table (overlegtafel): the covenant as configuration.

    It declares its member organisations (each with its legal basis and the data categories it
    may see, ``TableMember``) and their representatives, the chair and the meeting rhythm, the
    retention period and whether and when the subject is informed. Access follows it:
    membership of the radicalisation table is what opens radicalisation cases, and a member's
    categories are what it reads of the other organisations' items (docs/tables.md).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    member_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("member organisations"),
        related_name="tables",
        blank=True,
        through=TableMember,
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        related_name="tables",
        blank=True,
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        related_name="chaired_tables",
        null=True,
        blank=True,
    )
    meeting_rhythm = models.CharField(
        _("meeting rhythm"),
        max_length=16,
        choices=MeetingRhythm.choices,
        default=MeetingRhythm.AS_NEEDED,
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        _("meeting day"), choices=Weekday.choices, null=True, blank=True
    )
    retention_months = models.PositiveSmallIntegerField(_("retention (months)"), default=60)
    subject_informed = models.BooleanField(_("subject is informed"), default=True)
    subject_informed_when = models.CharField(
        _("when the subject is informed"),
        max_length=24,
        choices=SubjectInformedWhen.choices,
        blank=True,
    )
    subject_not_informed_reason = models.TextField(_("why the subject is not informed"), blank=True)

    class Meta:
        # Kept from when tables lived in the consultations app: no data had to move.
        db_table = "consultations_table"
        ordering = ["name"]
        verbose_name = _("case table")
        verbose_name_plural = _("case tables")

    def __str__(self) -> str:
        return self.name

    @property
    def is_radicalisation(self) -> bool:
        return self.theme == Theme.RADICALISATION

    def clean(self) -> None:
        """Not informing the subject is an exception of the covenant: it needs its reason."""
        super().clean()
        if not self.subject_informed and not self.subject_not_informed_reason.strip():
            reason = ValidationError(
                _("Give the reason why the subject is not informed."), code="reason_required"
            )
            raise ValidationError({"subject_not_informed_reason": reason})


class DocumentStorage(FileSystemStorage):
    """Case documents and signal photos, outside the static and media roots: no URL serves them;
    only the access-checked views do. The folder is read from settings at use time (tests move
    it)."""

    def __init__(self, subfolder: str = "") -> None:
        super().__init__()
        self.subfolder = subfolder

    @property
    def base_location(self) -> str:
        return os.path.join(settings.DOCUMENTS_ROOT, self.subfolder)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("case documents have no URL; serve them through access_document")


def _document_storage() -> FileSystemStorage:
    return DocumentStorage()


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    subject = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    # The person as the registrant gave them (docs/casework.md, "One person, once"): what every
    # page and API answer about this case shows, never the registry record that the
    # registration was linked to, which may hold another spelling from another case.
    subject_first_name = models.CharField(_("first name"), max_length=100, blank=True)
    subject_prefix = models.CharField(_("name prefix"), max_length=20, blank=True)
    subject_last_name = models.CharField(_("last name"), max_length=100, blank=True)
    subject_date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    subject_bsn_given = models.BooleanField(_("BSN given at registration"), default=False)
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.REGISTERED
    )
    registering_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registering partner"),
        on_delete=models.PROTECT,
        related_name="registered_cases",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_cases",
    )
    table = models.ForeignKey(
        Table,
        verbose_name=_("case table"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    stadsdeel = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason for registration"))
    crit_multi_domain = models.BooleanField(
        _("problems in several life domains leading to crime, nuisance or decline"), default=False
    )
    crit_coercion = models.BooleanField(
        _("chain cooperation with coercion and pressure is needed"), default=False
    )
    crit_surroundings = models.BooleanField(_("effects on family or surroundings"), default=False)
    crit_area_problem = models.BooleanField(_("a serious area-bound safety problem"), default=False)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["status", "theme"], name="cases_case_status_theme"),
            models.Index(fields=["registered_at"], name="cases_case_registered"),
            # The follow-up overview counts open cases registered before a moment, per status,
            # from the index alone.
            models.Index(fields=["status", "theme", "registered_at"], name="cases_case_status_reg"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def subject_full_name(self) -> str:
        """The person's name as registered with this case."""
        parts = (self.subject_first_name, self.subject_prefix, self.subject_last_name)
        return " ".join(part for part in parts if part)

    @property
    def theme_label(self) -> str:
        """The theme in words; cheaper than get_theme_display, which hashes every choice."""
        return str(Theme(self.theme).label) if self.theme in Theme.values else self.theme

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status in Status.values else self.status

    @property
    def is_confidential(self) -> bool:
        """Radicalisation cases are open only to the radicalisation table (DESIGN rule 6)."""
        return self.theme == Theme.RADICALISATION


class ParticipantRole(models.TextChoices):
    REGISTRANT = "aanmelder", _("Registering partner")
    PARTICIPANT = "deelnemer", _("Participant")
    INFORMANT = "informant", _("Informant")


class Participant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role in the case"), max_length=16, choices=ParticipantRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="cases_participant_once"),
        ]
        indexes = [models.Index(fields=["organisation", "case"], name="cases_participant_org")]

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: {self.organisation_id} ({self.role})"


class Contribution(models.Model):
    """Information a partner adds to a case (inbreng), shared within its scope."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))
    data_category = models.CharField(
        _("data category"), max_length=16, choices=DataCategory.choices
    )
    legal_basis = models.CharField(_("legal basis"), max_length=16, choices=LegalBasis.choices)
    scope = models.CharField(_("sharing scope"), max_length=16, choices=Scope.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        # The follow-up overview asks which cases had progress since a moment.
        indexes = [models.Index(fields=["created_at", "case"], name="cases_contribution_at")]

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: #{self.pk} ({self.scope})"


class Plan(models.Model):
    """The plan of action of a case; its actions hang on the case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    goals = models.TextField(_("goals"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan of action")
        verbose_name_plural = _("plans of action")

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: plan"


class Action(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    result = models.TextField(_("result"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["status", "deadline"], name="cases_action_open_deadline"),
            # The case list asks per case for its next open deadline and its overdue count.
            models.Index(fields=["case", "status", "deadline"], name="cases_action_case_open"),
            # The follow-up overview: which cases had an action made or completed since a moment.
            models.Index(fields=["created_at", "case"], name="cases_action_created"),
            models.Index(fields=["completed_at", "case"], name="cases_action_completed"),
        ]

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: #{self.pk} ({self.status})"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(storage=_document_storage, upload_to="%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data_category = models.CharField(
        _("data category"), max_length=16, choices=DataCategory.choices
    )
    scope = models.CharField(_("sharing scope"), max_length=16, choices=Scope.choices)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: #{self.pk}"


class StatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=32, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            # The follow-up overview: which cases changed status since a moment, and when each
            # case first moved into a status (the plan of action).
            models.Index(fields=["at", "case"], name="cases_statuschange_at"),
            models.Index(fields=["to_status", "case", "at"], name="cases_statuschange_to"),
        ]

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class BreakGlass(models.Model):
    """Emergency access to one case, with a written reason, limited in time, reviewed afterwards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        indexes = [models.Index(fields=["user", "case", "expires_at"], name="cases_btg_active")]

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: #{self.pk} by {self.user_id}"


class CaseVisit(models.Model):
    """When a user last opened a case's page: what "new since your last visit" is counted from.

    A bookmark, not a log: the read itself is the audit row that ``access_case`` wrote in the
    same request (docs/casework.md, "Since your last visit"). One row per user and case,
    overwritten at every visit; it goes with the case and with the user.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_visits"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("case visit")
        verbose_name_plural = _("case visits")
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="cases_visit_once"),
        ]

    def __str__(self) -> str:
        # Ids only: a string form must never carry personal data into logs.
        return f"{self.case_id}: seen by {self.user_id}"
