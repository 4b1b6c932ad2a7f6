"""The append-only, hash-chained access and change log of DESIGN.md.

Each row's hash is ``SHA256(previous hash || canonical form of the row)``; the chain head keeps
the last sequence number and hash so that a truncated tail shows too. On PostgreSQL a trigger
refuses UPDATE, DELETE and TRUNCATE on the log (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    LIST = "list", _("list")
    SEARCH = "search", _("search")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    DOWNLOAD = "download", _("download")
    # Security events (sign-in, second factor, administration of rights): issue #11.
    LOGIN = "login", _("sign-in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOCKOUT = "lockout", _("lockout")
    LOGOUT = "logout", _("sign-out")
    GRANT = "grant", _("grant")
    REVOKE = "revoke", _("revoke")
    APPROVE = "approve", _("approve")
    REJECT = "reject", _("reject")


class AuditResult(models.TextChoices):
    GRANTED = "granted", _("granted")
    DENIED = "denied", _("denied")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("time (UTC)"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,  # the log outlives users; the id and name stay as recorded
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=150, blank=True)
    subject_person_id = models.BigIntegerField(_("person"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    result = models.CharField(_("result"), max_length=8, choices=AuditResult.choices)
    purpose = models.CharField(_("purpose"), max_length=64, blank=True)
    break_glass = models.BooleanField(_("break-the-glass"), default=False)
    origin = models.CharField(_("origin"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=8, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        indexes = [
            models.Index(fields=["subject_person_id", "at"], name="audit_person_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["break_glass", "at"], name="audit_break_glass"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_id} ({self.result})"


class AuditChainHead(models.Model):
    """A single row: the last sequence number and hash. Appends lock it to keep one chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    # The canonical form the whole chain is written in (veilig.audit.chain.FORMATS).
    format_version = models.PositiveSmallIntegerField(default=3)

    class Meta:
        verbose_name = _("access log head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class AuditVerification(models.Model):
    """The outcome of one verification of the whole chain (the chain page or ``audit_verify``),
    kept so that the privacy officer's home page can say when the log was last verified and
    what was found.

    Not part of the chain and no personal data: a count, a sequence number and codes. It is a
    status, not evidence: whoever can rewrite the log can rewrite this too, so the chain page
    always verifies afresh.
    """

    at = models.DateTimeField(_("verified at"))
    rows = models.BigIntegerField(_("rows verified"))
    first_bad_seq = models.BigIntegerField(_("first tampered sequence number"), null=True)
    reason = models.CharField(_("finding"), max_length=200, blank=True)  # VerifyResult.reason
    anchor_status = models.CharField(_("anchor"), max_length=16, blank=True)  # AnchorStatus
    channel = models.CharField(_("by"), max_length=8)  # "page" or "command"

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log verification")
        verbose_name_plural = _("access log verifications")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.rows} rows, first bad {self.first_bad_seq}"

    @property
    def intact(self) -> bool:
        """As ``VerifyResult.intact``: no tampered row, and the anchor (if any) agrees."""
        return self.first_bad_seq is None and self.anchor_status in ("", "none", "ok")
