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
