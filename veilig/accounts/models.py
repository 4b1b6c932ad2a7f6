"""Organisations (partners), users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.accounts.roles import PartnerType, Role


class Organisation(models.Model):
    """A partner of the safety partnership: the municipality, police, care, housing, ..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    partner_type = models.CharField(_("partner type"), max_length=32, choices=PartnerType.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A professional user, member of exactly one organisation (none only for superusers)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def role_codes(self) -> frozenset[str]:
        """The codes of this user's roles, cached for the life of the object."""
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_codes()


class UserRole(models.Model):
    """One role held by a user. A user may hold several (e.g. partner and team member)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_userrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class RequestOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PrivilegeRequest(models.Model):
    """A privileged grant that waits for a second administrator (separation of duties).

    Either a role (``role``) or representation of a radicalisation table (``table``). The grant
    takes effect only when an administrator other than the requester and the target approves.
    """

    requester = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="privilege_requests",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    table = models.ForeignKey(
        "cases.Table",
        verbose_name=_("case table"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=RequestOutcome.choices,
        default=RequestOutcome.PENDING,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request for a privileged right")
        verbose_name_plural = _("requests for privileged rights")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(table__isnull=True) & ~models.Q(role=""))
                    | (models.Q(table__isnull=False) & models.Q(role=""))
                ),
                name="accounts_privilegerequest_role_or_table",
            ),
            # One open request per grant: a second click does not make a second request.
            models.UniqueConstraint(
                fields=["target", "role"],
                condition=models.Q(outcome="pending", table__isnull=True),
                name="accounts_privilegerequest_one_pending_role",
            ),
            models.UniqueConstraint(
                fields=["target", "table"],
                condition=models.Q(outcome="pending", table__isnull=False),
                name="accounts_privilegerequest_one_pending_table",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} – {self.what_code()}"

    def what_code(self) -> str:
        """The grant as an audit code: ``role:coordinator`` or ``table:<id>``."""
        return f"role:{self.role}" if self.table_id is None else f"table:{self.table_id}"


class ActivationCode(models.Model):
    """A one-time code with which a user without a device may set up two-factor authentication.

    Issued by a functional administrator and handed over out of band (in person, by phone), so
    that the password alone never suffices to enrol. Only a SHA-256 hash of the code is kept.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="activation_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")

    def __str__(self) -> str:
        return f"{self.user} – {self.issued_at:%Y-%m-%d %H:%M}"


class TwoFactorReset(models.Model):
    """An administrator's reset of a user's second factor, with the written reason.

    The reason is free text and so stays here, never in the audit row (which names this record).
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="two_factor_resets"
    )
    performed_by = models.ForeignKey(
        User,
        verbose_name=_("performed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    performed_at = models.DateTimeField(_("performed at"))
    reason = models.TextField(_("reason"))
    activation_code = models.OneToOneField(
        ActivationCode,
        verbose_name=_("activation code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reset",
    )

    class Meta:
        ordering = ["-performed_at"]
        verbose_name = _("reset of two-factor authentication")
        verbose_name_plural = _("resets of two-factor authentication")

    def __str__(self) -> str:
        return f"{self.user} – {self.performed_at:%Y-%m-%d %H:%M}"
