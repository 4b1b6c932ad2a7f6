"""Reads of accounts: the second-factor pages, and what waits for an administrator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import (
    ActivationCode,
    PrivilegeRequest,
    RequestOutcome,
    TwoFactorReset,
    User,
)


@dataclass(frozen=True)
class TwoFactorStatus:
    user: User
    has_app: bool
    backup_codes_left: int
    activation_valid_until: datetime | None


def _with_status(users: QuerySet[User]) -> QuerySet[User]:
    now = timezone.now()
    return users.select_related("organisation").annotate(
        has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        backup_left=Count(
            "staticdevice__token_set", filter=Q(staticdevice__confirmed=True), distinct=True
        ),
        activation_until=Max(
            "activation_codes__expires_at",
            filter=Q(activation_codes__used_at__isnull=True, activation_codes__expires_at__gt=now),
        ),
    )


def _status(user: User) -> TwoFactorStatus:
    return TwoFactorStatus(
        user=user,
        has_app=bool(getattr(user, "has_app", False)),
        backup_codes_left=int(getattr(user, "backup_left", 0)),
        activation_valid_until=getattr(user, "activation_until", None),
    )


def two_factor_overview() -> list[TwoFactorStatus]:
    """Every account with the state of its second factor, by user name."""
    return [_status(user) for user in _with_status(User.objects.order_by("username"))]


def two_factor_status(*, user_id: int) -> TwoFactorStatus | None:
    user = _with_status(User.objects.filter(pk=user_id)).first()
    return None if user is None else _status(user)


def two_factor_resets(*, user: User) -> QuerySet[TwoFactorReset]:
    return TwoFactorReset.objects.filter(user=user).select_related("performed_by")


def activation_code_pending(*, user: User) -> ActivationCode | None:
    row: ActivationCode | None = (
        ActivationCode.objects.filter(
            user=user, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )
    return row


def pending_totp_device(*, user: User, device_id: int) -> TOTPDevice | None:
    """The unconfirmed authenticator of a set-up in progress, if it is the user's own."""
    return TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()


@dataclass(frozen=True)
class PendingRequests:
    total: int  # requests for privileged rights that wait for a decision
    decidable: int  # of which this administrator may decide (neither requester nor target)


def privilege_requests_pending(*, user: User) -> PendingRequests:
    """How many requests wait, and how many of them ``user`` may decide (one query)."""
    counts = PrivilegeRequest.objects.filter(outcome=RequestOutcome.PENDING).aggregate(
        total=Count("pk"),
        decidable=Count("pk", filter=~Q(requester=user) & ~Q(target=user)),
    )
    return PendingRequests(total=counts["total"], decidable=counts["decidable"])


def users_without_role() -> int:
    """Active users who hold no role (they see nothing but their home page)."""
    return User.objects.filter(is_active=True, roles__isnull=True).count()
